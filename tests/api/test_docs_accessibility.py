"""The API's documentation pages pass axe-core's WCAG 2.1 A/AA rules and work from the keyboard, wide and narrow.

Swagger UI (/api/v1/docs/), ReDoc (/api/v1/docs/redoc/) and the guide (/api/v1/docs/guide/, docs/api.md as HTML
for a browser): axe (tests/accessibility.py) at 1440×900 and 390×844, once rendered and once with an operation
opened; a walk with Tab through every visible control (tests/accessibility.py); a
screenshot at 200 % zoom (a 720×450 viewport at device_scale_factor=2) in artifacts/screenshots/a11y/.
The pages keep their Content-Security-Policy: axe is injected through the DevTools protocol.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.accessibility import WIDTHS, assert_no_violations, keyboard_walk, zoomed_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

# Each page, and what shows it has rendered (the two UIs draw the schema with scripts after loading).
PAGES = {
    "swagger-ui": ("/api/v1/docs/", ".opblock-summary-control"),
    "redoc": ("/api/v1/docs/redoc/", "[data-section-id]"),
    "guide": ("/api/v1/docs/guide/", "main h1"),
}


@pytest.fixture
def docs_page(browser, live_server):
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    context = browser.new_context()
    page = context.new_page()
    page.base = base
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def open_docs(page, name: str) -> None:
    path, rendered = PAGES[name]
    response = page.goto(page.base + path)
    assert response.status == 200
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), f"{name} lost its CSP"
    page.wait_for_selector(rendered, timeout=30_000)
    page.wait_for_load_state("networkidle")


def open_an_operation(page, name: str) -> None:
    """The first operation's details, opened as a reader would: its responses, parameters and schemas show."""
    if name == "swagger-ui":
        page.locator(".opblock-summary-control").first.click()
        page.wait_for_selector(".opblock-body", timeout=10_000)
    elif name == "redoc":
        menu_button = page.locator(".menu-content + [role=button]")
        if menu_button.is_visible():  # narrow: the menu opens from its button, here from the keyboard
            menu_button.focus()
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
        page.locator("li[data-item-id] > label").first.click()  # the first tag opens; then its first operation
        page.locator("li[data-item-id] > label").nth(1).click()
        page.wait_for_timeout(300)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_docs_pass_axe_and_the_keyboard_walk(docs_page, browser, name, width):
    page = docs_page
    page.set_viewport_size(WIDTHS[width])
    open_docs(page, name)
    where = f"{name} at {width}"
    assert page.evaluate("() => document.documentElement.lang") == "en", f"{where}: no lang"
    assert_no_violations(page, where)
    keyboard_walk(page, where)
    open_an_operation(page, name)
    assert_no_violations(page, f"{where}, an operation open")
    assert page.errors == []
    if width == "wide":
        zoomed_screenshot(browser, page.base + PAGES[name][0], f"api-{name}", [])


def test_the_guide_is_a_page_for_a_browser_and_the_markdown_for_a_program(client):
    page = client.get("/api/v1/docs/guide/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    html = page.content.decode()
    assert page["Content-Type"].startswith("text/html") and '<html lang="en">' in html
    assert "default-src 'self'" in page["Content-Security-Policy"] and "Accept" in page["Vary"]
    assert "<h1>The JSON API (<code>/api/v1/</code>)</h1>" in html and "<h2>Reading</h2>" in html
    assert '<th scope="col">endpoint</th>' in html and "<strong>editor</strong>" in html
    text = client.get("/api/v1/docs/guide/")
    assert text["Content-Type"].startswith("text/plain") and text.content.startswith(b"# The JSON API")


def test_the_guides_markdown_is_escaped_before_it_is_marked_up():
    from api.misc import markdown_html

    html = markdown_html("# <b>T</b>\n\nA [x](javascript:alert(1)) `<i>` **<s>**\n\n    <script>\n\n"
                         "| a |\n|---|\n| <u> |")
    assert "<b>" not in html and "<script>" not in html and "<u>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "<strong>&lt;s&gt;</strong>" in html and 'href="javascript' not in html
