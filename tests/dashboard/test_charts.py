"""The chart functions: every figure the pages draw is valid Plotly, and the pure functions behave."""

import plotly.graph_objects as go
import pytest

from dashboard import charts
from dashboard.tables import Table
from tests.dashboard.conftest import figures_in

pytestmark = pytest.mark.django_db

PAGES = ["/", "/?chart=line&currency=EUR&year=2012", "/regions/", "/regions/RU-NVS/", "/regions/RU-NVS/?chart=bar",
         "/regions/RU-FD-SIB/", "/regions/BY-VI/", "/regions/RU-OMS/", "/compare/?regions=RU-NVS,RU-KYA,BY-VI",
         "/compare/?regions=RU-NVS&chart=bar"]


@pytest.mark.parametrize("url", PAGES)
def test_every_figure_a_page_draws_is_valid_plotly(client, trade_data, url):
    """The pages build figures without validation (for speed); here each goes through plotly's validators."""
    figures = figures_in(client.get(url).content.decode())
    assert figures
    for name, figure in figures.items():
        go.Figure(figure)  # raises ValueError on any invalid property
        assert figure["data"], name


def test_a_single_year_gets_room_either_side():
    table = Table("t", "", ("year", "region_code", "region", "value_usd"), [(2011, "RU-NVS", "Novosibirsk", 2e8)])
    axis = charts.trade_by_region(table, "bar", "USD", "/regions/{code}/").layout.xaxis
    assert list(axis.range) == [2009.5, 2012.5] and axis.dtick == 1


def test_the_map_colours_on_a_log_scale_and_greys_the_rest():
    table = Table("map", "", ("code", "region", "country", "year", "value_usd"),
                  [("RU-NVS", "Novosibirsk", "RU", 2011, 2e8), ("RU-MOW", "Moscow", "RU", 2011, 5e9)])
    figure = charts.trade_map(table, "/static/geo/regions.geojson", [("RU-NVS", "Novosibirsk"), ("RU-MOW", "Moscow"),
                                                                      ("RU-TOM", "Tomsk")], "USD", "/regions/{code}/")
    base, trade = figure.data
    assert list(base.locations) == ["RU-NVS", "RU-MOW", "RU-TOM"]
    assert [round(z, 3) for z in trade.z] == [8.301, 9.699]
    assert trade.geojson == "/static/geo/regions.geojson"
    assert base.type == trade.type == "choropleth" and trade.featureidkey == "properties.code"
    assert figure.layout.geo.visible is False  # no base map from plotly's CDN: only the project's boundaries
    assert list(figure.layout.geo.lonaxis.range) == [19, 191]  # Kaliningrad to Chukotka, across 180°


def test_hover_text_from_articles_is_escaped():
    row = {"value_usd": 1.0, "as_stated": "<b>x</b>", "article_id": 3, "article_title": "<script>", "partial": False,
           "disputed": False, "period": "2011"}
    url, text, source = charts._point_hover(row, "value_usd", "USD", "/articles/{id}/")
    assert url == "/articles/3/" and "&lt;b&gt;" in text and source == "source: &lt;script&gt;"
