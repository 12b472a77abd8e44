"""TradeKey stays in step with the trade figures whatever writes them, and pages the consolidated trade."""

import threading
import time
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from articles import services
from belregions import trade_keys
from belregions.models import Region, TradeFigure, TradeKey
from belregions.review import fact_correct, fact_reject
from belregions.selectors import chosen_values, consolidated_trade, trade_points
from belregions.selectors import point_keys as keys_for
from tests import factories as make
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db


def stored() -> list[tuple]:
    return sorted(TradeKey.objects.values_list("region_code", "partner_code", "district_code", "year", "flow"))


def from_scratch() -> list[tuple]:
    """What a rebuild would store, computed without touching the table."""
    districts = trade_keys._districts(Region.objects.all())
    return sorted((k.region_code, k.partner_code, k.district_code, k.year, k.flow)
                  for k in trade_keys.keys_of(TradeFigure.objects.all(), districts))


@pytest.fixture
def figures():
    first, second = make.article(), make.article(published=date(2013, 1, 5))
    return {
        "nsk": make.figure(first, "RU-NVS", 2011, 200_000_000),
        "nsk_again": make.figure(second, "RU-NVS", 2011, 210_000_000),
        "russia": make.figure(first, None, 2012, 30e9),
        "gomel": make.figure(second, "RU-BRY", 2012, 50e6, by_region="BY-HO", flow="export"),
        "first": first, "second": second,
    }


def test_saved_figures_have_their_keys(figures):
    assert stored() == from_scratch() == [
        ("RU", "BY", "", 2012, "turnover"),
        ("RU-BRY", "BY-HO", "RU-FD-CEN", 2012, "export"),
        ("RU-NVS", "BY", "RU-FD-SIB", 2011, "turnover"),
    ]


def test_a_rejected_figure_keeps_its_key_while_another_report_has_it(figures, admin_user):
    fact_reject(figures["nsk"], admin_user)
    assert ("RU-NVS", "BY", "RU-FD-SIB", 2011, "turnover") in stored()
    fact_reject(figures["nsk_again"], admin_user)
    assert stored() == from_scratch()
    assert not TradeKey.objects.filter(region_code="RU-NVS").exists()


def test_a_correction_moves_the_key_to_the_new_region_and_year(figures, admin_user):
    fact_correct(figures["gomel"], admin_user, region=Region.objects.get(code="RU-SMO"), period_start=date(2014, 1, 1),
                             period_end=date(2014, 12, 31))
    assert stored() == from_scratch()
    assert TradeKey.objects.filter(region_code="RU-SMO", partner_code="BY-HO", year=2014).exists()
    assert not TradeKey.objects.filter(region_code="RU-BRY").exists()


def test_deleting_an_article_takes_its_keys_with_it(figures):
    figures["first"].delete()
    assert stored() == from_scratch()
    assert not TradeKey.objects.filter(region_code="RU").exists()
    assert TradeKey.objects.filter(region_code="RU-NVS").exists()  # the second article still reports 2011


def test_a_parse_and_a_reparse_write_the_keys_of_their_figures(seed_bytes):
    for name in sorted(seed_bytes):
        article = services.create_article(seed_bytes[name], filename=name).article
        services.run_parse(article.pk)
    assert TradeFigure.objects.exists()
    assert stored() == from_scratch() and stored()
    article = TradeFigure.objects.order_by("pk").first().article
    TradeFigure.objects.filter(article=article).update(region_id="RU-MOW")  # around the app: the parse must repair
    services.run_parse(article.pk)
    assert stored() == from_scratch()


def test_rebuild_restores_what_writes_around_the_app_left(figures):
    TradeKey.objects.all().delete()
    TradeFigure.objects.filter(pk=figures["russia"].pk).update(flow="import")
    call_command("rebuild_trade_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert stored() == from_scratch() and ("RU", "BY", "", 2012, "import") in stored()


FILTERS = [
    {},
    {"regions": ["RU-NVS"]},
    {"regions": ["RU"]},
    {"regions": ["BY-HO"]},
    {"regions": ["BY"]},  # Belarus as a whole is not a filter on the partner: nothing
    {"district": "RU-FD-SIB"},
    {"district": "RU-NVS"},  # a subject's code as the district: that subject
    {"country": "RU"},
    {"country": "BY"},
    {"year_from": 2012},
    {"year_to": 2011, "flow": "turnover"},
    {"flow": "export", "currency": "RUB"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=[str(f) or "none" for f in FILTERS])
def test_the_points_of_the_keys_are_the_consolidated_trade(figures, filters):
    assert trade_points(keys_for(**filters), currency=filters.get("currency", "USD")) == consolidated_trade(**filters)


def test_a_page_of_keys_gives_those_points_only(figures):
    everything = consolidated_trade()
    keys = keys_for()
    assert trade_points(keys[1:3]) == everything[1:3]
    assert trade_points([]) == []


@pytest.mark.django_db(transaction=True)
def test_two_transactions_writing_one_regions_figures_at_once_leave_its_keys_right():
    """The second waits for the first's commit (an advisory lock on the pair), then sees its figures."""
    if connection.vendor != "postgresql":
        skip_or_fail("the trade-key lock is a PostgreSQL advisory lock (SQLite runs one writer at a time)")
    articles = [make.article(), make.article()]
    for year in (2011, 2012, 2013):
        start, errors = threading.Barrier(2), []

        def write(source, year=year, start=start, errors=errors):
            try:
                start.wait()
                with transaction.atomic():
                    make.figure(source, "RU-NVS", year, 1e8)
                    time.sleep(0.05)  # hold the transaction open: the other one is writing now
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(source,)) for source in articles]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
    expected = [("RU-NVS", "BY", "RU-FD-SIB", year, "turnover") for year in (2011, 2012, 2013)]
    assert stored() == from_scratch() == expected


# Each key's chosen figure: what the overview reads (`chosen_values`) instead of consolidating every figure.

def assert_chosen_as_consolidated() -> None:
    """Each key holds the figure `consolidated_trade` chooses for its point, and `chosen_values` gives the values
    the consolidated points have, for every flow and currency."""
    chosen = {k.key: k.chosen_id for k in TradeKey.objects.all()}
    assert chosen == {(pt.region, pt.partner, pt.year, pt.flow): pt.figure.id for pt in consolidated_trade()}
    for flow, currency in (("turnover", "USD"), ("export", "RUB"), ("import", "BYN"), ("turnover", "EUR")):
        points = consolidated_trade(flow=flow, currency=currency)
        assert [(v.region, v.region_name, v.region_level, v.partner, v.partner_name, v.year, v.value)
                for v in chosen_values(flow, currency)] == [
            (pt.region, pt.region_name, pt.region_level, pt.partner, pt.partner_name, pt.year, pt.value)
            for pt in points], (flow, currency)


def test_each_key_holds_its_points_chosen_figure_whatever_writes_the_figures(figures, admin_user, seed_bytes):
    assert_chosen_as_consolidated()
    first, second = figures["first"], figures["second"]
    later = make.article(published=date(2014, 3, 1))
    make.figure(later, "RU-NVS", 2011, 190_000_000)  # a later article's figure outranks the earlier ones
    assert TradeKey.objects.get(region_code="RU-NVS", year=2011).amount == 190_000_000
    make.figure(later, "RU-NVS", 2011, 100_000_000, end=date(2011, 5, 31),
                fingerprint="partial")  # part of a year: ranks below the whole year
    assert_chosen_as_consolidated()
    fact_correct(figures["nsk"], admin_user, amount=205_000_000)  # an editor's figure outranks the parser's
    assert TradeKey.objects.get(region_code="RU-NVS", year=2011).chosen_id == figures["nsk"].pk
    assert_chosen_as_consolidated()
    fact_reject(figures["nsk"], admin_user)
    assert_chosen_as_consolidated()
    second.delete()
    assert_chosen_as_consolidated()
    for name in sorted(seed_bytes):  # parses (new figures upserted) and a re-parse (its old figures refreshed)
        article = services.create_article(seed_bytes[name], filename=name).article
        services.run_parse(article.pk)
        assert_chosen_as_consolidated()
    services.run_parse(TradeFigure.objects.order_by("pk").last().article_id)
    assert_chosen_as_consolidated()
    first.delete()
    assert_chosen_as_consolidated()


def test_an_older_articles_figure_leaves_the_points_chosen_figure(seed_bytes):
    """A point's chosen figure changes only for a figure that ranks higher (`TradeKey.rank`): an older article's
    figure for the same point stays below the parsed one."""
    name = sorted(seed_bytes)[0]
    article = services.create_article(seed_bytes[name], filename=name).article
    services.run_parse(article.pk)
    point = TradeKey.objects.order_by("pk").first()
    if point is None:
        pytest.skip("the first seed article has no trade figure")
    older = make.article(published=date(2000, 1, 1))
    region = None if point.region_code == "RU" else point.region_code
    partner = None if point.partner_code == "BY" else point.partner_code
    make.figure(older, region, point.year, 1, flow=point.flow, by_region=partner)
    assert TradeKey.objects.get(region_code=point.region_code, partner_code=point.partner_code, year=point.year,
                                flow=point.flow).chosen_id == point.chosen_id
    assert_chosen_as_consolidated()
