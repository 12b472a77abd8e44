"""The overview page: headline figures, trade by region and year, the map, meetings, sectors, articles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from articles.models import Article
from belregions.models import (
    COUNTED_REVIEWS,
    ArticleRegion,
    Country,
    Flow,
    MeetingYearCount,
    Region,
    RegionKind,
    SectorRegionCount,
    TradeFigure,
)
from belregions.selectors import BELARUS, TradePoint, TradeQuery, consolidated_trade
from dashboard import params
from dashboard.labels import name_field
from dashboard.selectors.common import active_meetings, named, russian_names, sector_link, shown_articles
from dashboard.tables import Table

OTHER = "other"


@dataclass(frozen=True)
class OverviewParams:
    year_from: int | None
    year_to: int | None
    top: int
    chart: str
    flow: str
    year: int | None  # the map's year; None: the latest with data
    currency: str

    @classmethod
    def from_query(cls, query: QueryDict) -> OverviewParams:
        trade = params.trade_query(query, flow=Flow.TURNOVER)
        return cls(trade.year_from, trade.year_to, params.number(query, "top", 8, 1, 20),
                   params.choice(query, "chart", params.CHART_TYPES, "bar"), trade.flow,
                   params.year(query, "year"), trade.currency)


@dataclass
class Overview:
    params: OverviewParams
    subjects_with_ties: int
    subjects: int
    map_regions: list[tuple[str, str]]  # every region the map draws: (code, name)
    meetings: int
    articles: int
    latest_year: int | None
    latest_total: float | None
    latest_regions: int
    map_year: int | None
    years: list[int]
    unconverted: int  # figures left out of the charts for want of an exchange rate
    tables: dict[str, Table]
    latest_articles: list[Article] = field(default_factory=list)

    def ranking(self, limit: int = 15) -> list[dict]:
        """The map's year, largest figure first: the table beside the map."""
        table = self.tables["map"]
        rows = [dict(zip(("code", "region", "country", "year", "value"), row, strict=True)) for row in table.rows]
        return sorted(rows, key=lambda r: (-r["value"], r["region"]))[:limit]

    def as_json(self) -> dict:
        return {
            "page": "overview", "params": self.params.__dict__,
            "headline": {"russian_regions_with_ties": self.subjects_with_ties, "russian_regions": self.subjects,
                         "meetings": self.meetings, "articles": self.articles, "latest_year": self.latest_year,
                         "latest_year_trade": self.latest_total, "latest_year_regions": self.latest_regions,
                         "currency": self.params.currency},
            "tables": {name: table.as_json() for name, table in self.tables.items()},
            "latest_articles": [{"id": a.pk, "title": a.title, "published": a.published,
                                 "regions": [link.region_id for link in a.shown_regions]}
                                for a in self.latest_articles],
        }


def overview(p: OverviewParams) -> Overview:
    every = consolidated_trade(TradeQuery(flow=p.flow, currency=p.currency))
    points = [pt for pt in every if pt.value is not None]
    unconverted = len(every) - len(points)
    subjects = [pt for pt in points if pt.region_level == "subject" and pt.partner == BELARUS]
    latest = max((pt.year for pt in subjects), default=None)
    in_latest = [pt for pt in subjects if pt.year == latest]
    map_year = p.year or latest
    regions = _map_regions()
    russian = [tied for _code, _name, country, tied in regions if country == Country.RUSSIA]
    return Overview(
        params=p, subjects_with_ties=sum(russian), subjects=len(russian),
        map_regions=[(code, name) for code, name, _country, _tied in regions], meetings=active_meetings().count(),
        articles=shown_articles().count(), latest_year=latest,
        latest_total=sum(pt.value for pt in in_latest) if in_latest else None, latest_regions=len(in_latest),
        map_year=map_year, years=sorted({pt.year for pt in points}, reverse=True), unconverted=unconverted,
        tables={"trade": trade_by_region(subjects, p), "map": trade_map(points, map_year, p),
                "meetings": meetings_per_year(), "sectors": sectors_by_district()},
        latest_articles=latest_articles(),
    )


def _map_regions() -> list[tuple[str, str, str, bool]]:
    """Every region on the map (all but districts), and whether an article, figure or meeting names it."""
    region = OuterRef("pk")
    tied = (Exists(ArticleRegion.objects.shown().filter(region=region, review__in=COUNTED_REVIEWS))
            | Exists(TradeFigure.objects.active().filter(Q(region=region) | Q(by_region=region)))
            | Exists(active_meetings().filter(regions=region)))
    return list(Region.objects.exclude(kind=RegionKind.FEDERAL_DISTRICT).annotate(tied=tied)
                .order_by("code").values_list("code", name_field(), "country", "tied"))


def trade_by_region(points: list[TradePoint], p: OverviewParams) -> Table:
    """The top regions by total over the years shown, one row per region and year, the rest as "Other"."""
    shown = [pt for pt in points if (p.year_from or 0) <= pt.year <= (p.year_to or 9999)]
    totals: dict[str, float] = defaultdict(float)
    for pt in shown:
        totals[pt.region] += pt.value
    top = sorted(totals, key=lambda code: (-totals[code], code))[: p.top]
    rows, other, names = [], defaultdict(float), russian_names()
    for pt in sorted(shown, key=lambda pt: (top.index(pt.region) if pt.region in top else len(top), pt.year)):
        if pt.region in top:
            rows.append((pt.year, pt.region, named(names, pt.region, pt.region_name), round(pt.value, 2)))
        else:
            other[pt.year] += pt.value
    rest = _("Other regions (%(count)s)") % {"count": len(totals) - len(top)}
    rows += [(year, OTHER, rest, round(value, 2)) for year, value in sorted(other.items())]
    return Table("trade", _("Trade by region and year"),
                 ("year", "region_code", "region", f"value_{p.currency.lower()}"), rows,
                 note=_("%(flow)s, in %(currency)s; one figure per region and year (see the region pages for the "
                        "sources). Federal districts are left out: their figures include their regions'.")
                 % {"flow": _flow_note(p.flow), "currency": p.currency})


def trade_map(points: list[TradePoint], year: int | None, p: OverviewParams) -> Table:
    """Each Russian region's figure for the year, and each Belarusian oblast's trade with Russia summed."""
    values: dict[str, list] = {}
    names = russian_names()
    for pt in points:
        if pt.year != year:
            continue
        if pt.region_level == "subject" and pt.partner == BELARUS:
            values[pt.region] = [pt.region, named(names, pt.region, pt.region_name), Country.RUSSIA.value, pt.year,
                                 round(pt.value, 2)]
        elif pt.partner != BELARUS:
            row = values.setdefault(pt.partner, [pt.partner, named(names, pt.partner, pt.partner_name),
                                                 Country.BELARUS.value, pt.year, 0.0])
            row[4] = round(row[4] + pt.value, 2)
    rows = [tuple(row) for _code, row in sorted(values.items())]
    title = _("Trade by region, %(year)s") % {"year": year} if year else _("Trade by region")
    return Table("map", title, ("code", "region", "country", "year", f"value_{p.currency.lower()}"), rows,
                 note=_("%(flow)s, in %(currency)s. Belarusian oblasts: their own figures with Russian regions, "
                        "summed.") % {"flow": _flow_note(p.flow), "currency": p.currency})


def meetings_per_year() -> Table:
    """Reported meetings by year and kind: the kept counts (`belregions.read_models`), a row per year and kind."""
    rows = MeetingYearCount.objects.filter(meetings__gt=0).order_by("year", "kind").values_list("year", "kind",
                                                                                                "meetings")
    return Table("meetings", _("Meetings per year"), ("year", "kind", "meetings"), list(rows),
                 note=_("Meetings, visits, forums and agreements reported in the articles, by year and kind."))


def sectors_by_district() -> Table:
    """How many articles pair each sector with a region of each federal district (every cell, zeros too).

    Read from the districts' rows of the kept counts (`belregions.read_models`): at most 24 × 8 rows.
    """
    counts = (SectorRegionCount.objects.filter(region__kind=RegionKind.FEDERAL_DISTRICT, articles__gt=0)
              .values_list("sector_id", f"sector__{name_field()}", "region_id", f"region__{name_field()}", "articles"))
    found = {(slug, code): n for slug, _name, code, _district, n in counts}
    sectors = sorted({(name, slug) for slug, name, _code, _district, _n in counts})
    districts = sorted({(district, code) for _slug, _name, code, district, _n in counts})
    rows = [(slug, name, code, district, found.get((slug, code), 0))
            for name, slug in sectors for district, code in districts]
    return Table("sectors", _("Sectors by federal district"),
                 ("sector", "sector_name", "district", "district_name", "articles"), rows,
                 note=_("Articles that name both the sector and a region of the district (or the district)."),
                 link=sector_link("{district}"))


def latest_articles(limit: int = 8) -> list[Article]:
    links = Prefetch("articleregion_facts", to_attr="shown_regions",
                     queryset=ArticleRegion.objects.shown().filter(review__in=COUNTED_REVIEWS).select_related("region")
                     .order_by("-mentions", "region_id"))
    return list(shown_articles().only("id", "title", "published", "source_name", "language")
                .order_by(F("published").desc(nulls_last=True), "-id").prefetch_related(links)[:limit])


def _flow_note(flow: str) -> str:
    return {"turnover": _("Trade turnover"), "export": _("Belarus' exports"), "import": _("Belarus' imports")}[flow]
