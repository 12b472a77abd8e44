"""The upload page in Chromium: files dropped on it are sent one at a time, with progress and a result each."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from articles.models import Article, UploadBatch
from tests.articles.test_browser import editor_page  # noqa: F401 - the signed-in editor's tab

pytestmark = pytest.mark.django_db(transaction=True)

DROP = """([files, tooBig]) => {
  const dt = new DataTransfer();
  for (const [name, text] of files) { dt.items.add(new File([text], name, {type: "text/plain"})); }
  const zone = document.querySelector("[data-drop-zone]");
  zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
}"""


def test_dropped_files_show_progress_and_a_result_each(editor_page, seed_bytes):  # noqa: F811 - the fixture
    page = editor_page
    page.goto(page.base + reverse("admin:articles_article_add"))
    assert page.locator("[data-drop-zone]").is_visible()
    files = [[name, raw.decode()] for name, raw in sorted(seed_bytes.items())[:2]] + [["notes.pdf", "%PDF"]]
    page.evaluate(DROP, [files, False])
    assert "3 dropped" in page.locator("[data-dropped]").text_content()

    page.click("input[type=submit]")
    assert page.locator("[data-upload-panel]").is_visible()
    page.wait_for_function("document.querySelectorAll('[data-upload-results] li').length === 3", timeout=30_000)
    outcomes = page.locator("[data-upload-results] li").evaluate_all("els => els.map(e => e.dataset.outcome)")
    assert outcomes == ["new", "new", "refused"]
    assert "only .txt, .html and .zip" in page.locator("[data-upload-results] li").nth(2).text_content()
    page.wait_for_selector("[data-batch-link]", state="visible")
    progress = page.locator("[data-upload-progress]")
    total = sum(len(text.encode()) for _name, text in files)
    assert json.loads(progress.evaluate("p => JSON.stringify([p.value, p.max])")) == [total, total]
    assert "sent" in page.locator("[data-upload-bytes]").text_content()
    assert "2 new, 0 uploaded before, 1 refused" in page.locator("[data-upload-summary]").text_content()

    batch = UploadBatch.objects.get()
    assert page.locator("[data-batch-link]").get_attribute("href") == batch.get_absolute_url()
    assert Article.objects.filter(batch=batch).count() == 2 and len(batch.report) == 3
    page.click("[data-batch-link]")
    page.wait_for_url(f"**{batch.get_absolute_url()}")
    assert page.seen == {"dialogs": [], "errors": [], "offsite": []}
