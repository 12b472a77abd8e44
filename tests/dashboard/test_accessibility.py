"""WCAG 2.1 AA on every dashboard page, in a real browser (Debian's chromium via Playwright) on the demo data.

For each page, at 1440×900 and at 390×844:
- axe-core (tests/accessibility.py, the WCAG 2.0/2.1 A and AA rules) finds nothing once the charts are drawn
  (at 1440 with every chart's data table opened, so that those are checked too);
- the keyboard alone reaches every visible focusable element, in DOM order, with nothing skipped and no
  trap: the skip link first (and it works), Plotly's mode bar buttons and the map included, and focus is
  drawn each time (a computed outline);
- `lang` is set and the headings go down one level at a time.
At 200 % (a 720×450 viewport at device scale factor 2: what a 1440×900 window shows at 200 % zoom) the
page has no sideways scroll and no box that cuts its text; a screenshot goes to artifacts/screenshots/a11y/.

Each chart names itself and has its data as a table with the numbers of the figure it draws
(test_each_chart_names_itself_and_tables_its_numbers, on the richer data set, without a browser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from belregions.models import Person
from config.celery import app as celery_app
from tests.accessibility import assert_no_violations
from tests.conftest import ROOT, restore_data_migrations
from tests.dashboard.conftest import figures_in, import_seeds

SHOTS = ROOT / "artifacts" / "screenshots" / "a11y"
WIDTHS = [(1440, 900), (390, 844)]
PAGES = {
    "overview": "/",
    "regions": "/regions/",
    "region": "/regions/RU-NVS/",
    "district": "/regions/RU-FD-SIB/",
    "compare": "/compare/?regions=RU-NVS,RU-KYA",
    "compare-empty": "/compare/",
    "meetings": "/meetings/",
    "article": "/articles/{article}/",
    "person": "/people/{person}/",
    "sectors": "/sectors/",
    "sector": "/sectors/high-tech/",
    "articles": "/articles/",
    "articles-search": "/articles/?q=trade",
    "bad-request": "/?from=20x0&chart=line",
    "not-found": "/regions/RU-XXX/",
}
# The same pages in Russian (issue 19: no violation in either language).
PAGES.update({f"{name}-ru": f"/ru{path}" for name, path in list(PAGES.items())})
STATUS = {"bad-request": 400, "not-found": 404, "bad-request-ru": 400, "not-found-ru": 404}

# Every element the keyboard can reach, as the browser decides it: not disabled, not tabindex=-1, rendered
# (checkVisibility is false inside a closed <details> and under display:none or visibility:hidden).
FOCUSABLES_JS = """() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, iframe, ' +
                   'details > summary:first-of-type, [tabindex], [contenteditable="true"]';
  window.__focusables = [...document.querySelectorAll(selector)].filter(el =>
    !el.disabled && el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true}) && !el.closest('[inert]'));
  return window.__focusables.map(el => el.outerHTML.slice(0, 120));
}"""
# Where focus is now: its place in that list (-1: elsewhere, null: on no element), and how it is drawn.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {index: null};
  const style = getComputedStyle(el);
  return {index: window.__focusables.indexOf(el), html: el.outerHTML.slice(0, 120),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth), top: el.getBoundingClientRect().top};
}"""
# The same, recorded at each focus change: one round trip per Tab instead of two.
RECORD_FOCUS_JS = ("() => { window.__visits = []; document.addEventListener('focusin', () => "
                   "window.__visits.push((" + FOCUS_JS + ")())); }")
HEADINGS_JS = "() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1]))"
# Text cut off by a box too small for it at 200 %: an element that hides its overflow and overflows.
CLIPPED_JS = """() => [...document.querySelectorAll('body *')].filter(el => {
  if (el.closest('.plot, .visually-hidden, script, style')) return false;
  const style = getComputedStyle(el);
  const hides = v => v === 'hidden' || v === 'clip';
  return (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
         (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
}).map(el => el.outerHTML.slice(0, 120))"""

@dataclass(frozen=True)
class Site:
    base: str
    article_id: int
    person_id: int  # someone the demo's articles name and who took part in a meeting

    def url(self, path: str) -> str:
        """One of PAGES on the live server, its placeholders filled."""
        return self.base + path.format(article=self.article_id, person=self.person_id)


@pytest.fixture(scope="module")
def site(browser, django_db_setup, django_db_blocker):
    """One live server and one load of the demo data for the whole module, emptied again at its end.

    pytest-django's live_server makes every test transactional: a flush and a new demo import per test,
    seconds each. Here the pages are only read, so the data is loaded once (committed, parsed in-process)
    and the database is flushed and given its reference data back when the module is done, as a
    transactional test leaves it. The browser fixture comes first: it lets the ORM run beside Playwright.
    """
    with django_db_blocker.unblock():
        restore_data_migrations()
        eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
        try:
            article = next(a for a in import_seeds() if "Novosibirsk urged" in a.title)
        finally:
            celery_app.conf.task_always_eager = eager
        server = LiveServer("127.0.0.1:0")
        server._live_server_modified_settings.enable()
        try:
            person = Person.objects.filter(meetings__isnull=False, article_links__isnull=False).order_by("pk").first()
            yield Site(server.url, article.pk, person.pk)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            restore_data_migrations()


@pytest.fixture
def open_page(browser, site):
    """Open one of PAGES in a fresh browser context of the given size, its charts drawn."""
    contexts = []

    def _open(name: str, width: int, height: int, scale: int = 1):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        response = page.goto(site.url(PAGES[name]))
        assert response.status == STATUS.get(name, 200)
        page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
        assert errors == []
        return page

    yield _open
    for context in contexts:
        context.close()


def walk_with_tab(page) -> None:
    """Tab from the top of the page to past its end: every focusable visited in DOM order, each drawn."""
    expected = page.evaluate(FOCUSABLES_JS)
    assert expected, "nothing on the page is focusable"
    assert page.evaluate("() => document.querySelectorAll('[tabindex]:not([tabindex=\"-1\"]):not([tabindex=\"0\"])')"
                         ".length") == 0, "a positive tabindex reorders the focus"
    page.evaluate(RECORD_FOCUS_JS)
    for _ in range(len(expected) + 1):
        page.keyboard.press("Tab")
    # One Tab more than there are controls: focus has left the page, so nothing kept it.
    assert page.evaluate(FOCUS_JS)["index"] is None, "focus is still on the page after its last control"
    visits = page.evaluate("() => window.__visits")
    for focus in visits:
        assert focus["index"] >= 0, f"focus went to an element outside the list: {focus['html']}"
        assert focus["outline"] != "none" and focus["width"] >= 2, f"focus not drawn on {focus['html']}"
    visited = [focus["index"] for focus in visits]
    assert visited == list(range(len(expected))), (
        f"focus order {visited[:40]}… differs from DOM order; first miss: "
        f"{next((expected[i] for i, v in enumerate(visited) if v != i), expected[len(visited):][:1])}")
    assert "skip-link" in expected[0]


def use_skip_link(page) -> None:
    """The skip link shows when focused, and Enter on it sends focus to the main content."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_JS)
    assert "skip-link" in focus["html"] and focus["top"] >= 0, focus
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('content').contains(document.activeElement)")


def assert_structure(page, language: str = "en") -> None:
    assert page.evaluate("() => document.documentElement.lang") == language
    levels = page.evaluate(HEADINGS_JS)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), f"a heading level skipped: {levels}"
    for title in page.locator("figure.chart h3").all_inner_texts():
        assert page.get_by_role("figure", name=title, exact=True).count() >= 1, f"no figure named {title!r}"


# The marker makes pytest-django set the test database up even when only browser tests are selected (-k);
# the pages read what the `site` fixture committed.
@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_passes_axe_and_the_keyboard_at_both_widths(open_page, name):
    for width, height in WIDTHS:
        page = open_page(name, width, height)
        walk_with_tab(page)
        use_skip_link(page)
        if width == WIDTHS[0][0]:
            assert_structure(page, "ru" if name.endswith("-ru") else "en")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert_no_violations(page, f"{PAGES[name]} at {width}×{height}")


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_reflows_at_200_percent(open_page, name):
    page = open_page(name, 720, 450, scale=2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-200.png"), full_page=True)
    sideways = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert sideways <= 0, f"{name} scrolls sideways by {sideways}px at 200 %"
    assert page.evaluate(CLIPPED_JS) == []


# The richer data set, server-side: every chart on these pages, its name, description and table.
CHART_PAGES = ["/", "/?chart=line&currency=EUR&year=2012", "/regions/", "/regions/RU-NVS/",
               "/regions/RU-NVS/?chart=bar", "/regions/RU-FD-SIB/", "/compare/?regions=RU-NVS,RU-KYA,BY-VI",
               "/meetings/", "/meetings/?region=RU-FD-SIB", "/sectors/", "/sectors/high-tech/"]
FIGURE_TAG = re.compile(r'<figure class="chart" id="chart-([\w-]+)" aria-labelledby="([\w-]+)" '
                        r'aria-describedby="([\w-]+)">(.*?)</figure>', re.S)
CELL = re.compile(r"<t([hd])[^>]*?( class=\"num\")?>(.*?)</t[hd]>", re.S)


def figure_numbers(figure: dict) -> list:
    """What the chart draws, as its data table should give it: values rounded to whole units, or dates."""
    drawn = []
    for trace in figure["data"]:
        if trace["type"] == "choropleth":
            drawn += [round(c[3]) for c in trace.get("customdata", []) if len(c) > 3]  # the figures; z is their log
        elif trace["type"] == "heatmap":
            drawn += [z for row in trace["z"] for z in row if z is not None]
        elif trace.get("orientation") == "h":
            drawn += [round(x) for x in trace["x"]]
        else:
            drawn += [round(y) for y in trace["y"]]
    return sorted(drawn, key=str)


def table_numbers(table_html: str) -> list:
    cells = [(kind, bool(num), unescape(text)) for kind, num, text in CELL.findall(table_html)]
    return sorted((int(t.replace(",", "")) for kind, num, t in cells if num and kind == "d"), key=str)


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHART_PAGES)
def test_each_chart_names_itself_and_tables_its_numbers(client, trade_data, url):
    html = client.get(url).content.decode()
    figures = figures_in(html)
    found = {name: (labelled, described, body) for name, labelled, described, body in FIGURE_TAG.findall(html)}
    assert figures and set(figures) <= set(found)
    for name, figure in figures.items():
        labelled, described, body = found[name]
        title = re.search(rf'<h3 id="{labelled}">(.+?)</h3>', body).group(1)
        words = re.search(rf'<p class="chart-description" id="{described}">(.+?)</p>', body, re.S).group(1)
        assert title.strip() and len(words) > 40, (name, title, words)
        table = re.search(rf'<details class="chart-data" data-table="{name}">(.*?)</details>', body, re.S).group(1)
        assert re.search(r"<caption id=\"[\w-]+\">.+?</caption>", table) and 'scope="col"' in table
        assert table_numbers(table) == figure_numbers(figure), name


@pytest.mark.django_db
def test_a_bad_parameter_is_marked_on_its_field_and_tied_to_the_message(client):
    html = client.get("/?chart=line&from=20x0").content.decode()
    assert 'id="request-error" role="alert">from must be a year' in html
    assert re.search(r'<input type="text" name="from" value="20x0" aria-invalid="true" '
                     r'aria-describedby="request-error">', html)
    assert re.search(r'<input type="text" name="chart" value="line">', html)  # the others are not at fault


def contrast(one: str, two: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_colours_keep_their_contrast():
    """Series colours: 3:1 as shapes on the white plot and 4.5:1 under a label's white text; heat-map cells
    4.5:1 under their dark numbers, at the darkest end of the scale and the lightest."""
    from dashboard import charts

    for colour in (*charts.PALETTE, charts.OTHER_COLOUR):
        assert contrast(colour, "#ffffff") >= 4.5, colour
    for _, colour in charts.HEAT_SCALE:
        assert contrast(colour, charts.INK) >= 4.5, colour


def test_series_differ_by_more_than_their_colour():
    from dashboard import charts
    from dashboard.tables import Table

    rows = [(2011, code, code, 1e8) for code in ("RU-NVS", "RU-KYA", "RU-MOW", "other")]
    table = Table("trade", "", ("year", "region_code", "region", "value_usd"), rows)
    bars = charts.trade_by_region(table, "bar", "USD", "/regions/{code}/").data
    assert len({t.marker.pattern.shape for t in bars}) == len(bars)
    lines = charts.trade_by_region(table, "line", "USD", "/regions/{code}/").data
    assert len({(t.marker.symbol, t.line.dash) for t in lines}) == len(lines)
    heat = Table("sectors", "", ("sector", "sector_name", "district", "district_name", "articles"),
                 [("it", "IT", "RU-FD-SIB", "Siberian Federal District", 3)])
    assert charts.sectors_heatmap(heat).data[0].texttemplate == "%{z}"
