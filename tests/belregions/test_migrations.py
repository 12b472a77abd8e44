"""The reference data is there after `migrate`."""

import pytest

from belregions.models import Region, RegionKind, Sector

pytestmark = pytest.mark.django_db


def test_it_loads_98_regions_and_24_sectors():
    assert Region.objects.count() == 98
    assert Sector.objects.count() == 24


def test_each_russian_subject_has_its_federal_district():
    subjects = Region.objects.filter(country="RU").exclude(kind=RegionKind.FEDERAL_DISTRICT)
    assert subjects.count() == 83
    assert not subjects.filter(district__isnull=True).exists()
    assert set(subjects.values_list("district__kind", flat=True)) == {RegionKind.FEDERAL_DISTRICT}


@pytest.mark.parametrize(
    "code, district",
    [
        pytest.param("RU-NVS", "RU-FD-SIB", id="novosibirsk-siberian"),
        pytest.param("RU-KYA", "RU-FD-SIB", id="krasnoyarsk-siberian"),
        pytest.param("RU-LEN", "RU-FD-NW", id="leningrad-northwestern"),
        pytest.param("RU-SVE", "RU-FD-URA", id="sverdlovsk-ural"),
        pytest.param("RU-BU", "RU-FD-FE", id="buryatia-far-eastern-since-2018"),
    ],
)
def test_it_knows_the_district_of(code, district):
    assert Region.objects.get(code=code).district_id == district


def test_belarusian_units_have_no_district():
    belarus = Region.objects.filter(country="BY")
    assert belarus.count() == 7
    assert not belarus.filter(district__isnull=False).exists()
    assert belarus.get(code="BY-HM").kind == RegionKind.CITY


def index_names(table: str) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def test_read_indexes_are_declared_by_the_apps_that_own_the_tables():
    from django.db import connection

    from articles.models import Article
    from belregions.models import Meeting, TradeFigure

    assert "article_status_changed" in index_names(Article._meta.db_table)
    every = set().union(*(index_names(m._meta.db_table) for m in (Article, Meeting, TradeFigure)))
    assert not {name for name in every if name.startswith("api_")}
    if connection.vendor == "postgresql":  # newest-first (NULLS LAST) and full-text: PostgreSQL's only
        assert {"article_newest", "article_search_gin"} <= index_names(Article._meta.db_table)
        assert "meeting_newest" in index_names(Meeting._meta.db_table)
        assert "trade_newest" in index_names(TradeFigure._meta.db_table)


@pytest.mark.django_db(transaction=True)
def test_a_database_with_the_former_api_indexes_ends_with_the_owners():
    """A deployment migrated before the move has `api_*` indexes: migrating drops them for the owners' names."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    table = Article._meta.db_table
    call_command("migrate", "articles", "0005", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX api_article_status_changed ON {table} (status_changed_at)")
    assert "api_article_status_changed" in index_names(table)
    call_command("migrate", verbosity=0)
    names = index_names(table)
    assert "api_article_status_changed" not in names
    assert "article_status_changed" in names
