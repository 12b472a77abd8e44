"""A sector's page, and the index of every sector.

The page: the regions and federal districts whose articles name the sector most (the kept counts,
`SectorRegionCount`: a few rows, never the links), the articles naming it per year, the meetings those articles
report and the latest articles. `?region=` (a region's or a federal district's code; a district takes in its
regions) narrows the articles to those naming the region too, as the heat map's cell counts them, and the
meetings to those held there. A fixed number of queries whatever the data's size.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from articles.models import Article, Status
from belregions import params as vocabulary
from belregions.models import (
    COUNTED_REVIEWS,
    UNDATED,
    ArticleSector,
    Meeting,
    MeetingSource,
    RegionKind,
    Sector,
    SectorRegionCount,
    SectorYearCount,
)
from dashboard import params
from dashboard.labels import name_field
from dashboard.selectors.common import active_meetings, article_links, sector_link, shown_articles
from dashboard.selectors.listing import Place, places_by_code
from dashboard.selectors.meetings import MeetingRow, meeting_rows, meetings_table
from dashboard.selectors.person import articles_table
from dashboard.tables import Table

MEETINGS_LISTED = 25
ARTICLES_LISTED = 25
PARAMETERS = ("region",)


@dataclass(frozen=True)
class SectorParams:
    region: str | None  # a region's or a federal district's code

    @classmethod
    def from_query(cls, query: QueryDict) -> SectorParams:
        params.known_only(query, PARAMETERS)
        codes = vocabulary.codes("region", params.one(query, "region"))
        if len(codes) > 1:
            raise params.BadParam(_("%(name)s: give one region code, got %(value)r")
                                  % {"name": "region", "value": ",".join(codes)}, param="region")
        return cls(codes[0] if codes else None)


@dataclass(frozen=True)
class RegionCount:
    place: Place
    articles: int


@dataclass
class SectorPage:
    params: SectorParams
    sector: Sector
    region: Place | None  # the region asked for
    districts: list[RegionCount]  # most articles first
    regions: list[RegionCount]
    meetings: list[MeetingRow]  # the latest few
    meeting_count: int
    articles: list[Article]  # the latest few
    article_count: int
    undated: int  # articles without a date: counted, not charted
    tables: dict[str, Table]

    def as_json(self) -> dict:
        s = self.sector
        return {"page": "sector", "params": self.params.__dict__,
                "sector": {"slug": s.slug, "name": s.name_en, "name_ru": s.name_ru},
                "meetings": self.meeting_count, "articles": self.article_count,
                "tables": {name: table.as_json() for name, table in self.tables.items()}}


def sector_page(slug: str, p: SectorParams) -> SectorPage:
    sector = Sector.objects.filter(pk=slug).first()
    if sector is None:
        raise Http404(f"No sector {slug!r}")
    places = places_by_code()
    scope = _scope(p.region, places)
    counts = _counts(slug, places)
    articles_naming = _articles_naming(slug)
    articles = articles_naming if scope is None else articles_naming.filter(
        Exists(article_links(scope).filter(article_id=OuterRef("pk"))))
    per_year = _per_year(slug, p.region)
    meetings = _meetings(articles_naming, scope)
    latest = meetings.order_by(F("date").desc(nulls_last=True), "-id").values_list(
        "id", "date", "date_precision", "kind")[:MEETINGS_LISTED]
    rows = meeting_rows(latest, places)
    latest_articles = list(articles.only("id", "title", "published", "source_name", "language")
                           .order_by(F("published").desc(nulls_last=True), "-id")[:ARTICLES_LISTED])
    dated = [(year, n) for year, n in per_year if year is not None]
    article_count = sum(n for _year, n in per_year)  # from the chart's rows: no second count of the same filter
    districts = [c for c in counts if c.place.kind == RegionKind.FEDERAL_DISTRICT]
    regions = [c for c in counts if c.place.kind != RegionKind.FEDERAL_DISTRICT]
    tables = {"per_year": per_year_table(dated), "regions": regions_table(counts),
              "meetings": dataclasses.replace(meetings_table(rows), note=_(
                  "The latest meetings reported by articles naming the sector, newest first.")),
              "articles": articles_table(latest_articles)}
    return SectorPage(p, sector, places[p.region] if p.region else None, districts, regions, rows,
                      meetings.count(), latest_articles, article_count, article_count - sum(n for _y, n in dated),
                      tables)


def _scope(code: str | None, places: dict[str, Place]) -> list[str] | None:
    """The region asked for, a district with its regions; None when none is asked for."""
    if code is None:
        return None
    if code not in places:
        raise params.BadParam(_("%(name)s: no region has the code %(value)s") % {"name": "region", "value": code},
                              param="region")
    if places[code].kind != RegionKind.FEDERAL_DISTRICT:
        return [code]
    return [code, *(place.code for place in places.values() if place.district == code)]


def _counts(slug: str, places: dict[str, Place]) -> list[RegionCount]:
    """Articles naming the sector and each region or district: the sector's rows of the kept counts."""
    rows = SectorRegionCount.objects.filter(sector_id=slug, articles__gt=0).values_list("region_id", "articles")
    return sorted((RegionCount(places[code], n) for code, n in rows), key=lambda c: (-c.articles, c.place.name))


def _articles_naming(slug: str) -> QuerySet[Article]:
    counted = ArticleSector.objects.shown().filter(review__in=COUNTED_REVIEWS, sector_id=slug)
    return shown_articles().filter(Exists(counted.filter(article_id=OuterRef("pk"))))


def _per_year(slug: str, region: str | None) -> list[tuple[int | None, int]]:
    """Articles per year of publication (None: undated): the sector's rows of the kept counts for the region
    asked for ("": everywhere), `belregions.read_models`."""
    rows = (SectorYearCount.objects.filter(sector_id=slug, region_code=region or "", articles__gt=0)
            .values_list("year", "articles"))
    found = [(None if year == UNDATED else year, n) for year, n in rows]
    return sorted(found, key=lambda row: (row[0] is None, row[0] or 0))


def _meetings(articles: QuerySet[Article], scope: list[str] | None) -> QuerySet[Meeting]:
    """Meetings an article naming the sector reports (a report readers count), held in the scope when given."""
    reports = MeetingSource.objects.active().filter(meeting_id=OuterRef("pk"), article__in=articles.values("pk"))
    meetings = active_meetings().filter(Exists(reports))
    if scope is not None:
        meetings = meetings.filter(Exists(Meeting.regions.through.objects.filter(
            meeting_id=OuterRef("pk"), region_id__in=scope)))
    return meetings


def per_year_table(rows: list[tuple[int, int]]) -> Table:
    return Table("per_year", _("Articles per year"), ("year", "articles"), rows,
                 note=_("Articles naming the sector (with a region filter, also the region) by their year; "
                        "undated articles are counted in the list, not on the chart."))


def regions_table(counts: list[RegionCount]) -> Table:
    return Table("regions", _("Regions and federal districts"), ("code", "region_name", "kind", "articles"),
                 [(c.place.code, c.place.name, c.place.kind, c.articles) for c in counts],
                 note=_("Articles naming both the sector and the region; a district's count takes in its regions, "
                        "each article once."))


@dataclass(frozen=True)
class SectorItem:
    slug: str
    name: str
    other_name: str  # in the other language
    articles: int


@dataclass
class SectorsIndex:
    sectors: list[SectorItem]
    tables: dict[str, Table]

    def as_json(self) -> dict:
        return {"page": "sectors", "count": len(self.sectors),
                "tables": {name: table.as_json() for name, table in self.tables.items()}}


def sectors_index() -> SectorsIndex:
    """Every sector with the number of articles naming it, most first: two queries."""
    counted = (ArticleSector.objects.shown().filter(review__in=COUNTED_REVIEWS, article__status=Status.PARSED)
               .values_list("sector_id").annotate(n=Count("article_id", distinct=True)).order_by())
    articles = dict(counted)
    own, other = name_field(), "name_en" if name_field() == "name_ru" else "name_ru"
    items = [SectorItem(slug, name, other_name, articles.get(slug, 0))
             for slug, name, other_name in Sector.objects.values_list("slug", own, other)]
    items.sort(key=lambda s: (-s.articles, s.name))
    return SectorsIndex(items, {"sectors": Table(
        "sectors", _("Sectors"), ("sector", "sector_name", "articles"),
        [(s.slug, s.name, s.articles) for s in items], note=_("Articles naming each sector."), link=sector_link())})
