"""The overview page: headline figures, trade by region and year, the map, meetings, sectors, articles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from belregions.selectors import BELARUS, TradePoint, chosen_values
from dashboard import params
from dashboard.formatting import money, number
from dashboard.labels import name_field, short_district
from dashboard.selectors import map_table
from dashboard.selectors.common import (
    active_meetings,
    named,
    percent,
    russian_names,
    sector_link,
    shown_articles,
)
from dashboard.selectors.listing import ListPage, page_number
from dashboard.tables import Table

OTHER = "other"
# How the trade chart reads: the figures, each region's share of all regions' total that year (%), the change on
# the year before (%), or the figures on a log axis (the small regions' trends visible beside the large).
SCALES = ("value", "share", "change", "log")
RANKED = 10  # the ranking's length
PARAMETERS = ("from", "to", "top", "chart", "flow", "year", "currency", "scale", "other", "sort", "page")


@dataclass(frozen=True)
class OverviewParams:
    year_from: int | None
    year_to: int | None
    top: int
    chart: str
    flow: str
    year: int | None  # the map's year; None: the latest with data
    currency: str
    scale: str = "value"
    other: bool = False  # "all other regions" as a series of its own: off, so it neither hides nor scales the top
    sort: str = map_table.DEFAULT_SORT  # the map's table
    page: int = 1  # the map's table's

    @classmethod
    def from_query(cls, query: QueryDict) -> OverviewParams:
        params.known_only(query, PARAMETERS)
        trade = params.trade_query(query, flow=Flow.TURNOVER)
        return cls(trade.year_from, trade.year_to, params.number(query, "top", 8, 1, 20),
                   params.choice(query, "chart", params.CHART_TYPES, "line"), trade.flow,
                   params.year(query, "year"), trade.currency, params.choice(query, "scale", SCALES, "value"),
                   params.choice(query, "other", ("0", "1"), "0") == "1",
                   params.choice(query, "sort", map_table.SORT_CHOICES, map_table.DEFAULT_SORT), page_number(query))


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
    map_list: ListPage  # the map's table: a page of every region, sorted
    unconverted: int  # figures left out of the charts for want of an exchange rate
    tables: dict[str, Table]
    latest_articles: list[Article] = field(default_factory=list)

    @property
    def map_columns(self) -> list[tuple[str, str]]:
        return map_table.columns(self.map_year)

    def map_rows_shown(self) -> list[dict]:
        """The map's table's page as it shows it: amounts in words, changes with their sign."""
        return [{"code": row.code, "region": row.region,
                 **_shown_figures(row.value, row.previous, row.change, row.change_pct, self.params.currency)}
                for row in self.map_list.rows]

    def sector_districts(self) -> list[tuple[str, str]]:
        """The heat map's districts in its column order, as (code, short name): each links to its own sectors."""
        records = self.tables["sectors"].records()
        return list(dict.fromkeys((r["district"], short_district(r["district_name"])) for r in records))

    def top_in_year(self) -> list[dict]:
        """The ranking's rows as its table shows them: amounts in words, changes with their sign."""
        currency = self.params.currency.lower()
        return [{"code": record["region_code"], "region": record["region"],
                 **_shown_figures(record[f"value_{currency}"], record[f"previous_{currency}"],
                                  record[f"change_{currency}"], record["change_pct"], self.params.currency)}
                for record in self.tables["ranking"].records()]

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
    # Every point's chosen figure, read from the trade keys (bounded by regions × partners × years), not figures.
    every = chosen_values(p.flow, p.currency)
    points = [pt for pt in every if pt.value is not None]
    unconverted = len(every) - len(points)
    subjects = [pt for pt in points if pt.region_level == "subject" and pt.partner == BELARUS]
    latest = max((pt.year for pt in subjects), default=None)
    in_latest = [pt for pt in subjects if pt.year == latest]
    years = sorted({pt.year for pt in points}, reverse=True)
    map_year = _map_year(p.year, years) or latest
    regions = _map_regions()
    listed = map_table.map_rows(points, map_year, [(code, name, country) for code, name, country, _ in regions])
    russian = [tied for _code, _name, country, tied in regions if country == Country.RUSSIA]
    names = russian_names()
    return Overview(
        params=p, subjects_with_ties=sum(russian), subjects=len(russian),
        map_regions=[(code, name) for code, name, _country, _tied in regions], meetings=active_meetings().count(),
        articles=shown_articles().count(), latest_year=latest,
        latest_total=sum(pt.value for pt in in_latest) if in_latest else None, latest_regions=len(in_latest),
        map_year=map_year, years=years, map_list=map_table.map_page(listed, p), unconverted=unconverted,
        tables={"trade": trade_by_region(subjects, p, names), "map": trade_map(points, map_year, p),
                "map_regions": map_table.map_table(listed, map_year, p.currency, p.sort),
                "ranking": top_regions(subjects, map_year, p, names),
                "meetings": meetings_per_year(), "sectors": sectors_by_district()},
        latest_articles=latest_articles(),
    )


def _map_year(asked: int | None, years: list[int]) -> int | None:
    """The year asked for, which must lie within the years with figures (the slider's ends), when there are any."""
    if asked is not None and years and not years[-1] <= asked <= years[0]:
        raise params.BadParam(_("year must be a year with trade figures, from %(first)s to %(last)s, got %(value)s")
                              % {"first": years[-1], "last": years[0], "value": asked}, param="year")
    return asked


def _map_regions() -> list[tuple[str, str, str, bool]]:
    """Every region on the map (all but districts), and whether an article, figure or meeting names it."""
    region = OuterRef("pk")
    tied = (Exists(ArticleRegion.objects.shown().filter(region=region, review__in=COUNTED_REVIEWS))
            | Exists(TradeFigure.objects.active().filter(Q(region=region) | Q(by_region=region)))
            | Exists(active_meetings().filter(regions=region)))
    return list(Region.objects.exclude(kind=RegionKind.FEDERAL_DISTRICT).annotate(tied=tied)
                .order_by("code").values_list("code", name_field(), "country", "tied"))


def trade_by_region(points: list[TradePoint], p: OverviewParams, names: dict[str, str]) -> Table:
    """The top regions by total over the years shown, one row per region and year; the rest summed as "Other"
    when asked for (`other`). With scale=share or change, a column of that in %."""
    values = _by_region_and_year(points)
    totals: dict[str, float] = defaultdict(float)
    for (code, year), value in values.items():
        if _shown(p, year):
            totals[code] += value
    top = sorted(totals, key=lambda code: (-totals[code], code))[: p.top]
    # The rest summed for every year (not only those shown), so that the first year shown has its change too.
    rest: dict[tuple[str, int], float] = defaultdict(float)
    year_totals: dict[int, float] = defaultdict(float)  # all regions': what a share is of
    for (code, year), value in values.items():
        year_totals[year] += value
        if code not in top:
            rest[OTHER, year] += value
    english = {pt.region: pt.region_name for pt in points}
    series = [(code, named(names, code, english[code])) for code in top]
    if p.other:
        series.append((OTHER, _("Other regions (%(count)s)") % {"count": len(totals) - len(top)}))
    every = {**values, **rest}
    rows = []
    for code, name in series:
        for year in sorted(year for of, year in every if of == code and _shown(p, year)):
            computed = _computed(p.scale, every, code, year, year_totals)
            rows.append((year, code, name, round(every[code, year], 2), *computed))
    extra = {"share": ("share_pct",), "change": ("change_pct",)}.get(p.scale, ())
    return Table("trade", _("Trade by region and year"),
                 ("year", "region_code", "region", f"value_{p.currency.lower()}", *extra), rows,
                 note=_trade_note(p, len(totals) - len(top)))


def _shown(p: OverviewParams, year: int) -> bool:
    return (p.year_from or 0) <= year <= (p.year_to or 9999)


def _by_region_and_year(points: list[TradePoint]) -> dict[tuple[str, int], float]:
    values: dict[tuple[str, int], float] = defaultdict(float)
    for pt in points:
        values[pt.region, pt.year] += pt.value
    return values


def _computed(scale: str, values: dict[tuple[str, int], float], code: str, year: int,
              year_totals: dict[int, float]) -> tuple:
    """The scale's column for a row: the share of the year's total, or the change on the year before, in %."""
    if scale == "share":
        return (percent(values[code, year], year_totals[year]),)
    if scale == "change":
        before = values.get((code, year - 1))
        return (percent(values[code, year] - before, before) if before is not None else None,)
    return ()


def _trade_note(p: OverviewParams, others: int) -> str:
    note = (_("%(flow)s, in %(currency)s; one figure per region and year (see the region pages for the sources). "
              "Federal districts are left out: their figures include their regions'.")
            % {"flow": _flow_note(p.flow), "currency": p.currency})
    if p.scale == "share":
        note += " " + _("Share: the region's part of all regions' trade that year, in %.")
    elif p.scale == "change":
        note += " " + _("Change: on the year before, in %; empty where the year before has no figure.")
    if others and not p.other:
        note += " " + ngettext("The other %(count)s region is left out (tick “All other regions” to add it).",
                               "The other %(count)s regions are left out (tick “All other regions” to add "
                               "their sum).", others) % {"count": others}
    return note


def top_regions(points: list[TradePoint], year: int | None, p: OverviewParams, names: dict[str, str]) -> Table:
    """The regions with the largest figures in `year`, with the year before's and the change from it."""
    values = _by_region_and_year(points)
    this_year = {code: value for (code, of), value in values.items() if of == year}
    english = {pt.region: pt.region_name for pt in points}
    rows = []
    for rank, code in enumerate(sorted(this_year, key=lambda c: (-this_year[c], c))[:RANKED], start=1):
        before = values.get((code, year - 1))
        change = this_year[code] - before if before is not None else None
        rows.append((rank, code, named(names, code, english[code]), year, round(this_year[code], 2),
                     _rounded(before), _rounded(change), percent(change, before) if before is not None else None))
    currency = p.currency.lower()
    title = (_("Top regions in %(year)s, with the change from %(before)s") % {"year": year, "before": year - 1}
             if year else _("Top regions by trade"))
    return Table("ranking", title, ("rank", "region_code", "region", "year", f"value_{currency}",
                                    f"previous_{currency}", f"change_{currency}", "change_pct"), rows,
                 note=_("%(flow)s, in %(currency)s: the regions with the largest figures that year, the year "
                        "before's figure and the change from it (empty where the year before has none).")
                 % {"flow": _flow_note(p.flow), "currency": p.currency})


def _shown_figures(value: float | None, previous: float | None, change: float | None, pct: float | None,
                   currency: str) -> dict[str, str]:
    """A year's figure, the year before's and the change, as a table shows them ("–" where there is none)."""
    return {"value": money(value, currency), "previous": money(previous, currency),
            "change": _signed(change, money(abs(change), currency) if change is not None else ""),
            "change_pct": _signed(pct, f"{number(abs(pct), 1)}\u00a0%" if pct is not None else "")}


def _signed(value: float | None, size: str) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "") + size


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


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
