"""The overview's trade trends: lines of the top regions, "all other" on request, share, change and log scales,
and the ranking of a year with its change from the year before."""

from __future__ import annotations

import csv
import io
from datetime import date

import plotly.graph_objects as go
import pytest

from bench.generate_dataset import populate
from dashboard.formatting import number
from dashboard.selectors.common import percent
from dashboard.tables import Table, shown
from tests import factories as make
from tests.dashboard.conftest import figures_in
from tests.dashboard.test_queries import LARGE, SMALL

pytestmark = pytest.mark.django_db

# Millions of US dollars by region and year. With top=2 the top are Moscow and Novosibirsk; the rest, three.
FIGURES = {
    "RU-MOW": {2020: 1000, 2021: 1200},
    "RU-NVS": {2020: 200, 2021: 150},
    "RU-KYA": {2020: 100, 2021: 100},
    "RU-OMS": {2021: 50},
    "RU-SMO": {2020: 30, 2021: 40},
}
M = 1_000_000


@pytest.fixture
def trends(db):
    source = make.article("Trade by region", "Trade figures of five regions.", published=date(2022, 2, 1))
    for code, years in FIGURES.items():
        for year, amount in years.items():
            make.figure(source, code, year, amount * M)
    return source


def rows_of(client, query: str, table: str = "trade") -> list[dict]:
    response = client.get(f"/?{query}&data={table}&format=json")
    assert response.status_code == 200, response.content
    return response.json()["rows"]


def trade_figure(client, query: str = "") -> dict:
    return figures_in(client.get(f"/?{query}").content.decode())["trade"]


def test_it_draws_the_top_regions_as_lines_without_the_others_by_default(client, trends):
    figure = trade_figure(client, "top=2")
    assert [t["name"] for t in figure["data"]] == ["Moscow", "Novosibirsk Oblast"]
    assert {t["type"] for t in figure["data"]} == {"scatter"}
    assert max(y for t in figure["data"] for y in t["y"]) == 1200 * M  # no "other" sum sets the axis
    rows = rows_of(client, "top=2")
    assert {r["region_code"] for r in rows} == {"RU-MOW", "RU-NVS"}
    note = client.get("/?top=2&data=trade&format=json").json()["note"]
    assert "The other 3 regions are left out" in note


def test_other_1_adds_the_others_sum_in_grey(client, trends):
    rows = rows_of(client, "top=2&other=1")
    others = {r["year"]: r["value_usd"] for r in rows if r["region_code"] == "other"}
    assert others == {2020: 130 * M, 2021: 190 * M}
    traces = trade_figure(client, "top=2&other=1")["data"]
    assert traces[-1]["name"] == "Other regions (3)" and traces[-1]["line"]["color"] == "#6b7280"


def test_bars_still_stack_on_request(client, trends):
    figure = trade_figure(client, "top=2&chart=bar")
    assert {t["type"] for t in figure["data"]} == {"bar"} and figure["layout"]["barmode"] == "stack"


def test_share_is_of_all_regions_total_and_sums_to_100_a_year(client, trends):
    rows = rows_of(client, "top=2&other=1&scale=share")
    for year in (2020, 2021):
        total = sum(years[year] for years in FIGURES.values() if year in years)
        shares = [r["share_pct"] for r in rows if r["year"] == year]
        assert sum(shares) == pytest.approx(100, abs=0.05)
        moscow = next(r for r in rows if r["year"] == year and r["region_code"] == "RU-MOW")
        assert moscow["share_pct"] == pytest.approx(100 * FIGURES["RU-MOW"][year] / total, abs=0.005)
    figure = trade_figure(client, "top=2&scale=share")
    assert figure["layout"]["yaxis"]["ticksuffix"] == " %"
    assert "share" in figure["layout"]["yaxis"]["title"]["text"]
    assert figure["data"][0]["y"] == [r["share_pct"] for r in rows if r["region_code"] == "RU-MOW"]
    assert "of the total" in figure["data"][0]["customdata"][0][1]


def test_change_is_on_the_year_before_and_empty_without_it(client, trends):
    rows = {(r["region_code"], r["year"]): r["change_pct"] for r in rows_of(client, "top=5&scale=change")}
    assert rows["RU-NVS", 2020] is None and rows["RU-NVS", 2021] == pytest.approx(-25.0)
    assert rows["RU-MOW", 2021] == pytest.approx(20.0)
    assert rows["RU-OMS", 2021] is None  # no 2020 figure
    header = next(csv.reader(io.StringIO(client.get("/?scale=change&data=trade&format=csv").content.decode())))
    assert header == ["year", "region_code", "region", "value_usd", "change_pct"]
    figure = trade_figure(client, "top=5&scale=change")
    assert "change" in figure["layout"]["yaxis"]["title"]["text"]


def test_log_sets_the_axis_type(client, trends):
    assert trade_figure(client, "scale=log")["layout"]["yaxis"]["type"] == "log"
    assert trade_figure(client)["layout"]["yaxis"].get("type") != "log"


def test_the_data_table_follows_the_scale(client, trends):
    html = client.get("/?top=2&scale=share").content.decode()
    assert "Share of all regions, %" in html
    assert "75.2" in html  # Moscow's 1000 of 1330 in 2020


def test_the_ranking_orders_the_latest_year_with_its_change(client, trends):
    rows = rows_of(client, "top=2", table="ranking")
    assert [r["region_code"] for r in rows] == ["RU-MOW", "RU-NVS", "RU-KYA", "RU-OMS", "RU-SMO"]
    novosibirsk = rows[1]
    assert (novosibirsk["year"], novosibirsk["value_usd"], novosibirsk["previous_usd"]) == (2021, 150 * M, 200 * M)
    assert novosibirsk["change_usd"] == -50 * M and novosibirsk["change_pct"] == pytest.approx(-25.0)
    omsk = rows[3]
    assert omsk["previous_usd"] is None and omsk["change_usd"] is None and omsk["change_pct"] is None
    html = client.get("/").content.decode()
    assert '<a href="/regions/RU-NVS/">Novosibirsk Oblast</a>' in html
    assert "−$50.0 million" in html and "−25.0\u00a0%" in html


def test_the_ranking_takes_the_year_parameter_and_has_a_csv(client, trends):
    rows = rows_of(client, "year=2020", table="ranking")
    assert [r["region_code"] for r in rows] == ["RU-MOW", "RU-NVS", "RU-KYA", "RU-SMO"]
    assert rows[0]["previous_usd"] is None
    text = client.get("/?year=2020&data=ranking&format=csv").content.decode()
    assert text.splitlines()[0] == "rank,region_code,region,year,value_usd,previous_usd,change_usd,change_pct"


@pytest.mark.parametrize("scale", ["value", "share", "change", "log"])
@pytest.mark.parametrize("chart", ["line", "bar"])
def test_every_scale_draws_valid_plotly(client, trends, scale, chart):
    figure = trade_figure(client, f"top=2&scale={scale}&chart={chart}&other=1")
    go.Figure(figure)  # raises ValueError on any invalid property
    assert [t["name"] for t in figure["data"]] == ["Moscow", "Novosibirsk Oblast", "Other regions (3)"]


@pytest.mark.parametrize(("query", "name"), [
    pytest.param("scale=pie", "scale", id="scale"),
    pytest.param("other=yes", "other", id="other"),
    pytest.param("chart=pie", "chart", id="chart"),
])
def test_a_bad_value_is_a_400_naming_it(client, trends, query, name):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert f"{name} must be one of" in response.content.decode()
    assert client.get(f"/?{query}&format=json").json()["error"].startswith(f"{name} must be one of")


def test_the_russian_page_labels_the_controls(client, trends):
    html = client.get("/ru/?scale=share").content.decode()
    for english in ("All other regions", "Share of all regions", "Change on the year before", "Log scale",
                    "Top regions in"):
        assert english not in html
    assert "Все остальные регионы" in html and "Доля от всех регионов" in html


@pytest.mark.parametrize("sizes", [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")])
@pytest.mark.parametrize("query", ["scale=share&other=1", "scale=change&chart=bar", "data=ranking&format=csv"])
def test_the_options_read_no_more_queries(client, django_assert_num_queries, sizes, query):
    populate(sizes)
    client.get("/healthz")
    with django_assert_num_queries(8):  # as the overview without them (tests/dashboard/test_queries.py)
        assert client.get(f"/?{query}").status_code == 200


def test_a_change_in_percent_is_rounded_once_for_the_page():
    # 25 after 26 is −3.846 %: kept to four decimals, it shows as −3.8 %; rounded to two first (−3.85), it showed −3.9.
    change = percent(25 - 26, 26)
    assert change == pytest.approx(-3.8462)
    [[shown_change]] = shown(Table("ranking", "", ("change_pct",), [(change,)])).rows
    assert shown_change.text == number(-3.8, 1)
