"""A region's page: its trade by year, meetings, people, sectors and articles.

A federal district's page covers the district and its regions: their meetings,
people, sectors and articles, the district's own trade figures, and its
regions' figures summed per year. A Belarusian oblast's page covers the
figures an article gives for that oblast's trade with Russian regions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from articles.models import Article
from belregions.models import UNDATED, Meeting, MeetingMonthCount, MeetingSource, Person, Region, SectorRegionCount
from belregions.selectors import BELARUS, TradePoint, TradeQuery, consolidated_trade
from belregions.trade_query import PointSum
from dashboard import params
from dashboard.formatting import FLOW_LABELS, period, stated
from dashboard.labels import name_field, name_of
from dashboard.selectors.common import (
    active_meetings,
    article_links,
    named,
    point_row,
    russian_names,
    sector_link,
    shown_articles,
    sum_label,
)
from dashboard.selectors.meetings import Agreed, add_agreed
from dashboard.tables import Table

MEETINGS_LISTED = 25
ARTICLES_LISTED = 20


@dataclass(frozen=True)
class RegionParams:
    year_from: int | None
    year_to: int | None
    chart: str
    currency: str

    @classmethod
    def from_query(cls, query: QueryDict) -> RegionParams:
        trade = params.trade_query(query)
        return cls(trade.year_from, trade.year_to, params.choice(query, "chart", params.CHART_TYPES, "line"),
                   trade.currency)


@dataclass
class MeetingItem:
    id: int
    date: date | None
    kind: str
    participants: list[tuple[int, str]] = field(default_factory=list)  # (person id, name)
    sources: list[tuple[int, str]] = field(default_factory=list)  # (article id, title)
    agreed: list[Agreed] = field(default_factory=list)  # what was agreed at it, as on the meetings page


@dataclass
class RegionPage:
    params: RegionParams
    region: Region
    subjects: list[Region]
    points: list[TradePoint]  # a district's own; its regions' are summed in the tables
    figure_count: int  # every point, a district's regions' included
    meetings: list[MeetingItem]  # the latest few (tables["meetings"]); all are counted in tables["per_month"]
    meeting_count: int
    people: list[Person]
    articles: list[Article]
    article_count: int
    tables: dict[str, Table]

    @property
    def trade_rows(self) -> list[dict]:
        """The chart's rows, latest first, for the table beside it."""
        keys = ("series", "year", "value", "figures", "stated", "period", "article_id", "article_title", "disputed",
                "partial", "others", "conversion")
        return [dict(zip(keys, row, strict=True)) for row in reversed(self.tables["trade"].rows)]

    @property
    def contested(self) -> list[TradePoint]:
        """Points with more than one source (a district's own only: its regions' are on their pages)."""
        return [pt for pt in self.points if pt.others]

    @property
    def disputed(self) -> int:
        return sum(1 for pt in self.points if pt.disputed)

    @property
    def scope(self) -> list[str]:
        return [self.region.code, *(s.code for s in self.subjects)]

    def as_json(self) -> dict:
        r = self.region
        return {
            "page": "region", "params": self.params.__dict__,
            "region": {"code": r.code, "name": r.name_en, "name_ru": r.name_ru, "kind": r.kind,
                       "country": r.country, "district": r.district_id},
            "subjects": [s.code for s in self.subjects],
            "people": [{"id": p.pk, "name": p.name, "role": p.role, "meetings": p.meeting_count} for p in self.people],
            "articles": {"count": self.article_count,
                         "latest": [{"id": a.pk, "title": a.title, "published": a.published} for a in self.articles]},
            "tables": {name: table.as_json() for name, table in self.tables.items()},
        }


def region_page(code: str, p: RegionParams) -> RegionPage:
    regions = list(Region.objects.filter(Q(pk=code) | Q(district_id=code)).select_related("district"))
    region = next((r for r in regions if r.code == code), None)
    if region is None:
        raise Http404(f"No region with the code {code!r}")
    subjects = sorted((r for r in regions if r.code != code), key=name_of)
    scope = [code, *(s.code for s in subjects)]
    points = _trade(region, p)
    meetings = _latest_meetings(scope)
    per_month = _per_month(code)
    own = [pt for pt in points if not region.is_district or pt.region == code]
    return RegionPage(
        params=p, region=region, subjects=subjects, points=own, figure_count=len(points),
        meetings=meetings, meeting_count=sum(n for _year, _month, _kind, n in per_month), people=_people(scope),
        articles=_articles(scope), article_count=_article_count(scope),
        tables={"trade": trade_series(region, points, p.currency), "figures": figures_table(points, p.currency),
                "meetings": meetings_table(meetings), "sectors": sectors_table(code),
                "per_month": per_month_table([row for row in per_month if row[0] != UNDATED])},
    )


def _trade(region: Region, p: RegionParams) -> list[TradePoint]:
    where = {"district": region.code} if region.is_district else {"regions": (region.code,)}
    # With each figure's sentence and address: the figures table (its CSV and JSON) shows where a number comes from.
    return consolidated_trade(TradeQuery(**where, year_from=p.year_from, year_to=p.year_to, currency=p.currency),
                              evidence=True)


def _series_of(region: Region, pt: TradePoint, names: dict[str, str]) -> str:
    label = str(FLOW_LABELS.get(pt.flow, pt.flow))
    if region.is_district and pt.region != region.code:
        return _("%(flow)s, its regions summed") % {"flow": label}
    if region.country == BELARUS:
        return label
    return label if pt.partner == BELARUS else f"{label}: {named(names, pt.partner, pt.partner_name)}"


def trade_series(region: Region, points: list[TradePoint], currency: str) -> Table:
    """The chart's data: one row per series and year; a sum where several figures make one point."""
    groups: dict[tuple[str, int], list[TradePoint]] = defaultdict(list)
    names = russian_names() if region.country != BELARUS else {}
    for pt in points:
        if pt.value is not None:
            groups[(_series_of(region, pt, names), pt.year)].append(pt)
    rows = [_series_row(series, year, PointSum(tuple(pts))) for (series, year), pts in sorted(groups.items())]
    columns = ("series", "year", f"value_{currency.lower()}", "figures", "as_stated", "period", "article_id",
               "article_title", "disputed", "partial", "other_sources", "conversion")
    return Table("trade", _("Trade by year"), columns, rows,
                 note=_("In %(currency)s: one figure per year and flow, chosen among the articles' figures (an "
                        "editor's over the parser's, a full year over part of one, then the latest article).")
                 % {"currency": currency})


def _series_row(series: str, year: int, total: PointSum) -> tuple:
    """One figure as its article stated it, or the sum of several."""
    if total.single:
        row = point_row(total.single)
        return (series, year, row["value"], 1, row["stated"], row["period"], row["article_id"], row["article_title"],
                row["disputed"], row["partial"], row["others"], total.single.figure.basis)
    return (series, year, total.value, total.count, sum_label(total.count), str(year), None, "", total.disputed,
            total.partial, total.others, "")


def figures_table(points: list[TradePoint], currency: str) -> Table:
    """Every figure behind the chart: the chosen one of each point and the others."""
    rows = []
    for pt in points:
        for figure in (pt.figure, *pt.others):
            rows.append((pt.region, pt.partner, pt.year, pt.flow, figure is pt.figure, figure.value,
                         stated(figure), period(figure), figure.origin, figure.review, figure.article_id,
                         figure.article_title, figure.published, figure.basis, pt.disputed, pt.spread,
                         figure.evidence, figure.source_url))
    columns = ("region", "partner", "year", "flow", "chosen", f"value_{currency.lower()}", "as_stated", "period",
               "origin", "review", "article_id", "article_title", "published", "conversion", "disputed", "spread",
               "evidence", "article_address")
    return Table("figures", _("Every figure and its source"), columns, rows,
                 note=_("Rejected figures are left out. spread: the largest gap between the chosen figure and "
                        "another for the same period; over 0.1 marks the point as disputed."))


def _latest_meetings(scope: list[str]) -> list[MeetingItem]:
    """The latest few meetings held in the scope, with their participants and reports (the rest are counted)."""
    meetings = active_meetings().filter(Exists(Meeting.regions.through.objects.filter(
        meeting_id=OuterRef("pk"), region_id__in=scope)))
    latest = meetings.order_by(F("date").desc(nulls_last=True), "-id")
    items = {pk: MeetingItem(pk, day, kind) for pk, day, kind in
             latest.values_list("id", "date", "kind")[:MEETINGS_LISTED]}
    meetings = latest.values("pk")[:MEETINGS_LISTED]  # a subquery: the same queries with none as with many
    people = Meeting.participants.through.objects.filter(meeting__in=meetings).order_by("person__name")
    for meeting_id, person_id, name in people.values_list("meeting_id", "person_id", "person__name"):
        items[meeting_id].participants.append((person_id, name))
    sources = MeetingSource.objects.active().filter(meeting__in=meetings).order_by("article_id")
    for meeting_id, article_id, title in sources.values_list("meeting_id", "article_id", "article__title"):
        items[meeting_id].sources.append((article_id, title))
    add_agreed(items, meetings)
    return list(items.values())


def meetings_table(meetings: list[MeetingItem]) -> Table:
    rows = [(m.date, m.kind, "; ".join(name for _id, name in m.participants), len(m.sources),
             m.sources[0][0] if m.sources else None, " | ".join(a.as_text() for a in m.agreed))
            for m in meetings]
    return Table("meetings", _("Meetings"), ("date", "kind", "participants", "sources", "first_article_id", "agreed"),
                 rows,
                 note=_("The latest meetings an article reports for the region (for a district, also its regions'), "
                        "newest first; the list of meetings has them all."))


def _per_month(code: str) -> list[tuple[int, int, str, int]]:
    """The region's (a district's: it and its regions') meetings per month and kind: its rows of the kept counts
    (`belregions.read_models`), undated ones under year `UNDATED`."""
    return list(MeetingMonthCount.objects.filter(region_id=code, meetings__gt=0).order_by("year", "month", "kind")
                .values_list("year", "month", "kind", "meetings"))


def per_month_table(rows: list[tuple[int, int, str, int]]) -> Table:
    return Table("per_month", _("Meetings per month"), ("year", "month", "kind", "meetings"), rows,
                 note=_("Meetings reported for the region (for a district, also its regions') per month and kind; "
                        "undated meetings are counted, not charted."))


def _people(scope: list[str]) -> list[Person]:
    here = Q(meetings__in=active_meetings().filter(regions__in=scope))
    return list(Person.objects.filter(here | Q(region_id__in=scope))
                .annotate(meeting_count=Count("meetings", filter=here, distinct=True))
                .order_by("-meeting_count", "name").distinct()[:40])


def sectors_table(code: str) -> Table:
    """Articles naming the region (for a district, it or any of its regions) and each sector: the region's row
    of each sector in the kept counts (`belregions.read_models`)."""
    rows = (SectorRegionCount.objects.filter(region_id=code, articles__gt=0)
            .values_list("sector_id", f"sector__{name_field()}", "articles")
            .order_by("-articles", f"sector__{name_field()}"))
    return Table("sectors", _("Sectors"), ("sector", "sector_name", "articles"), list(rows),
                 note=_("Articles about the region that discuss each sector."), link=sector_link(code))


def _linked_articles(scope: list[str]):
    return shown_articles().filter(Exists(article_links(scope).filter(article_id=OuterRef("pk"))))


def _articles(scope: list[str]) -> list[Article]:
    return list(_linked_articles(scope).only("id", "title", "published", "source_name", "language")
                .order_by(F("published").desc(nulls_last=True), "-id")[:ARTICLES_LISTED])


def _article_count(scope: list[str]) -> int:
    return _linked_articles(scope).count()
