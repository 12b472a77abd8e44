"""The consolidated trade: one figure per region, year and flow, by the rule the dashboard and API share."""

from datetime import date

import pytest

from belregions.selectors import TradeQueryError, consolidated_trade
from tests import factories as make

pytestmark = pytest.mark.django_db


def only_point(**filters):
    points = consolidated_trade(**filters)
    assert len(points) == 1, points
    return points[0]


def test_it_gives_one_point_per_region_year_and_flow():
    source = make.article()
    make.figure(source, "RU-NVS", 2011, 200_000_000)
    make.figure(source, "RU-NVS", 2011, 120_000_000, flow="export")
    make.figure(source, "RU-NVS", 2012, 230_000_000)
    make.figure(source, "RU-KYA", 2011, 132_000_000)
    keys = [(p.region, p.year, p.flow) for p in consolidated_trade()]
    assert keys == [("RU-KYA", 2011, "turnover"), ("RU-NVS", 2011, "export"), ("RU-NVS", 2011, "turnover"),
                    ("RU-NVS", 2012, "turnover")]


@pytest.mark.parametrize(
    ("winner", "loser"),
    [
        pytest.param({"origin": "editor", "review": "added"}, {}, id="editor-over-machine"),
        pytest.param({"review": "confirmed"}, {}, id="confirmed-over-unreviewed"),
        pytest.param({}, {"end": date(2011, 5, 31)}, id="full-year-over-partial"),
    ],
)
def test_the_rule_prefers(winner, loser):
    newer = make.article(published=date(2013, 1, 1))
    older = make.article(published=date(2012, 1, 1))
    # The loser is in the newer article, so the first rules must beat recency.
    make.figure(newer, "RU-NVS", 2011, 300_000_000, **loser)
    chosen = make.figure(older, "RU-NVS", 2011, 200_000_000, **winner)
    point = only_point()
    assert point.figure.id == chosen.id
    assert [o.amount for o in point.others] == [300_000_000]


def test_with_nothing_else_to_choose_by_the_latest_article_wins():
    make.figure(make.article(published=date(2012, 3, 1)), "RU-NVS", 2011, 200_000_000)
    latest = make.figure(make.article(published=date(2012, 9, 1)), "RU-NVS", 2011, 205_000_000)
    make.figure(make.article(published=None), "RU-NVS", 2011, 210_000_000)
    assert only_point().figure.id == latest.id


def test_rejected_figures_never_count():
    source = make.article()
    make.figure(source, "RU-NVS", 2011, 999_000_000, origin="editor", review="rejected")
    kept = make.figure(source, "RU-NVS", 2011, 200_000_000)
    make.figure(source, "RU-KYA", 2011, 100_000_000, review="rejected")
    point = only_point()
    assert point.figure.id == kept.id and point.others == []


@pytest.mark.parametrize(
    ("other", "disputed"),
    [
        pytest.param(215_000_000, False, id="within-10-percent"),
        pytest.param(230_000_000, True, id="over-10-percent"),
        pytest.param(150_000_000, True, id="under-by-25-percent"),
    ],
)
def test_sources_disagreeing_by_more_than_10_percent_mark_the_point(other, disputed):
    make.figure(make.article(published=date(2012, 6, 1)), "RU-NVS", 2011, 200_000_000)
    make.figure(make.article(published=date(2012, 3, 1)), "RU-NVS", 2011, other)
    point = only_point()
    assert point.disputed is disputed
    assert point.spread == pytest.approx(abs(other - 200_000_000) / 200_000_000)


def test_a_partial_figure_does_not_make_a_disagreement():
    make.figure(make.article(), "RU-NVS", 2011, 200_000_000)
    make.figure(make.article(), "RU-NVS", 2011, 60_000_000, end=date(2011, 3, 31))
    point = only_point()
    assert not point.partial and not point.disputed and len(point.others) == 1


def test_a_partial_figure_stands_when_it_is_all_there_is():
    make.figure(make.article(), "RU-NVS", 2012, 90_000_000, end=date(2012, 5, 31))
    assert only_point().partial


def test_amounts_are_converted_and_the_original_kept():
    make.figure(make.article(), "RU-NVS", 2012, 3_109_000_000, currency="RUB")
    point = only_point()
    assert point.value == pytest.approx(100_000_000)
    assert (point.figure.amount, point.figure.currency) == (3_109_000_000, "RUB")
    assert "Bank of Russia" in point.figure.basis
    assert only_point(currency="RUB").value == pytest.approx(3_109_000_000)


def test_old_belarusian_roubles_in_an_old_article():
    make.figure(make.article(published=date(2013, 2, 1)), "RU-NVS", 2012, 8_336_900_000_000, currency="BYN")
    assert only_point().value == pytest.approx(1_000_000_000)


def test_a_figure_without_a_rate_for_its_year_keeps_its_amount_and_has_no_value():
    make.figure(make.article(), "RU-NVS", 1995, 5_000_000_000, currency="RUB")
    point = only_point()
    assert point.value is None and point.figure.amount == 5_000_000_000


def test_oblast_figures_are_a_separate_point_with_their_partner():
    source = make.article()
    make.figure(source, "RU-SMO", 2012, 500_000_000)
    make.figure(source, "RU-SMO", 2012, 90_000_000, by_region="BY-VI")
    assert sorted(p.partner for p in consolidated_trade(regions=["RU-SMO"])) == ["BY", "BY-VI"]
    assert [p.region for p in consolidated_trade(regions=["BY-VI"])] == ["RU-SMO"]
    assert [p.partner for p in consolidated_trade(country="BY")] == ["BY-VI"]


def test_filters():
    source = make.article()
    make.figure(source, "RU-NVS", 2010, 1)
    make.figure(source, "RU-NVS", 2015, 2, flow="export")
    make.figure(source, "RU-OMS", 2012, 3)
    make.figure(source, "RU-FD-SIB", 2012, 4)
    make.figure(source, "RU-MOW", 2012, 5)
    make.figure(source, None, 2012, 6)

    def amounts(**filters):
        return sorted(int(p.figure.amount) for p in consolidated_trade(**filters))

    assert amounts() == [1, 2, 3, 4, 5, 6]
    assert amounts(regions=["RU-NVS", "RU-OMS"]) == [1, 2, 3]
    assert amounts(regions=["RU"]) == [6]
    assert amounts(district="RU-FD-SIB") == [1, 2, 3, 4]
    assert amounts(country="RU") == [1, 2, 3, 4, 5]
    assert amounts(year_from=2011, year_to=2014) == [3, 4, 5, 6]
    assert amounts(flow="export") == [2]
    russia = consolidated_trade(regions=["RU"])[0]
    assert (russia.region, russia.region_level) == ("RU", "country")
    assert consolidated_trade(district="RU-FD-SIB", year_from=2012)[0].region_level == "district"


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param({"country": "UA"}, id="country"),
        pytest.param({"flow": "transit"}, id="flow"),
        pytest.param({"currency": "XYZ"}, id="currency"),
        pytest.param({"year_from": 2015, "year_to": 2010}, id="empty-years"),
    ],
)
def test_bad_filters_are_refused_with_a_message(filters):
    with pytest.raises(TradeQueryError):
        consolidated_trade(**filters)


def test_it_reads_in_one_query(django_assert_num_queries):
    source = make.article()
    for year in range(2000, 2010):
        make.figure(source, "RU-NVS", year, 1000 + year)
        make.figure(make.article(), "RU-NVS", year, 2000 + year)
    with django_assert_num_queries(1):
        assert len(consolidated_trade()) == 10
