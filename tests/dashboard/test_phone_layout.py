"""The phone layout (issue 17, item 7), in a real browser (Debian's chromium via Playwright) on the demo data.

At 390×844, on every page of test_accessibility.PAGES (English and Russian, the error pages too):
- the header folds into a "Menu" button (templates/base.html, static/js/menu.js): the links, the search and the
  language switch are hidden until it is pressed; Enter opens it, every link then lies inside the window, and
  Escape closes it and gives focus back to the button;
- the page does not scroll sideways, with the menu shut or open; every table fits or scrolls inside its own box.
Open, the menu follows its button in the focus order and axe finds nothing. At 1440×900 the button is not shown
and the links are. Without JavaScript the links stay open at 390 px. The sector names of the heat map and of the
sectors page's bars fit at 390 px, broken into lines (static/js/dashboard.js).
A screenshot of the open menu goes to artifacts/screenshots/phone-menu.png.
"""

from __future__ import annotations

import pytest

from tests.accessibility import assert_no_violations
from tests.conftest import ROOT
from tests.dashboard.test_accessibility import PAGES, STATUS, Site, site  # noqa: F401 - the live server, demo data

SHOTS = ROOT / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
BUTTON = "header.site .menu-toggle"
# What the menu folds: the main navigation's links, the search field and the language switch's links.
FOLDED = "#site-menu a, #site-menu input"

# Each folded control's box against the window: outside it, a reader would have to scroll to reach it.
OUTSIDE_JS = """selector => [...document.querySelectorAll(selector)].filter(el => {
  const box = el.getBoundingClientRect();
  return box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight;
}).map(el => el.outerHTML.slice(0, 100))"""
SIDEWAYS_JS = "() => document.documentElement.scrollWidth - innerWidth"
# A table wider than the window must sit in a box that scrolls sideways and itself fits in the window.
LOOSE_TABLES_JS = """() => [...document.querySelectorAll('main table')].filter(table => {
  if (!table.checkVisibility() || table.getBoundingClientRect().right <= innerWidth) return false;
  for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (['auto', 'scroll'].includes(style.overflowX)) return box.getBoundingClientRect().right > innerWidth;
  }
  return true;
}).map(table => table.id || table.outerHTML.slice(0, 100))"""
# The sector chart's row names (the overview's heat map, the sectors page's horizontal bars): those cut by the edge of
# the drawing, and those drawn over the next one down (static/js/dashboard.js breaks long names into lines).
CUT_LABELS_JS = """() => [...document.querySelectorAll('[data-chart="sectors"]')].flatMap(plot => {
  const drawing = plot.querySelector('svg.main-svg').getBoundingClientRect();
  const labels = [...plot.querySelectorAll('.ytick text')].map(t => [t.textContent, t.getBoundingClientRect()])
    .sort((a, b) => a[1].top - b[1].top);
  return labels.filter(([_, box], i) => box.left < drawing.left - 1 || box.right > drawing.right + 1 ||
    (i + 1 < labels.length && box.bottom > labels[i + 1][1].top + 1)).map(([text]) => text);
})"""


@pytest.fixture
def open_page(browser, site: Site):  # noqa: F811
    """One of PAGES on the live server, in a fresh context of the given viewport, its charts drawn."""
    contexts = []

    def _open(name: str, viewport: dict, javascript: bool = True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        assert page.goto(site.url(PAGES[name])).status == STATUS.get(name, 200)
        if javascript:
            page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
        assert errors == []
        return page

    yield _open
    for context in contexts:
        context.close()


def visible(page, selector: str) -> list[bool]:
    return [element.is_visible() for element in page.locator(selector).all()]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_at_390_the_menu_folds_opens_with_the_keyboard_and_escape_closes_it(open_page, name):
    page = open_page(name, PHONE)
    button = page.locator(BUTTON)
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert len(visible(page, FOLDED)) >= 8 and not any(visible(page, FOLDED)), "the menu is not folded"
    assert page.evaluate(SIDEWAYS_JS) <= 0
    assert page.evaluate(LOOSE_TABLES_JS) == []

    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert all(visible(page, FOLDED)), "a link of the open menu is still hidden"
    assert page.evaluate(OUTSIDE_JS, FOLDED) == []
    assert page.evaluate(SIDEWAYS_JS) <= 0
    if name == "overview":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "phone-menu.png"))

    page.locator("#site-menu a").last.focus()  # Escape from inside the menu, not only from the button
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not any(visible(page, FOLDED))
    assert page.evaluate("() => document.activeElement.classList.contains('menu-toggle')")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["overview", "overview-ru", "sectors", "sectors-ru"])
def test_at_390_the_sector_names_of_the_heat_map_and_the_bars_fit(open_page, name):
    page = open_page(name, PHONE)
    assert page.locator('[data-chart="sectors"] .ytick text').count() >= 10
    assert page.evaluate(CUT_LABELS_JS) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["overview", "articles-ru"])
def test_space_and_a_click_toggle_the_menu_whose_focus_and_contents_pass_axe(open_page, name):
    page = open_page(name, PHONE)
    button = page.locator(BUTTON)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('menu-toggle')"), "Tab does not reach it"
    outline = page.evaluate("() => [getComputedStyle(document.activeElement).outlineStyle, "
                            "parseFloat(getComputedStyle(document.activeElement).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2, f"focus on the button is not drawn: {outline}"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true" and all(visible(page, FOLDED))
    page.keyboard.press("Tab")  # the menu follows its button in the focus order
    assert page.evaluate("() => document.activeElement === document.querySelector('#site-menu a')")
    assert_no_violations(page, f"{PAGES[name]} at 390 with the menu open")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false" and not any(visible(page, FOLDED))
    button.click()
    page.locator('#site-menu input[type="search"]').fill("trade")
    page.keyboard.press("Enter")  # the search works from the menu
    page.wait_for_url("**/articles/?q=trade")


# The header is base.html's on every page: at 1440 a few pages of each kind say what all do (the walks of
# test_accessibility.py open every page at this width too).
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["overview", "region-ru", "meetings", "article"])
def test_at_1440_there_is_no_button_and_the_links_are_shown(open_page, name):
    page = open_page(name, DESKTOP)
    assert not page.locator(BUTTON).is_visible()
    assert len(visible(page, FOLDED)) >= 8 and all(visible(page, FOLDED))
    assert page.evaluate(SIDEWAYS_JS) <= 0
    page.keyboard.press("Escape")  # no menu to close at this width: nothing hides
    assert all(visible(page, FOLDED))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["overview", "region-ru"])
def test_without_javascript_the_links_stay_shown_at_390(open_page, name):
    page = open_page(name, PHONE, javascript=False)
    assert not page.locator(BUTTON).is_visible()  # a button that could do nothing is not offered
    assert all(visible(page, FOLDED))
    assert page.evaluate(SIDEWAYS_JS) <= 0
