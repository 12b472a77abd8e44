"""The pages that read the kept counts (belregions/read_models.py) show what counting the links shows.

Each `counted_*` below is the query the selector ran before the read models
(sector and region links joined per request, every meeting grouped): after
the demo's parses and an editor's reviews and a delete, the selectors' tables
must be those, row for row and in the same order.
"""

from __future__ import annotations

import pytest
from django.db.models import Case, Count, Exists, F, OuterRef, When
from django.db.models.functions import ExtractMonth, ExtractYear

from articles import editing
from articles.models import Article
from belregions.models import (
    COUNTED_REVIEWS,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Region,
    RegionKind,
)
from belregions.review import fact_add, fact_reject
from bench.generate_dataset import Sizes, populate
from dashboard.selectors.common import article_links, shown_articles
from dashboard.selectors.overview import meetings_per_year, sectors_by_district
from dashboard.selectors.region import RegionParams, _per_month, region_page, sectors_table
from dashboard.selectors.sector import SectorParams, _per_year, sector_page
from tests import factories as make

pytestmark = pytest.mark.django_db


def counted_heat_map() -> list[tuple]:
    regions = "article__articleregion_facts__region"
    is_district = {f"{regions}__kind": RegionKind.FEDERAL_DISTRICT}
    district = Case(When(**is_district, then=F(f"{regions}_id")), default=F(f"{regions}__district_id"))
    name = Case(When(**is_district, then=F(f"{regions}__name_en")), default=F(f"{regions}__district__name_en"))
    counts = (ArticleSector.objects.shown().filter(review__in=COUNTED_REVIEWS,
                                                   article__articleregion_facts__review__in=COUNTED_REVIEWS)
              .annotate(district=district, district_name=name).filter(district__isnull=False)
              .values_list("sector_id", "sector__name_en", "district", "district_name")
              .annotate(n=Count("article_id", distinct=True)).order_by())
    found = {(slug, code): n for slug, _name, code, _district, n in counts}
    sectors = sorted({(name, slug) for slug, name, _code, _district, _n in counts})
    districts = sorted({(district, code) for _slug, _name, code, district, _n in counts})
    return [(slug, name, code, district, found.get((slug, code), 0))
            for name, slug in sectors for district, code in districts]


def counted_sectors(code: str) -> list[tuple]:
    scope = [code, *Region.objects.filter(district_id=code).values_list("code", flat=True)]
    links = ArticleRegion.objects.shown().filter(region_id__in=scope, review__in=COUNTED_REVIEWS)
    return list(ArticleSector.objects.shown().filter(review__in=COUNTED_REVIEWS, article__in=links.values("article_id"))
                .values_list("sector_id", "sector__name_en").annotate(n=Count("article_id", distinct=True))
                .order_by("-n", "sector__name_en"))


def counted_meetings() -> list[tuple]:
    return list(Meeting.objects.reported().filter(date__isnull=False).annotate(year=ExtractYear("date"))
                .values_list("year", "kind").annotate(n=Count("pk")).order_by("year", "kind"))


def scope_of(code: str) -> list[str]:
    return [code, *Region.objects.filter(district_id=code).values_list("code", flat=True)]


def counted_meeting_months(code: str) -> list[tuple]:
    """The region's (a district's: it and its regions') reported meetings per month and kind, undated as 0, 0."""
    held = Meeting.regions.through.objects.filter(meeting_id=OuterRef("pk"), region_id__in=scope_of(code))
    rows = (Meeting.objects.reported().filter(Exists(held))
            .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
            .values_list("year", "month", "kind").annotate(n=Count("pk")).order_by())
    return sorted((year or 0, month or 0, kind, n) for year, month, kind, n in rows)


def counted_sector_years(slug: str, code: str | None) -> list[tuple]:
    """Articles naming the sector (and the region, a district: it or any of its regions) per year, None: undated."""
    counted = ArticleSector.objects.shown().filter(review__in=COUNTED_REVIEWS, sector_id=slug)
    articles = shown_articles().filter(Exists(counted.filter(article_id=OuterRef("pk"))))
    if code is not None:
        articles = articles.filter(Exists(article_links(scope_of(code)).filter(article_id=OuterRef("pk"))))
    rows = articles.annotate(year=ExtractYear("published")).values_list("year").annotate(n=Count("id")).order_by()
    return sorted(rows, key=lambda row: (row[0] is None, row[0] or 0))


def assert_pages_as_counted() -> None:
    assert sectors_by_district().rows == counted_heat_map()
    assert meetings_per_year().rows == counted_meetings()
    codes = list(Region.objects.values_list("code", flat=True))
    for code in codes:
        assert sectors_table(code).rows == counted_sectors(code), code
        assert _per_month(code) == counted_meeting_months(code), code
    # Every sector everywhere, and in each district and a few regions (each region: a minute more on SQLite).
    narrowed = [*Region.objects.filter(kind=RegionKind.FEDERAL_DISTRICT).values_list("code", flat=True),
                "RU-MOW", "RU-NVS", "BY-MI"]
    for slug in ArticleSector.objects.values_list("sector_id", flat=True).distinct():
        for code in (None, *narrowed):
            assert _per_year(slug, code) == counted_sector_years(slug, code), (slug, code)


def test_the_pages_show_what_counting_the_links_shows(demo, editor):
    assert sectors_by_district().rows and meetings_per_year().rows  # the demo has something to show
    assert_pages_as_counted()
    first, second, third = demo[:3]
    fact_reject(ArticleSector.objects.filter(article=first).order_by("pk").first(), editor)
    fact_reject(ArticleRegion.objects.filter(article=second).order_by("pk").first(), editor)
    fact_reject(MeetingSource.objects.filter(article=second).order_by("pk").first(), editor)
    fact_add(make.new_mention(third, "RU-FD-URA"), editor)
    fact_add(make.new_sector(third, "space"), editor)
    assert_pages_as_counted()
    editing.delete(Article.all_objects.get(pk=third.pk), editor)
    assert_pages_as_counted()


def test_a_count_that_fell_to_nothing_leaves_the_pages(db):
    source = make.article()
    make.sector(source, "energy")
    mention = make.mention(source, "RU-NVS")
    event = make.meeting(source, make.MEETING_DAY)
    assert sectors_table("RU-NVS").rows and sectors_by_district().rows and meetings_per_year().rows
    mention.delete()
    event.delete()
    assert sectors_by_district().rows == [] and sectors_table("RU-NVS").rows == [] and meetings_per_year().rows == []
    assert_pages_as_counted()


def test_on_generated_data_the_pages_show_what_counting_shows(db):
    """The benchmark's generator (its skew: busy regions, meetings in two regions, undated ones) through the
    pages themselves: a district's meetings counted per month and in all, a sector's articles per year."""
    populate(Sizes(articles=120, meetings=60, people=20, years=4, second_reports=0.2, seed=3))
    assert_pages_as_counted()
    for code in ("RU-FD-CEN", "RU-MOW", "BY-MI"):
        page = region_page(code, RegionParams(None, None, "line", "USD"))
        months = counted_meeting_months(code)
        assert page.meeting_count == sum(n for *_key, n in months) > 0, code
        assert page.tables["per_month"].rows == [row for row in months if row[0] != 0], code
    for slug, code in (("machinery", None), ("machinery", "RU-FD-CEN"), ("energy", "RU-MOW")):
        page = sector_page(slug, SectorParams(code))
        years = counted_sector_years(slug, code)
        assert page.article_count == sum(n for _year, n in years), (slug, code)
        assert page.tables["per_year"].rows == [row for row in years if row[0] is not None], (slug, code)


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("reviewer", is_staff=True)
