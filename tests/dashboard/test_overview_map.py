"""The overview's map (issue 17, item 6): one year at a time, chosen with a slider whose year is in the URL, and a
table of every region the map draws, sorted and paged by the server."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import escape

import pytest

from belregions.models import Region, RegionKind
from dashboard.selectors.map_table import PER_PAGE
from tests import factories as make
from tests.dashboard.conftest import figures_in

pytestmark = pytest.mark.django_db
M = 1_000_000
# Millions of US dollars by region and year; Vitebsk's figure is its trade with Smolensk Oblast.
FIGURES = {"RU-MOW": {2019: 900, 2020: 1000, 2021: 1200}, "RU-NVS": {2020: 200, 2021: 150},
           "RU-KYA": {2020: 100, 2021: 100}, "RU-OMS": {2021: 50}}
ROW = re.compile(r'<tr data-region="([A-Z-]+)"><td><a href="[^"]+">([^<]+)</a></td>\s*'
                 r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>')


@pytest.fixture
def figures(db):
    source = make.article("Trade by region", "Trade figures of four regions.", published=date(2022, 2, 1))
    for code, years in FIGURES.items():
        for year, amount in years.items():
            make.figure(source, code, year, amount * M)
    make.figure(source, "RU-SMO", 2021, 30 * M, by_region="BY-VI")
    return source


def html(client, query: str = "") -> str:
    response = client.get(f"/?{query}")
    assert response.status_code == 200, response.content[:600]
    return response.content.decode()


def table_rows(page: str) -> list[tuple[str, ...]]:
    return ROW.findall(page)


def map_regions() -> int:
    return Region.objects.exclude(kind=RegionKind.FEDERAL_DISTRICT).count()


def test_the_map_shows_the_latest_year_with_a_labelled_slider_over_the_years_with_figures(client, figures):
    page = html(client)
    assert "Map: 2021" in page
    slider = re.search(r'<input type="range" id="map-year" name="year" min="(\d+)" max="(\d+)" step="1" '
                       r'value="(\d+)">', page)
    assert slider.groups() == ("2019", "2021", "2021")
    assert '<label for="map-year">Year of the map</label>' in page
    assert '<output for="map-year" id="map-year-shown" data-year-shown>2021</output>' in page
    assert 'rel="prev" data-year="2020"' in page and 'rel="next"' not in page.split("data-year-links")[1][:300]


def test_the_year_in_the_url_is_the_year_the_server_draws(client, figures):
    page = html(client, "year=2020")
    assert "Map: 2020" in page and 'value="2020"' in page
    figure = figures_in(page)["map"]
    trade = next(trace for trace in figure["data"] if trace["name"] == "trade")
    assert sorted(trade["locations"]) == ["RU-KYA", "RU-MOW", "RU-NVS"]  # 2020's: no Omsk, no Vitebsk
    links = re.findall(r'href="\?([^"]*)#map" rel="(prev|next)" data-year', page)
    assert links == [("year=2019", "prev"), ("year=2021", "next")]


def test_the_slider_form_keeps_the_other_parameters_and_starts_the_table_again(client, figures):
    page = html(client, "currency=EUR&sort=region&page=2&year=2020")
    form = page.split("data-map-year>")[1].split("</form>")[0]
    assert '<input type="hidden" name="currency" value="EUR">' in form
    assert '<input type="hidden" name="sort" value="region">' in form
    assert 'name="page"' not in form


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("year=2018", "year must be a year with trade figures, from 2019 to 2021, got 2018", id="before"),
        pytest.param("year=2022", "year must be a year with trade figures, from 2019 to 2021, got 2022", id="after"),
        pytest.param("year=20x1", "year must be a year between 1991 and 2100, got '20x1'", id="malformed"),
        pytest.param("sort=colour", "sort must be one of region, value", id="sort"),
        pytest.param("page=0", "page must be a whole number from 1 to", id="page-0"),
        pytest.param("page=99", "page must be a whole number from 1 to 6, got '99'", id="past-the-last-page"),
        pytest.param("map_year=2020", "map_year is not a parameter of this page", id="unknown"),
        pytest.param("year=2020&year=2021", "year is given more than once", id="twice"),
    ],
)
def test_a_bad_map_parameter_is_a_400_that_says_why(client, figures, query, message):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    twin = client.get(f"/?{query}&format=json")
    assert twin.status_code == 400 and message in twin.json()["error"]


def test_the_table_lists_every_region_of_the_map_page_by_page(client, figures):
    seen = []
    pages = -(-map_regions() // PER_PAGE)
    for number in range(1, pages + 1):
        rows = table_rows(html(client, f"page={number}"))
        assert len(rows) == (PER_PAGE if number < pages else map_regions() - PER_PAGE * (pages - 1))
        seen += [code for code, *_ in rows]
    assert len(seen) == len(set(seen)) == map_regions()
    assert f"Page 1 of {pages}" in html(client)


def test_the_table_sorts_largest_first_by_default_with_the_regions_without_a_figure_last(client, figures):
    rows = table_rows(html(client))
    assert [code for code, *_ in rows[:5]] == ["RU-MOW", "RU-NVS", "RU-KYA", "RU-OMS", "BY-VI"]
    moscow = rows[0]
    assert moscow[2:] == ("$1.2 billion", "$1.0 billion", "+$200.0 million")
    assert rows[5][2] == "–"  # no figure in 2021
    assert re.search(r'<th scope="col" class="num" aria-sort="descending"><a href="\?sort=value#map"', html(client))


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        pytest.param("value", ["BY-VI", "RU-OMS", "RU-KYA"], id="smallest-first"),
        pytest.param("-change", ["RU-MOW", "RU-KYA", "RU-NVS"], id="largest-change-first"),
        pytest.param("change", ["RU-NVS", "RU-KYA", "RU-MOW"], id="smallest-change-first"),
        pytest.param("-change_pct", ["RU-MOW", "RU-KYA", "RU-NVS"], id="largest-change-in-percent-first"),
    ],
)
def test_the_table_sorts_by_any_column(client, figures, sort, first):
    assert [code for code, *_ in table_rows(html(client, f"sort={sort}"))[:3]] == first


def test_sorting_by_region_is_alphabetical_and_each_heading_turns_its_order_round(client, figures):
    page = html(client, "sort=region&page=2")
    names = [name for _code, name, *_ in table_rows(page)]
    assert names == sorted(names)
    assert 'aria-sort="ascending"><a href="?sort=-region#map"' in page  # back to page 1, the other way round
    assert '<a href="?sort=-value#map" data-sort="value">' in page


def test_the_table_has_the_year_of_the_map(client, figures):
    rows = dict((code, rest) for code, *rest in table_rows(html(client, "year=2020&sort=region&page=1")))
    page = html(client, "year=2020")
    assert re.search(r'data-sort="value">2020<', page) and re.search(r'data-sort="previous">2019<', page)
    assert table_rows(page)[0][:4] == ("RU-MOW", "Moscow", "$1.0 billion", "$900.0 million")
    assert all(rest[1] == "–" for code, rest in rows.items() if code != "RU-MOW")  # none but Moscow had 2019


def test_the_tables_data_is_every_region_in_the_order_asked(client, figures):
    response = client.get("/?year=2021&sort=-change&data=map_regions&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == map_regions()
    assert [r["code"] for r in rows[:3]] == ["RU-MOW", "RU-KYA", "RU-NVS"]
    assert float(rows[0]["change_usd"]) == 200 * M and float(rows[0]["change_pct"]) == 20.0
    assert {r["year"] for r in rows} == {"2021"}


def test_a_fresh_install_has_no_slider_and_an_empty_table(client, db):
    page = html(client)
    assert 'type="range"' not in page
    assert len(table_rows(page)) == PER_PAGE and all(row[2] == "–" for row in table_rows(page))
