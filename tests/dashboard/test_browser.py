"""The dashboard in a real browser (Debian's chromium, driven by Playwright) against a live server.

On the demo data (the five seed articles, uploaded and parsed by the real
pipeline) each page loads with no console error, draws its charts, and makes
no request that leaves 127.0.0.1. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest

from belregions.models import Region, Sector
from belregions.reference import load_regions, load_sectors
from belregions.selectors import consolidated_trade
from dashboard import selectors
from tests import factories as make
from tests.conftest import ROOT
from tests.dashboard.conftest import import_seeds

SHOTS = ROOT / "artifacts" / "screenshots"
LOCAL_SCHEMES = ("data", "blob", "about")

pytestmark = pytest.mark.django_db(transaction=True)



@dataclass
class Visit:
    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def plot(self, chart: str) -> dict:
        """The drawn chart's traces: kind, name, number of points, and its SVG's point count."""
        return self.page.evaluate("""(name) => {
            const gd = document.querySelector(`[data-chart="${name}"]`);
            return {traces: gd.data.map(t => ({type: t.type, name: t.name,
                                                points: (t.x || t.locations || t.z || []).length,
                                                x: t.x || null, y: t.y || null})),
                    svg: gd.querySelectorAll("svg.main-svg").length,
                    svgTraces: gd.querySelectorAll(".cartesianlayer .trace").length,
                    drawn: gd.getAttribute("data-drawn")};
        }""", chart)

    def offsite(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"]


@pytest.fixture
def visit(browser, live_server):
    contexts = []
    # The live server listens on localhost's IPv4 address; name it, so "no request leaves 127.0.0.1" is literal.
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"

    def _visit(path: str, shot: str | None = None) -> Visit:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
        page.wait_for_load_state("networkidle")
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        return seen

    yield _visit
    for context in contexts:
        context.close()


@pytest.fixture
def reference_data(transactional_db):
    """The 98 regions and 24 sectors: a transactional test's flush empties every table, the migration's data too.

    (serialized_rollback would restore them, but Playwright's greenlet keeps its own database connection,
    which lacks the serialized copy.)
    """
    if not Region.objects.exists():
        load_regions(Region)
        load_sectors(Sector)


@pytest.fixture
def demo_live(reference_data):
    return import_seeds()


def assert_clean(seen: Visit) -> None:
    assert seen.errors == [], seen.errors
    assert seen.offsite() == [], seen.offsite()
    assert seen.dialogs == []
    assert len(seen.requests) >= 3  # the page, its CSS and its script at least: the recorder works


def test_the_overview_draws_its_charts_and_stays_on_the_host(visit, demo_live):
    seen = visit("/", shot="overview")
    assert_clean(seen)
    expected = selectors.overview(selectors.OverviewParams(None, None, 8, "bar", "turnover", None, "USD"))
    trade = seen.plot("trade")
    regions = list(dict.fromkeys(expected.tables["trade"].column("region")))
    assert [t["name"] for t in trade["traces"]] == regions and len(regions) >= 2
    assert trade["svg"] >= 1 and trade["svgTraces"] == len(regions)
    assert seen.page.locator("#chart-trade .point").count() == len(expected.tables["trade"].rows)
    map_plot = seen.plot("map")
    assert [t["name"] for t in map_plot["traces"]] == ["no figure", "trade"]
    assert map_plot["traces"][0]["points"] == Region.objects.exclude(kind="federal_district").count()
    assert map_plot["traces"][1]["points"] == len(expected.tables["map"].rows)
    assert seen.page.locator('[data-chart="map"] path.choroplethlocation').count() >= 80  # the geo map's regions
    assert any(url.endswith("/static/geo/regions.simplified.geojson") for url in seen.requests)
    assert seen.plot("meetings")["traces"] and seen.plot("sectors")["traces"][0]["type"] == "heatmap"


def test_the_overview_chart_and_its_csv_agree_in_the_browser(visit, demo_live):
    seen = visit("/?chart=line")
    drawn = {(t["name"], x, y) for t in seen.plot("trade")["traces"] for x, y in zip(t["x"], t["y"], strict=True)}
    link = seen.page.locator('#chart-trade a[data-format="csv"]').get_attribute("href")
    text = seen.page.request.get(urljoin(seen.page.url, link)).text()
    rows = {(r["region"], int(r["year"]), float(r["value_usd"])) for r in csv.DictReader(io.StringIO(text))}
    assert drawn == rows and drawn
    assert_clean(seen)


def test_the_novosibirsk_page_shows_the_2011_figure_and_its_source(visit, demo_live):
    seen = visit("/regions/RU-NVS/", shot="region-novosibirsk")
    assert_clean(seen)
    row = seen.page.locator('#trade-table tr[data-year="2011"][data-series="Turnover"]')
    assert "$200.0 million" in row.inner_text() and "over $200.0 million" in row.inner_text()
    source = next(a for a in demo_live if "Novosibirsk urged" in a.title)
    assert row.locator("a").first.get_attribute("href") == f"/articles/{source.pk}/"
    trade = seen.plot("trade")
    points = {(x, y) for t in trade["traces"] for x, y in zip(t["x"], t["y"], strict=True)}
    assert (2011, 200_000_000) in points
    assert trade["svgTraces"] == len(trade["traces"])


def test_a_district_page_links_its_regions(visit, demo_live):
    seen = visit("/regions/RU-FD-SIB/", shot="region-siberia")
    assert_clean(seen)
    links = seen.page.locator('[data-list="subjects"] a')
    assert links.count() == Region.objects.filter(district_id="RU-FD-SIB").count()
    points = consolidated_trade(district="RU-FD-SIB")
    assert seen.plot("trade")["traces"] if points else seen.page.locator('[data-empty="trade"]').count()


def test_the_regions_page_lists_all_and_sorts(visit, demo_live):
    seen = visit("/regions/?sort=-trade", shot="regions")
    assert_clean(seen)
    assert seen.page.locator("#regions-table tbody tr").count() == 98
    codes = [row.get_attribute("data-code") for row in seen.page.locator("#regions-table tbody tr").all()]
    expected = selectors.regions_page(selectors.RegionsParams("", None, None, "-trade", "USD")).rows
    assert codes == [row.code for row in expected]
    assert expected[0].trade_value is not None and "RU-NVS" in codes[:5]
    seen.page.fill('main input[name="q"]', "Новосибирская")  # main: the header has an article search's q
    seen.page.click('button:has-text("Filter")')
    seen.page.wait_for_url("**q=*")
    assert seen.page.locator("#regions-table tbody tr").count() == 1


def test_the_compare_page_shows_two_series(visit, demo_live):
    seen = visit("/compare/?regions=RU-NVS,RU-KYA&from=2010&to=2024", shot="compare")
    assert_clean(seen)
    trade = seen.plot("trade")
    assert [t["name"] for t in trade["traces"]] == ["Novosibirsk Oblast", "Krasnoyarsk Krai"]
    assert trade["svgTraces"] == 2


def test_the_article_page_marks_its_facts(visit, demo_live):
    source = next(a for a in demo_live if "Novosibirsk urged" in a.title)
    seen = visit(f"/articles/{source.pk}/", shot="article")
    assert_clean(seen)
    assert seen.page.locator("#article-text mark.region").count() >= 1
    assert seen.page.locator("#facts-table tbody tr").count() >= 1


def test_a_click_on_a_point_opens_its_page(visit, demo_live):
    seen = visit("/compare/?regions=RU-NVS,RU-KYA")
    seen.page.locator('[data-chart="trade"] .scatterlayer .point').first.click(force=True)
    seen.page.wait_for_url("**/articles/*/")
    assert seen.page.locator("#facts-table").count() == 1
    assert seen.errors == [] and seen.offsite() == []


def test_hostile_article_text_stays_text_in_the_browser(visit, reference_data):
    title = "Trade <script>alert('x')</script> \"><img src=x onerror=alert(1)>"
    source = make.article(title, f"{title}\n\nNovosibirsk Oblast trade exceeded $200 million.",
                          published=date(2012, 5, 29))
    make.mention(source, "RU-NVS", "Novosibirsk Oblast")
    make.figure(source, "RU-NVS", 2011, 200_000_000, words="$200 million")
    for path in ("/", f"/articles/{source.pk}/", "/regions/RU-NVS/"):
        seen = visit(path)
        assert_clean(seen)
    # The title is in the page as text, and it made no element.
    assert "<script>alert('x')</script>" in seen.page.locator("#trade-table").inner_text()
    assert seen.page.locator("#trade-table script, #trade-table img").count() == 0
    article = visit(f"/articles/{source.pk}/", shot="article-hostile")
    assert article.page.locator("#article-title").inner_text() == title
    assert article.page.locator("#article-text img").count() == 0
