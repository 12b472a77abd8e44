"""TradeQuery: the trade filters, checked by one policy whichever page or endpoint read them."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from api.filters import trade_query as api_trade_query
from belregions.params import FIRST_YEAR, LAST_YEAR, BadParam
from belregions.trade_query import (
    FIGURE_FIELDS,
    Names,
    PointSum,
    TradeQuery,
    TradeQueryError,
    figure_rows,
    full_year,
    point_key,
)
from dashboard.params import trade_query as page_trade_query
from tests import factories as make


def refused(**filters) -> TradeQueryError:
    with pytest.raises(TradeQueryError) as caught:
        TradeQuery(**filters)
    return caught.value


def test_codes_are_upper_cased_once_each_in_order():
    query = TradeQuery(regions=["ru-nvs", "BY-VI", "RU-NVS"], partners=["by"], district="ru-fd-sib")
    assert (query.regions, query.partners, query.district) == (("RU-NVS", "BY-VI"), ("BY",), "RU-FD-SIB")
    assert TradeQuery(regions="RU-NVS").regions == ("RU-NVS",)  # one code, not its letters
    assert TradeQuery(regions=["RU-NVS"]) == TradeQuery(regions=("RU-NVS",))


@pytest.mark.parametrize(
    ("filters", "param", "message"),
    [
        pytest.param({"country": "UA"}, "country", "country must be one of RU, BY, got 'UA'", id="country"),
        pytest.param({"flow": "transit"}, "flow", "flow must be one of turnover, export, import, got 'transit'",
                     id="flow"),
        pytest.param({"currency": "XYZ"}, "currency", "currency must be one of", id="currency"),
        pytest.param({"currency": "usd"}, "currency", "got 'usd'", id="currency-case"),
        pytest.param({"regions": ["RU-NVS", "<b>"]}, "regions", "regions: give codes like RU-MOW,BY-MI, got '<B>'",
                     id="code"),
        pytest.param({"district": "RU FD"}, "district", "district: give codes like", id="district"),
        pytest.param({"year_from": FIRST_YEAR - 1}, "year_from",
                     f"year_from must be a year between {FIRST_YEAR} and {LAST_YEAR}, got '{FIRST_YEAR - 1}'",
                     id="before-the-first-year"),
        pytest.param({"year_to": LAST_YEAR + 1}, "year_to", "year_to must be a year between", id="after-the-last"),
        pytest.param({"year_from": 2015, "year_to": 2010}, "year_from", "year_from (2015) is after year_to (2010)",
                     id="from-after-to"),
    ],
)
def test_a_bad_filter_is_refused_naming_its_parameter(filters, param, message):
    error = refused(**filters)
    assert message in str(error) and error.param == param
    assert isinstance(error, BadParam)  # the dashboard's 400 page and the API's 400 answer both catch it


def test_the_first_year_and_a_one_year_range_are_accepted():
    assert TradeQuery(year_from=FIRST_YEAR, year_to=FIRST_YEAR).year_from == FIRST_YEAR
    assert TradeQuery(year_from=2010, year_to=2010, flow="export", currency="RUB").currency == "RUB"


def test_messages_name_the_parameter_as_the_request_spelled_it():
    error = refused(year_from=2015, year_to=2010, names=Names(year_from="from", year_to="to"))
    assert (str(error), error.param) == ("from (2015) is after to (2010)", "from")
    assert TradeQuery(names=Names(year_from="from")) == TradeQuery()  # the names are not part of the query


def test_the_dashboard_parses_its_query_string_into_one():
    query = QueryDict("regions=ru-nvs,RU-KYA&regions=BY-VI&from=2010&to=2012&flow=export&currency=rub")
    assert page_trade_query(query, regions=10, flow="turnover") == TradeQuery(
        regions=("RU-NVS", "RU-KYA", "BY-VI"), year_from=2010, year_to=2012, flow="export", currency="RUB")
    assert page_trade_query(QueryDict("flow=export&from=")).flow is None  # a page without a flow reads none
    with pytest.raises(TradeQueryError, match=r"^from \(2015\) is after to \(2010\)$"):
        page_trade_query(QueryDict("from=2015&to=2010"))
    with pytest.raises(BadParam, match="from must be a year between"):
        page_trade_query(QueryDict(f"from={FIRST_YEAR - 1}"))


def test_the_api_parses_its_parameters_into_one():
    query = QueryDict("region=RU-SPE,ru-oms&by_region=BY-MI&district=ru-fd-nw&year_from=2019&flow=export")
    assert api_trade_query(query) == TradeQuery(regions=("RU-SPE", "RU-OMS"), partners=("BY-MI",),
                                                district="RU-FD-NW", year_from=2019, flow="export")


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        pytest.param("year_from=2020&year_to=2010", {"year_from": ["year_from (2020) is after year_to (2010)"]},
                     id="from-after-to"),
        pytest.param(f"year_to={FIRST_YEAR - 1}", {"year_to": [f"year_to must be a year between {FIRST_YEAR} and "
                                                               f"{LAST_YEAR}, got '{FIRST_YEAR - 1}'"]}, id="year"),
        pytest.param("flow=", {"flow": ["Give a value, or leave the parameter out."]}, id="empty"),
        pytest.param("by_region=BY_MI", {"by_region": ["by_region: give codes like RU-MOW,RU-SPE, got 'BY_MI'"]},
                     id="code"),
    ],
)
def test_the_api_answers_a_bad_filter_with_a_400_naming_it(query, errors):
    with pytest.raises(ValidationError) as caught:
        api_trade_query(QueryDict(query))
    assert caught.value.detail == errors


@pytest.mark.django_db
def test_rows_are_read_by_name():
    source = make.article(published=date(2012, 3, 1))
    figure = make.figure(source, "RU-NVS", 2011, 200_000_000, by_region="BY-VI", flow="export",
                      words="Belarus and a Russian region")
    (row,) = figure_rows(TradeQuery(regions=("RU-NVS",)).figures())
    assert row._fields == FIGURE_FIELDS
    assert (row.id, row.article_id, row.article__published, row.region__name_en, row.by_region_id) == (
        figure.pk, source.pk, date(2012, 3, 1), "Novosibirsk Oblast", "BY-VI")
    assert point_key(row) == ("RU-NVS", "BY-VI", 2011, "export")
    (with_evidence,) = figure_rows(TradeQuery().figures(), evidence=True)
    assert with_evidence.evidence == figure.evidence == "Belarus and a Russian region"


@pytest.mark.django_db
def test_the_querysets_select_the_same_points():
    source = make.article()
    make.figure(source, "RU-NVS", 2011, 1, by_region="BY-VI")
    make.figure(source, "RU-NVS", 2012, 2)
    make.figure(source, None, 2012, 3, flow="export")
    for query, points in [(TradeQuery(partners=("BY-VI",)), {("RU-NVS", "BY-VI", 2011, "turnover")}),
                          (TradeQuery(partners=("BY",), year_from=2012), {("RU-NVS", "BY", 2012, "turnover"),
                                                                          ("RU", "BY", 2012, "export")}),
                          (TradeQuery(regions=("RU",), flow="export"), {("RU", "BY", 2012, "export")}),
                          (TradeQuery(country="RU", year_to=2011), {("RU-NVS", "BY-VI", 2011, "turnover")})]:
        assert {point_key(row) for row in figure_rows(query.figures())} == points, query
        assert {key.key for key in query.keys()} == points, query


@pytest.mark.parametrize(
    ("start", "end", "whole"),
    [
        pytest.param(date(2011, 1, 1), date(2011, 12, 31), True, id="the-year"),
        pytest.param(date(2011, 1, 1), None, True, id="no-end-stated"),
        pytest.param(date(2011, 1, 1), date(2011, 5, 31), False, id="january-may"),
        pytest.param(date(2011, 2, 1), date(2011, 12, 31), False, id="from-february"),
        pytest.param(date(2011, 1, 1), date(2012, 12, 31), False, id="two-years"),
    ],
)
def test_full_year(start, end, whole):
    assert full_year(start, end) is whole


def point(value, *, disputed=False, partial=False, others=0):
    return SimpleNamespace(value=value, disputed=disputed, partial=partial, others=[object()] * others)


def test_one_figure_is_itself_and_several_are_summed():
    alone = point(100.25, partial=True)
    one = PointSum((alone,))
    assert (one.single, one.count, one.value, one.partial, one.disputed) == (alone, 1, 100.25, True, False)
    several = PointSum((point(0.1), point(0.2, disputed=True, others=2), point(1.0, others=1)))
    assert several.single is None
    assert (several.count, several.value, several.label) == (3, 1.3, "sum of 3 figures")  # not 1.3000000000000003
    assert (several.disputed, several.partial, several.others) == (True, False, 3)
