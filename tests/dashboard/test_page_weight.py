"""Issue 17, item 8 (weight) and item 6's map, in Chromium against the live server on the demo data.

The overview's map is the geo `choropleth` of the project's own boundaries, drawn from the partial plotly.js
bundle (static/vendor/plotly/plotly-belregions.min.js): all of Russia is in view, Kaliningrad to Chukotka, and
nothing is fetched from another host. A chart page's JavaScript stays within the issue's 1.2 MB.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT
from tests.dashboard.test_accessibility import site  # noqa: F401  (the module's live server and demo data)

SHOTS = ROOT / "artifacts" / "screenshots"
JS_BUDGET = 1_200_000  # bytes, uncompressed: issue 17's "every page's JavaScript ≤ 1.2 MB"
CHART_PAGES = ["/", "/regions/RU-NVS/", "/compare/?regions=RU-NVS,RU-KYA", "/ru/"]

# Each drawn region of the map (its code, plotly's datum `loc`) and its box, with the geo subplot's box.
MAP_BOXES_JS = """() => {
  const gd = document.querySelector('[data-chart="map"]');
  const frame = gd.getBoundingClientRect(), size = gd._fullLayout._size;
  const plot = {left: frame.left + size.l, top: frame.top + size.t,
                right: frame.left + size.l + size.w, bottom: frame.top + size.t + size.h};
  const regions = {};
  gd.querySelectorAll('.choroplethlayer path.choroplethlocation').forEach(path => {
    const box = path.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) {
      regions[path.__data__.loc] = {left: box.left, top: box.top, right: box.right, bottom: box.bottom};
    }
  });
  return {plot, regions};
}"""


def inside(box: dict, frame: dict) -> bool:
    return (box["left"] >= frame["left"] - 1 and box["right"] <= frame["right"] + 1
            and box["top"] >= frame["top"] - 1 and box["bottom"] <= frame["bottom"] + 1)


@pytest.fixture
def browse(browser, site):  # noqa: F811
    """Open a page in a fresh context (a cold cache) at 1440×900; record every request and script response."""
    contexts = []

    def _open(path: str):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        contexts.append(context)
        page = context.new_page()
        requests, scripts, errors = [], [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("response", lambda response: scripts.append(response)
                if response.request.resource_type == "script" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        assert page.goto(site.url(path)).status == 200
        page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
        page.wait_for_load_state("networkidle")
        assert errors == []
        return page, requests, scripts

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.django_db
def test_the_map_shows_all_of_russia_from_local_files_only(browse, site):  # noqa: F811
    page, requests, _ = browse("/")
    host = urlsplit(site.base).netloc
    assert [url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host] == []
    assert any(url.endswith("/static/geo/regions.simplified.geojson") for url in requests)
    assert page.locator('[data-chart="map"]').get_attribute("data-drawn") == "yes"
    assert page.locator('[data-chart="map"] canvas').count() == 0  # the geo map is SVG: no MapLibre
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('[data-chart="map"]').screenshot(path=str(SHOTS / "map-overview.png"))
    boxes = page.evaluate(MAP_BOXES_JS)
    assert len(boxes["regions"]) >= 80  # the 83 Russian subjects and Belarus's 7 units, less any too small to see
    for code in ("RU-CHU", "RU-KGD", "RU-MOW", "BY-HM"):
        assert code in boxes["regions"], code
    east, west = boxes["regions"]["RU-CHU"], boxes["regions"]["RU-KGD"]
    assert inside(east, boxes["plot"]) and inside(west, boxes["plot"]), boxes["plot"]
    assert east["left"] > west["right"]  # drawn east of Kaliningrad, not split to the far west at 180°
    assert east["right"] - west["left"] > 0.6 * (boxes["plot"]["right"] - boxes["plot"]["left"])  # the map fills it


@pytest.mark.django_db
@pytest.mark.parametrize("path", CHART_PAGES)
def test_a_chart_page_loads_at_most_1_2_mb_of_javascript(browse, path):
    page, _, scripts = browse(path)
    sizes = {urlsplit(response.url).path: len(response.body()) for response in scripts}
    assert any("plotly-belregions" in name for name in sizes), sizes
    assert not any(name.endswith("/plotly.min.js") for name in sizes), sizes
    assert 100_000 < sum(sizes.values()) <= JS_BUDGET, sizes
