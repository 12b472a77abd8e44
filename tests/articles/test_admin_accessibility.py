"""The editors' admin pages pass axe-core's WCAG 2.1 A/AA rules and work from the keyboard, wide and narrow.

Signed in as an editor (the `create_editor` kind: staff, in the editors group, not a superuser), with a parsed
article that has facts, so that the review shows. Every page is checked at 1440×900 and at 390×844: axe
(tests/accessibility.py), a walk with Tab through every visible control in DOM order (none skipped, no trap,
the focus drawn), and a screenshot at 200 % zoom — a 720×450 CSS viewport drawn at device_scale_factor=2,
which is what a 1440×900 window zoomed to 200 % lays out — in artifacts/screenshots/a11y/.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from articles import uploads
from articles.models import Article
from config import health
from tests.accessibility import WIDTHS, assert_no_violations, keyboard_walk, zoomed_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

KRASNOYARSK = "004_4e84a349bc7b2819.txt"  # a seed the parser finds regions and a trade figure in

# --- the editor's pages ---------------------------------------------------------------------------------------

def editor_with_pages(seed_bytes) -> dict[str, str]:
    """An editor (create_editor), a parsed article with facts, a failed one and a file uploaded twice."""
    call_command("create_editor", "a11y-editor", "--password", "pw-for-tests-123", "--email", "a@example.com",
                 stdout=io.StringIO())
    batch = uploads.store_batch([uploads.Incoming(KRASNOYARSK, seed_bytes[KRASNOYARSK]),
                                 uploads.Incoming("notes.pdf", b"%PDF-1.4"),
                                 uploads.Incoming("again.txt", seed_bytes[KRASNOYARSK])])
    article = Article.objects.get(batch=batch, original_filename=KRASNOYARSK)
    assert article.articleregion_facts.exists(), "no facts: the review would not show"
    figure = article.tradefigure_facts.first()
    assert figure is not None, "no trade figure: the correct form would not show"
    return {
        "index": reverse("admin:index"),
        "article-list": reverse("admin:articles_article_changelist"),
        "article-review": reverse("admin:articles_article_change", args=[article.pk]),
        # The review's own forms: add a fact, correct one (the fact admin's form, returning to the review).
        "fact-add": reverse("admin:articles_article_fact_add", args=[article.pk, "tradefigure"]),
        "fact-correct": reverse("admin:articles_article_fact_correct", args=[article.pk, "tradefigure", figure.pk]),
        "upload": reverse("admin:articles_article_add"),
        "batch": batch.get_absolute_url(),
    }


@pytest.fixture
def signed_in(browser, live_server, client, seed_bytes, django_user_model, monkeypatch):
    """(page, paths, cookies): the editor's tab, with the health banner showing on the index."""
    monkeypatch.setattr(health, "problems", lambda: ["The task broker cannot be reached: uploads are kept."])
    paths = editor_with_pages(seed_bytes)
    user = django_user_model.objects.get(username="a11y-editor")
    assert user.is_staff and not user.is_superuser and user.groups.filter(name="editors").exists()
    client.force_login(user)
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    cookies = [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base}]
    context = browser.new_context()
    context.add_cookies(cookies)
    page = context.new_page()
    page.base = base
    yield page, paths, cookies
    context.close()


# What status.js writes once its first poll is in (its words come from the page, in the page's language).
POLLED = {"en": "Updated ", "ru": "Обновлено в "}


def check_page(page, browser, name: str, path: str, width: str, cookies: list[dict], language: str) -> None:
    page.goto(page.base + path)
    page.wait_for_load_state("networkidle")
    where = f"{name} ({language}) at {width}"
    assert page.evaluate("() => document.documentElement.lang") == language, f"{where}: lang is not {language}"
    if page.locator("[data-status-updated]").count():
        page.wait_for_function("prefix => document.querySelector('[data-status-updated]').textContent"
                               ".startsWith(prefix)", arg=POLLED[language], timeout=10_000)
    assert_no_violations(page, where)
    keyboard_walk(page, where)
    if width == "wide":
        zoomed_screenshot(browser, page.base + path, f"admin-{name}-{language}", cookies)


# The admin is in English at /admin/ and in Russian at /ru/admin/ (longer words: the layout is checked again).
LANGUAGE_PREFIXES = {"en": "", "ru": "/ru"}


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_editors_pages_pass_axe_and_the_keyboard_walk(signed_in, browser, width, language):
    page, paths, cookies = signed_in
    page.set_viewport_size(WIDTHS[width])
    failures = []
    for name, path in paths.items():
        try:
            check_page(page, browser, name, LANGUAGE_PREFIXES[language] + path, width, cookies, language)
        except AssertionError as failure:  # every page's findings at once, not only the first page's
            failures.append(str(failure))
    assert not failures, "\n\n".join(failures)


def test_the_login_page_passes_axe_and_the_keyboard_walk_with_its_error_shown(browser, live_server):
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    context = browser.new_context()
    page = context.new_page()
    try:
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            page.goto(base + reverse("admin:login"))
            assert_no_violations(page, f"login at {width}")
            keyboard_walk(page, f"login at {width}")
        page.fill("#id_username", "nobody")
        page.fill("#id_password", "wrong-password")
        page.keyboard.press("Enter")
        page.wait_for_selector(".errornote")
        assert_no_violations(page, "login with its error")
        assert page.locator("label[for=id_username]").is_visible() and page.locator("label[for=id_password]").count()
    finally:
        context.close()
    zoomed_screenshot(browser, base + reverse("admin:login"), "admin-login", [])


# upload.js's words once the upload is done, in each language (from the page: no JavaScript catalogue).
ANNOUNCED = {
    "en": ("Upload finished: 0 new, 1 uploaded before, 0 refused. The batch page's link follows.",
           "krasnoyarsk.txt: uploaded before (article "),
    "ru": ("Загрузка завершена: новых — 0, загруженных раньше — 1, отклонённых — 0. Далее — ссылка на страницу "
           "загрузки.", "krasnoyarsk.txt: уже загружена (статья "),
}


@pytest.mark.parametrize("language", LANGUAGE_PREFIXES)
def test_the_drop_zone_opens_the_file_chooser_from_the_keyboard_and_the_upload_is_announced(signed_in, seed_bytes,
                                                                                          language):
    page, _paths, _cookies = signed_in
    choosers = []
    # Listened for before the page loads: Playwright then intercepts every chooser the page opens.
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.goto(page.base + LANGUAGE_PREFIXES[language] + reverse("admin:articles_article_add"))
    zone = page.locator("[data-drop-zone]")
    assert zone.get_attribute("role") == "button" and zone.get_attribute("tabindex") == "0"
    for key in ("Enter", " "):
        zone.focus()
        page.keyboard.press(key)
        page.wait_for_timeout(200)
    assert [chooser.element.get_attribute("id") for chooser in choosers] == ["id_upload", "id_upload"]
    assert choosers[-1].is_multiple()
    choosers[-1].set_files([{"name": "krasnoyarsk.txt", "mimeType": "text/plain", "buffer": seed_bytes[KRASNOYARSK]}])
    # Upload is the next control after the form's fields: reached and pressed from the keyboard.
    page.focus("input[type=submit]")
    page.keyboard.press("Enter")
    announce = page.locator("[data-upload-announce]")
    assert announce.get_attribute("role") == "status"  # a live region: polite, read when it changes
    page.wait_for_selector("[data-batch-link]", state="visible", timeout=20_000)
    announced, line = ANNOUNCED[language]
    assert announce.text_content() == announced
    assert page.locator("[data-upload-results] li").text_content().startswith(line)
    assert page.evaluate("document.activeElement.hasAttribute('data-batch-link')")  # the focus was not lost
    assert page.locator("[data-upload-progress]").get_attribute("aria-label")
    assert_no_violations(page, "the upload page after an upload")
    keyboard_walk(page, "the upload page after an upload")


def test_the_upload_forms_errors_are_tied_to_their_fields(signed_in):
    page, _paths, _cookies = signed_in
    page.goto(page.base + reverse("admin:articles_article_add"))
    page.fill("#id_source_url", "not an address")  # nothing to send: the script lets the form post itself
    page.click("input[type=submit]")
    page.wait_for_selector("#id_source_url_error")
    described = page.get_attribute("#id_source_url", "aria-describedby").split()
    assert "id_source_url_error" in described and page.get_attribute("#id_source_url", "aria-invalid") == "true"
    for field in ("upload", "pasted_text", "source_name", "published_override"):
        for target in page.get_attribute(f"#id_{field}", "aria-describedby").split():
            assert page.locator(f"#{target}").count() == 1, f"{field} is described by a missing #{target}"
    assert_no_violations(page, "the upload page with an error")
