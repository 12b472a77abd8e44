"""Sector pages and their index (issue 17, item 4): which regions and districts name a sector, its trend over
the years, the meetings and articles behind it, narrowed by a region; the heat map and the sectors tables link
to them; CSV and JSON twins; the Russian page; a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from articles import editing
from belregions.models import ArticleSector, Meeting
from bench.generate_dataset import populate
from dashboard.selectors import sector as selector
from tests import factories as make
from tests.dashboard.conftest import figures_in
from tests.dashboard.test_accessibility import site  # noqa: F401 - the live server with the demo data
from tests.dashboard.test_queries import LARGE, SMALL

pytestmark = pytest.mark.django_db

MEETING_ROW = re.compile(r'<tr data-meeting="(\d+)">')
ARTICLE_ITEM = re.compile(r'<li data-article="(\d+)">')


@pytest.fixture
def cast(db) -> dict:
    """Agriculture in Novosibirsk (2012, 2013), Omsk (2013) and Moscow (2014), and in one undated article; an
    editor rejected it in one article, another is deleted; an article on high tech reports a meeting of its own."""
    nvs = make.article("Novosibirsk farms", published=date(2012, 5, 30))
    oms = make.article("Omsk and Novosibirsk grain", published=date(2013, 6, 18))
    mow = make.article("Moscow food fair", published=date(2014, 3, 1))
    undated = make.article("Fields of Omsk", published=None)
    rejected = make.article("Not about farming", published=date(2014, 4, 1))
    gone = make.article("Deleted farming news", published=date(2015, 1, 1))
    tech = make.article("Novosibirsk high tech", published=date(2013, 1, 1))
    for source, codes in ((nvs, ["RU-NVS"]), (oms, ["RU-OMS", "RU-NVS"]), (mow, ["RU-MOW"]), (undated, ["RU-OMS"]),
                          (rejected, ["RU-NVS"]), (gone, ["RU-NVS"]), (tech, ["RU-NVS"])):
        for code in codes:
            make.mention(source, code)
        make.sector(source, "high-tech" if source is tech else "agriculture",
                    **({"review": "rejected"} if source is rejected else {}))
    editing.delete(gone, None)  # as an editor deletes it: the kept counts follow
    governor = make.person("Vasily Yurchenko", "RU-NVS", "Governor of Novosibirsk Oblast")
    m = {
        "nvs": make.meeting(nvs, date(2012, 5, 29), ["RU-NVS"], [governor]),
        "oms": make.meeting(oms, date(2013, 6, 17), ["RU-OMS"], [], kind="visit"),
        "mow": make.meeting(mow, date(2014, 2, 28), ["RU-MOW"], [], kind="forum"),
        "tech": make.meeting(tech, date(2013, 1, 1), ["RU-NVS"], [governor]),
        "of_rejected": make.meeting(rejected, date(2014, 4, 1), ["RU-NVS"], []),
    }
    return {**m, "nvs_article": nvs, "oms_article": oms, "mow_article": mow, "undated": undated,
            "rejected": rejected, "gone": gone, "tech_article": tech, "governor": governor}


def page_of(client, query: str = "", prefix: str = "", slug: str = "agriculture") -> str:
    response = client.get(f"{prefix}/sectors/{slug}/{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def articles_listed(html: str) -> list[int]:
    return [int(pk) for pk in ARTICLE_ITEM.findall(html)]


def meetings_listed(html: str) -> list[int]:
    return [int(pk) for pk in MEETING_ROW.findall(html)]


def test_the_page_names_the_sector_in_both_languages(client, cast):
    html = page_of(client)
    assert '<h1>Agriculture <span class="ru" lang="ru">Сельское хозяйство</span></h1>' in html


def test_regions_and_districts_naming_it_most_from_the_kept_counts(client, cast):
    html = page_of(client)
    districts = re.findall(r'<li data-region="([\w-]+)">', re.search(r'data-list="districts">(.*?)</ul>', html,
                                                                      re.S).group(1))
    regions = re.findall(r'<li data-region="([\w-]+)">', re.search(r'data-list="regions">(.*?)</ul>', html,
                                                                    re.S).group(1))
    assert districts == ["RU-FD-SIB", "RU-FD-CEN"]  # Siberia: 3 articles (Novosibirsk's 2, Omsk's 2, once each)
    assert regions == ["RU-NVS", "RU-OMS", "RU-MOW"]  # 2, 2 (by name), 1: the rejected and deleted left out
    rows = client.get("/sectors/agriculture/?data=regions&format=json").json()["rows"]
    assert {r["code"]: r["articles"] for r in rows} == {"RU-FD-SIB": 3, "RU-FD-CEN": 1, "RU-NVS": 2, "RU-OMS": 2,
                                                         "RU-MOW": 1}


def test_the_trend_counts_its_articles_per_year_with_a_chart_and_its_table(client, cast):
    html = page_of(client)
    rows = client.get("/sectors/agriculture/?data=per_year&format=json").json()["rows"]
    assert rows == [{"year": 2012, "articles": 1}, {"year": 2013, "articles": 1}, {"year": 2014, "articles": 1}]
    figure = figures_in(html)["per_year"]
    assert [(x, y) for x, y in zip(figure["data"][0]["x"], figure["data"][0]["y"], strict=True)] == [
        (2012, 1), (2013, 1), (2014, 1)]
    assert '<details class="chart-data" data-table="per_year">' in html
    assert 'data-undated="1"' in html  # the undated article: counted, not charted


def test_the_articles_and_meetings_naming_it(client, cast):
    html = page_of(client)
    assert articles_listed(html) == [cast["mow_article"].pk, cast["oms_article"].pk, cast["nvs_article"].pk,
                                     cast["undated"].pk]
    assert "Articles naming it (4)" in html
    assert meetings_listed(html) == [cast["mow"].pk, cast["oms"].pk, cast["nvs"].pk]  # not high tech's, nor the
    # meeting of the article whose sector an editor rejected


def test_a_region_narrows_its_articles_and_meetings(client, cast):
    siberia = page_of(client, "?region=RU-FD-SIB")
    assert articles_listed(siberia) == [cast["oms_article"].pk, cast["nvs_article"].pk, cast["undated"].pk]
    assert meetings_listed(siberia) == [cast["oms"].pk, cast["nvs"].pk]
    chip = re.search(r'<p class="tags" data-filter="region">(.*?)</p>', siberia, re.S).group(1)
    assert "Siberian Federal District" in chip and 'href="?"' in chip  # removing it gives the whole sector
    omsk = page_of(client, "?region=ru-oms")
    assert articles_listed(omsk) == [cast["oms_article"].pk, cast["undated"].pk]
    assert meetings_listed(omsk) == [cast["oms"].pk]


def test_the_heat_map_cells_and_their_table_link_to_the_sector_narrowed_to_the_district(client, cast):
    html = client.get("/").content.decode()
    heat = figures_in(html)["sectors"]["data"][0]
    cells = {(y, x): heat["customdata"][i][j][0] for i, y in enumerate(heat["y"]) for j, x in enumerate(heat["x"])}
    assert cells[("Agriculture", "Siberian")] == "/sectors/agriculture/?region=RU-FD-SIB"
    assert cells[("High technology and innovation", "Siberian")] == "/sectors/high-tech/?region=RU-FD-SIB"
    table = re.search(r'<details class="chart-data" data-table="sectors">(.*?)</details>', html, re.S).group(1)
    assert '<th scope="row"><a href="/sectors/agriculture/?region=RU-FD-SIB">Agriculture</a></th>' in table
    # The cell's count is what the page it opens counts.
    count = heat["z"][heat["y"].index("Agriculture")][heat["x"].index("Siberian")]
    assert f"Articles naming it ({count})" in page_of(client, "?region=RU-FD-SIB")


@pytest.mark.parametrize("code", ["RU-NVS", "RU-FD-SIB"])
def test_the_region_pages_sectors_link_to_the_sector_narrowed_to_them(client, cast, code):
    html = client.get(f"/regions/{code}/").content.decode()
    table = re.search(r'<details class="chart-data" data-table="sectors">(.*?)</details>', html, re.S).group(1)
    assert f'<a href="/sectors/agriculture/?region={code}">Agriculture</a>' in table
    bars = figures_in(html)["sectors"]["data"][0]
    assert f"/sectors/agriculture/?region={code}" in [c[0] for c in bars["customdata"]]


def test_the_index_lists_every_sector_with_its_count_and_the_navigation_links_it(client, cast):
    response = client.get("/sectors/")
    html = response.content.decode()
    rows = re.findall(r'<tr data-sector="([\w-]+)"><th scope="row"><a href="/sectors/([\w-]+)/">([^<]+)</a>.*?'
                      r'<td class="num">(\d+)</td>', html)
    assert len(rows) == 24 and all(slug == linked for slug, linked, _name, _n in rows)
    assert rows[0] == ("agriculture", "agriculture", "Agriculture", "4")
    assert rows[1] == ("high-tech", "high-tech", "High technology and innovation", "1")
    assert '<a href="/sectors/" aria-current="page">Sectors</a>' in html
    assert '<a href="/sectors/">Sectors</a>' in client.get("/").content.decode()
    assert '<a href="/sectors/" aria-current="page">Sectors</a>' in page_of(client)
    assert client.get("/sectors/?format=json").json()["count"] == 24
    assert client.get("/sectors/?sort=name").status_code == 400


def test_it_follows_the_sectors_feed(client, cast):
    html = page_of(client)
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                     r'href="/sectors/agriculture/feed/">', html)
    assert '<a href="/sectors/agriculture/feed/" type="application/atom+xml" data-link="feed">' in html
    atom = client.get("/sectors/agriculture/feed/").content.decode()  # the feed follows this page
    assert '<link href="http://testserver/sectors/agriculture/" rel="alternate"' in atom


def test_an_unknown_sector_is_a_404_in_the_sites_layout(client, db):
    response = client.get("/sectors/no-such-sector/")
    assert response.status_code == 404
    assert '<nav aria-label="Main">' in response.content.decode()


@pytest.mark.parametrize(("query", "param", "message"), [
    pytest.param("?colour=red", "colour", "colour is not a parameter of this page; it takes region, format, data",
                 id="unknown"),
    pytest.param("?region=RU-XXX", "region", "region: no region has the code RU-XXX", id="unknown-region"),
    pytest.param("?region=Siberia!", "region", "region: give codes like RU-MOW", id="not-a-code"),
    pytest.param("?region=RU-NVS,RU-OMS", "region", "region: give one region code", id="two"),
    pytest.param("?region=RU-NVS&region=RU-OMS", "region", "region is given more than once", id="twice"),
])
def test_what_the_page_does_not_understand_is_a_400_naming_it(client, cast, query, param, message):
    response = client.get("/sectors/agriculture/" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="request-error" role="alert">{message}' in html
    assert set(re.findall(r'<input type="text" name="(\w+)" value="[^"]*" aria-invalid="true"', html)) == {param}


def test_the_csv_and_json_twins(client, cast):
    html = page_of(client, "?region=RU-FD-SIB")
    assert 'type="application/json" href="/sectors/agriculture/?region=RU-FD-SIB&amp;format=json"' in html
    twin = client.get("/sectors/agriculture/?region=RU-FD-SIB&format=json").json()
    assert twin["page"] == "sector" and twin["sector"] == {"slug": "agriculture", "name": "Agriculture",
                                                           "name_ru": "Сельское хозяйство"}
    assert (twin["articles"], twin["meetings"]) == (3, 2)
    text = client.get("/sectors/agriculture/?region=RU-FD-SIB&data=articles&format=csv").content.decode()
    assert [int(r["id"]) for r in csv.DictReader(io.StringIO(text))] == articles_listed(html)
    meetings = client.get("/sectors/agriculture/?data=meetings&format=json").json()["rows"]
    assert [r["id"] for r in meetings] == meetings_listed(page_of(client))
    bad = client.get("/sectors/agriculture/?region=RU-XXX&data=articles&format=csv")
    assert bad.status_code == 400 and bad.json() == {"error": "region: no region has the code RU-XXX"}


def test_names_in_its_meetings_link_to_their_people(client, cast):
    html = page_of(client)
    pk = cast["governor"].pk
    assert re.search(rf'<a href="/people/{pk}/"[^>]*>Vasily Yurchenko</a>', html)
    assert f'href="/meetings/?person={pk}" data-person="{pk}"' in html


def test_hostile_text_is_escaped(client, db):
    source = make.article("<script>alert('t')</script> farms")
    make.mention(source, "RU-NVS")
    make.sector(source, "agriculture")
    who = make.person("<script>x</script>", "RU-NVS")
    make.meeting(source, date(2012, 5, 29), ["RU-NVS"], [who])
    html = page_of(client)
    assert "<script>x" not in html and "<script>alert" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt; farms" in html


def test_the_russian_page(client, cast):
    html = page_of(client, "?region=RU-FD-SIB", prefix="/ru")
    assert '<html lang="ru">' in html
    assert '<h1>Сельское хозяйство <span class="ru" lang="en">Agriculture</span></h1>' in html
    assert "Сибирский федеральный округ" in html and "Новосибирская область" in html
    assert "Визит" in html and "17 июня 2013 г." in html
    assert "По годам" in html and "Over the years" not in html
    index = client.get("/ru/sectors/").content.decode()
    assert '<a href="/ru/sectors/agriculture/">Сельское хозяйство</a>' in index


@pytest.mark.parametrize("sizes", [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")])
@pytest.mark.parametrize(("url", "queries"), [
    # sector, regions, kept counts, articles per year, meeting count, latest meetings, their participants, regions
    # and reports, what was agreed at them and its sectors, latest articles
    pytest.param("/sectors/{slug}/", 12, id="sector"),
    pytest.param("/sectors/{slug}/?region={district}", 12, id="narrowed"),
    pytest.param("/sectors/{slug}/?format=json", 12, id="json"),
    # articles per sector, sectors
    pytest.param("/sectors/", 2, id="index"),
])
def test_it_reads_a_fixed_number_of_queries(client, django_assert_num_queries, monkeypatch, sizes, url, queries):
    populate(sizes)
    monkeypatch.setattr(selector, "MEETINGS_LISTED", 2)  # more meetings than listed at both sizes
    slug = ArticleSector.objects.order_by("sector_id").values_list("sector_id", flat=True).first()
    # A district where an article naming the sector reports a meeting: the narrowed page lists meetings too.
    district = (Meeting.regions.through.objects.filter(meeting__sources__article__articlesector_facts__sector_id=slug,
                                                      region__district__isnull=False)
                .order_by("region_id").values_list("region__district_id", flat=True).first())
    client.get("/healthz")  # a process's first request imports every URLconf, and the API reads at import
    with django_assert_num_queries(queries):
        response = client.get(url.format(slug=slug, district=district))
    assert MEETING_ROW.findall(response.content.decode()) or "format=" in url or url == "/sectors/"
    assert response.status_code == 200


# Last in the module: the live server's demo data stays committed until the module ends.
# Where a click at the heat map's first cell lands, and the address that cell carries.
FIRST_CELL_JS = """() => {
  const el = document.querySelector('[data-chart="sectors"]');
  const box = el.getBoundingClientRect(), layout = el._fullLayout;
  return {x: box.left + layout.xaxis._offset + layout.xaxis.c2p(0), y: box.top + layout.yaxis._offset +
          layout.yaxis.c2p(0), url: el.data[0].customdata[0][0][0]};
}"""


def test_a_click_on_a_heat_map_cell_opens_the_sector_narrowed_to_its_district(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(site.url("/"))
        page.wait_for_function("document.body.dataset.charts === 'drawn'", timeout=20_000)
        page.locator('[data-chart="sectors"]').scroll_into_view_if_needed()
        cell = page.evaluate(FIRST_CELL_JS)
        assert re.fullmatch(r"/sectors/[\w-]+/\?region=RU-FD-[A-Z]+", cell["url"])
        page.mouse.click(cell["x"], cell["y"])
        page.wait_for_url(site.base + cell["url"], timeout=10_000)
        assert page.locator('[data-filter="region"]').count() == 1  # the page, narrowed to the district
    finally:
        context.close()
