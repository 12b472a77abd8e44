"""stats/trade serves the consolidated trade: the selector's points, the dashboard chart's numbers."""

import json
import re

import pytest

from belregions.selectors import consolidated_trade
from dashboard.formatting import FLOW_LABELS
from tests import factories as make

pytestmark = pytest.mark.django_db


def all_rows(client, **params):
    response = client.get("/api/v1/stats/trade/", {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    assert response.json()["next"] is None
    return response.json()["results"]


@pytest.mark.parametrize(
    "params, selector_args",
    [
        pytest.param({}, {}, id="everything"),
        pytest.param({"region": "RU-SPE,RU-OMS"}, {"regions": ["RU-OMS", "RU-SPE"]}, id="regions"),
        pytest.param({"region": "RU"}, {"regions": ["RU"]}, id="russia"),
        pytest.param({"district": "RU-FD-NW", "year_from": 2020}, {"district": "RU-FD-NW", "year_from": 2020},
                     id="district-years"),
        pytest.param({"flow": "export", "currency": "RUB"}, {"flow": "export", "currency": "RUB"}, id="flow-rub"),
        pytest.param({"country": "RU", "year_to": 2019}, {"country": "RU", "year_to": 2019}, id="country"),
    ],
)
def test_it_serves_the_selectors_points(anon_client, world, params, selector_args):
    rows = all_rows(anon_client, **params)
    points = consolidated_trade(**selector_args)
    assert [(r["region"], r["partner"], r["year"], r["flow"], r["value"], r["figure"]) for r in rows] == [
        (p.region, p.partner, p.year, p.flow, p.value, p.figure.id) for p in points]
    assert rows, "the world has figures for each of these"


def test_rubles_are_converted_and_the_stated_amount_kept(anon_client, world):
    (omsk,) = all_rows(anon_client, region="RU-OMS")
    assert omsk["amount"] == 20000000000.0 and omsk["amount_currency"] == "RUB"
    assert omsk["currency"] == "USD" and 0 < omsk["value"] < 20000000000.0
    assert "RUB per USD" in omsk["basis"]


def test_the_editors_figure_is_the_one_chosen(anon_client, world, editor_client):
    spb_2019 = world["trade"][2]
    competing = make.figure(world["articles"][0], "RU-SPE", spb_2019.period_start.year, "999.00", fingerprint="c")
    editor_client.post(f"/api/v1/facts/trade-figures/{competing.pk}/confirm/")
    row = next(r for r in all_rows(anon_client, region="RU-SPE") if r["year"] == 2019)
    assert row["figure"] == competing.pk and row["value"] == 999.0
    assert row["other_figures"] == [spb_2019.pk]


def chart_numbers(client, code: str, **params) -> set[tuple[str, int, float]]:
    """The trade chart's points on the dashboard's region page, read from the figure the page embeds."""
    html = client.get(f"/regions/{code}/", params).content.decode()
    found = re.search(r'<script type="application/json" id="figure-trade">(.*?)</script>', html, re.S)
    assert found, "the region page embeds its trade chart"
    figure = json.loads(found.group(1))
    return {(trace["name"], x, y) for trace in figure["data"] for x, y in zip(trace["x"], trace["y"], strict=True)}


@pytest.mark.parametrize(
    "code, params",
    [
        pytest.param("RU-SPE", {}, id="usd"),
        pytest.param("RU-MOW", {"from": 2019, "to": 2019}, id="years"),
        pytest.param("RU-OMS", {"currency": "RUB"}, id="rub"),
        pytest.param("RU-OMS", {"currency": "USD"}, id="converted"),
    ],
)
def test_it_equals_the_dashboard_chart(anon_client, client, world, code, params):
    api_params = {"region": code, "currency": params.get("currency", "USD")}
    api_params.update({api: params[page] for page, api in (("from", "year_from"), ("to", "year_to")) if page in params})
    api = {(FLOW_LABELS[r["flow"]], r["year"], r["value"]) for r in all_rows(anon_client, **api_params)
           if r["partner"] == "BY"}
    assert api, "the region has figures"
    assert chart_numbers(client, code, **params) == api


def test_stats_are_csv_too(anon_client, world):
    response = anon_client.get("/api/v1/stats/trade/", {"format": "csv", "region": "RU-SPE"})
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("region,region_name,region_level,partner")
    assert len(lines) == 3


def test_a_review_shows_at_once_despite_the_cache(anon_client, editor_client, world):
    before = {r["figure"] for r in all_rows(anon_client)}
    figure = world["trade"][0]
    assert figure.pk in before
    editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/reject/")
    assert figure.pk not in {r["figure"] for r in all_rows(anon_client)}


def test_a_point_is_written_as_drfs_own_fields_would_write_it(world):
    from rest_framework import serializers

    from api.stats import TradePointSerializer

    points = consolidated_trade(currency="RUB") + consolidated_trade(flow="export")
    assert points
    for point in points:
        by_hand = TradePointSerializer().to_representation(point)
        assert by_hand == serializers.Serializer.to_representation(TradePointSerializer(), point)
        assert list(by_hand) == list(TradePointSerializer().fields)
