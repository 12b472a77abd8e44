"""The editors' pages in a real browser (Debian's chromium, driven by Playwright) against a live server.

The status counts refresh by themselves, without a reload; uploaded markup never runs.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from articles import services, uploads
from articles.models import Article, Status

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture
def editor_page(browser, live_server, client, editor):
    """A logged-in editor's browser tab; records script dialogs and errors."""
    client.force_login(editor)
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    context = browser.new_context()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME]
                          .value, "url": base}])
    page = context.new_page()
    page.seen = {"dialogs": [], "errors": [], "offsite": []}
    page.on("dialog", lambda dialog: (page.seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.seen["errors"].append(str(error)))
    page.on("request", lambda r: urlsplit(r.url).hostname != "127.0.0.1" and page.seen["offsite"].append(r.url))
    page.base = base
    yield page
    context.close()


def count_shown(page, status: str) -> str:
    return page.locator(f'[data-count="{status}"]').first.text_content()


def test_the_batch_page_counts_move_without_a_reload(editor_page, seed_bytes, monkeypatch):
    monkeypatch.setattr(services, "send_batch", lambda runs, message_id: None)  # the test is the worker
    items = [uploads.Incoming(name, raw) for name, raw in sorted(seed_bytes.items())[:3]]
    batch = uploads.store_batch(items)
    page = editor_page
    page.goto(page.base + batch.get_absolute_url())
    page.evaluate("window.__loadedOnce = true")
    assert count_shown(page, "queued") == "3" and count_shown(page, "parsed") == "0"

    for article in Article.objects.filter(batch=batch):
        services.run_parse(article.pk, article.parse_runs.get().pk)
    page.wait_for_function("document.querySelector('[data-count=\"parsed\"]').textContent === '3'", timeout=20_000)
    assert count_shown(page, "queued") == "0"
    assert page.evaluate("window.__loadedOnce") is True  # the same page: not reloaded
    badges = page.locator("[data-article-status]").all_text_contents()
    assert badges == ["Parsed"] * 3
    assert "Updated" in page.locator("[data-status-updated]").text_content()
    assert page.seen == {"dialogs": [], "errors": [], "offsite": []}


def test_uploaded_markup_never_runs_in_the_editors_pages(editor_page, django_user_model):
    payload = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1;alert(2)</script>'
    html = f"<html><head><title>T {payload}</title></head><body><h1>Omsk {payload}</h1><p>Belarus and Omsk " \
           f"Oblast trade grew. {payload}</p></body></html>"
    batch = uploads.store_batch([uploads.Incoming(f"x{payload}.html", html.encode()),
                                 uploads.Incoming("y.txt", f"{payload} Omsk\n\nBelarus and Omsk {payload}".encode())])
    page = editor_page
    for article in Article.objects.all():
        assert article.status in (Status.PARSED, Status.FAILED)
        for path in (reverse("admin:articles_article_change", args=[article.pk]),
                     reverse("admin:articles_article_changelist"), batch.get_absolute_url()):
            page.goto(page.base + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__xss") is None, path
    assert page.seen["dialogs"] == [] and page.seen["errors"] == []
