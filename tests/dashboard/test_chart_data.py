"""A chart's CSV holds the numbers the chart draws: the page's embedded figure against its CSV link."""

import csv
import io

import pytest

from tests.dashboard.conftest import figures_in

pytestmark = pytest.mark.django_db


def csv_rows(client, url: str, chart: str) -> list[dict]:
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}data={chart}&format=csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def drawn_points(figure: dict) -> set[tuple]:
    """(series, x, y) for every point of every trace."""
    return {(trace["name"], x, y) for trace in figure["data"] for x, y in zip(trace["x"], trace["y"], strict=True)}


def number(text: str) -> float:
    return float(text)


@pytest.mark.parametrize(
    ("url", "chart", "series", "value"),
    [
        pytest.param("/", "trade", "region", "value_usd", id="overview-trade"),
        pytest.param("/?chart=line&currency=RUB&top=2", "trade", "region", "value_rub", id="overview-lines-rub"),
        pytest.param("/regions/RU-NVS/", "trade", "series", "value_usd", id="region-trade"),
        pytest.param("/regions/RU-FD-SIB/?chart=bar", "trade", "series", "value_usd", id="district-trade"),
        pytest.param("/compare/?regions=RU-NVS,RU-OMS,RU-MOW", "trade", "region", "value_usd", id="compare"),
    ],
)
def test_a_trade_charts_csv_holds_its_points(client, trade_data, url, chart, series, value):
    figure = figures_in(client.get(url).content.decode())[chart]
    rows = csv_rows(client, url, chart)
    assert drawn_points(figure) == {(r[series], int(r["year"]), number(r[value])) for r in rows}
    assert len(figure["data"]) == len({r[series] for r in rows}) >= 2


def test_the_maps_csv_holds_its_regions_and_values(client, trade_data):
    figure = figures_in(client.get("/?year=2012").content.decode())["map"]
    coloured = next(t for t in figure["data"] if t["name"] == "trade")
    drawn = {(code, data[3]) for code, data in zip(coloured["locations"], coloured["customdata"], strict=True)}
    rows = csv_rows(client, "/?year=2012", "map")
    assert drawn == {(r["code"], number(r["value_usd"])) for r in rows}
    assert ("BY-VI", 80_000_000) in drawn


def test_the_meetings_chart_and_its_csv(client, trade_data):
    figure = figures_in(client.get("/").content.decode())["meetings"]
    rows = csv_rows(client, "/", "meetings")
    assert drawn_points(figure) == {(r["kind"].capitalize(), int(r["year"]), int(r["meetings"])) for r in rows}


def test_the_heat_map_and_its_csv(client, trade_data):
    trace = figures_in(client.get("/").content.decode())["sectors"]["data"][0]
    cells = {(sector, district): trace["z"][i][j] for i, sector in enumerate(trace["y"])
             for j, district in enumerate(trace["x"])}
    rows = csv_rows(client, "/", "sectors")
    assert cells == {(r["sector_name"], r["district_name"].replace(" Federal District", "")): int(r["articles"])
                     for r in rows}
    assert cells[("High technology and innovation", "Siberian")] == 1


def test_the_regions_chart_and_its_csv(client, trade_data):
    trace = figures_in(client.get("/regions/").content.decode())["trade"]["data"][0]
    rows = csv_rows(client, "/regions/", "trade")
    assert list(zip(trace["y"], trace["x"], strict=True)) == [(r["region"], number(r["value_usd"])) for r in rows]


def test_the_region_sectors_chart_and_its_csv(client, trade_data):
    trace = figures_in(client.get("/regions/RU-OMS/").content.decode())["sectors"]["data"][0]
    rows = csv_rows(client, "/regions/RU-OMS/", "sectors")
    assert list(zip(trace["y"], trace["x"], strict=True)) == [(r["sector_name"], int(r["articles"])) for r in rows]


def test_the_meetings_per_month_chart_and_its_csv(client, trade_data):
    figure = figures_in(client.get("/regions/RU-FD-SIB/").content.decode())["per_month"]
    drawn = {(t["name"].lower(), x, y) for t in figure["data"] for x, y in zip(t["x"], t["y"], strict=True)}
    rows = csv_rows(client, "/regions/RU-FD-SIB/", "per_month")
    assert drawn == {(r["kind"], f"{int(r['year']):04d}-{int(r['month']):02d}-01", int(r["meetings"])) for r in rows}
    listed = csv_rows(client, "/regions/RU-FD-SIB/", "meetings")  # the latest meetings, each with its date
    assert sum(y for _kind, _x, y in drawn) == len(listed) == 2
    assert {(r["kind"], r["date"][:7]) for r in listed} == {(kind, x[:7]) for kind, x, _y in drawn}


def test_the_json_link_gives_the_same_rows_as_the_csv(client, trade_data):
    as_json = client.get("/regions/RU-NVS/?data=trade&format=json").json()["rows"]
    as_csv = csv_rows(client, "/regions/RU-NVS/", "trade")
    assert [(r["series"], r["year"], r["value_usd"]) for r in as_json] == [
        (r["series"], int(r["year"]), number(r["value_usd"])) for r in as_csv]
