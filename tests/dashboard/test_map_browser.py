"""The overview's map in Chromium (issue 17, item 6), on the demo data: the year slider moves the map and the URL
with the keyboard, the table of every region sorts and pages, and at 390 px nothing scrolls sideways."""

from __future__ import annotations

import pytest

from tests.accessibility import assert_no_violations
from tests.dashboard.test_accessibility import site  # noqa: F401  (the module's live server and demo data)
from tests.dashboard.test_phone_layout import SIDEWAYS_JS

ROW_NAMES_JS = "() => [...document.querySelectorAll('[data-table=\"map-regions\"] tbody td:first-child')]" \
               ".map(td => td.textContent.trim())"


@pytest.fixture
def open_overview(browser, site):  # noqa: F811
    contexts = []

    def _open(query: str = "", width: int = 1440, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        assert page.goto(site.url(f"/{query}")).status == 200
        page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
        page.errors = errors
        return page

    yield _open
    for context in contexts:
        context.close()


def map_year_drawn(page) -> str:
    """The year in the map's heading and in its plotted figure's table title, once drawn."""
    page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
    return page.locator("#map-heading").inner_text()


@pytest.mark.django_db
def test_the_slider_moves_the_map_and_the_url_with_the_keyboard(open_overview):
    page = open_overview()
    slider = page.locator("#map-year")
    first, last, shown = (int(slider.get_attribute("min")), int(slider.get_attribute("max")),
                          int(slider.input_value()))
    assert first < last and map_year_drawn(page) == f"Map: {shown}"
    target, key = (shown - 1, "ArrowLeft") if shown > first else (shown + 1, "ArrowRight")
    slider.focus()
    page.keyboard.press(key)
    assert page.locator("[data-year-shown]").inner_text() == str(target)  # at once, before the page follows
    page.wait_for_url(f"**year={target}#map", timeout=10_000)
    assert map_year_drawn(page) == f"Map: {target}"
    assert page.evaluate("document.activeElement.id") == "map-year"  # the keyboard goes on from the slider
    assert page.locator('[data-table="map-regions"] thead th').nth(1).inner_text().startswith(str(target))
    page.reload()
    assert map_year_drawn(page) == f"Map: {target}" and page.locator("#map-year").input_value() == str(target)
    assert page.errors == []


@pytest.mark.django_db
def test_the_year_links_work_without_the_script(browser, site):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url("/"))
        page.locator("[data-year-links] a").first.click()
        assert "year=" in page.url and page.locator("#map-heading").inner_text().startswith("Map: ")
        year = page.url.split("year=")[1].split("#")[0].split("&")[0]
        assert page.locator("#map-heading").inner_text() == f"Map: {year}"
    finally:
        context.close()


@pytest.mark.django_db
def test_the_table_of_every_region_sorts_and_pages(open_overview):
    page = open_overview()
    page.locator('[data-table="map-regions"] a[data-sort="region"]').click()
    page.wait_for_url("**sort=region#map")
    names = page.evaluate(ROW_NAMES_JS)
    assert len(names) == 15 and names == sorted(names)
    header = page.locator('[data-table="map-regions"] th[aria-sort]')
    assert header.get_attribute("aria-sort") == "ascending" and "region" in header.text_content().lower()
    page.locator('.pager a[data-page="next"]').click()
    page.wait_for_url("**page=2#map")
    second = page.evaluate(ROW_NAMES_JS)
    assert second[0] > names[-1] and second == sorted(second)
    assert "Page 2 of 6" in page.locator(".pager").inner_text()
    assert page.errors == []


@pytest.mark.django_db
def test_at_390_px_the_map_its_slider_and_its_table_fit(open_overview):
    page = open_overview("?sort=-change&page=2", width=390, height=844)
    assert page.evaluate(SIDEWAYS_JS) <= 0
    slider = page.locator("#map-year").bounding_box()
    assert slider["x"] >= 0 and slider["x"] + slider["width"] <= 390
    assert_no_violations(page, "/?sort=-change&page=2 at 390×844")
