"""The regions page: all 98 regions with their latest trade figure and meetings; sortable, filterable."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, Max, When
from django.http import QueryDict
from django.utils.translation import gettext as _

from belregions.models import Country, Flow, Meeting, Region, RegionKind
from belregions.selectors import BELARUS, TradePoint, TradeQuery, consolidated_trade
from belregions.trade_query import PointSum
from dashboard import params
from dashboard.formatting import stated
from dashboard.labels import REGION_KINDS, label, russian
from dashboard.selectors.common import active_meetings
from dashboard.tables import Table

SORTS = ("name", "district", "trade", "year", "meetings", "last_meeting")
KIND_LABELS = REGION_KINDS


@dataclass(frozen=True)
class RegionsParams:
    q: str
    country: str | None
    district: str | None
    sort: str
    currency: str

    @classmethod
    def from_query(cls, query: QueryDict) -> RegionsParams:
        sort = params.choice(query, "sort", [*SORTS, *(f"-{s}" for s in SORTS)], "name")
        district = (params.one(query, "district") or "").upper() or None
        if district and not district.startswith("RU-FD-"):
            raise params.BadParam(_("district must be a federal district's code (RU-FD-…), got %(value)r")
                                  % {"value": district}, param="district")
        return cls((params.one(query, "q") or "")[:100], params.choice(query, "country", tuple(Country.values)),
                   district, sort, params.currency(query))


@dataclass
class RegionRow:
    code: str
    name_en: str
    name_ru: str
    kind: str
    country: str
    district: str | None
    district_name: str | None
    search_text: str
    trade_year: int | None = None
    trade_value: float | None = None
    trade_stated: str = ""
    trade_article_id: int | None = None
    meetings: int = 0
    last_meeting: date | None = None

    @property
    def kind_label(self) -> str:
        return label(KIND_LABELS, self.kind)

    @property
    def name(self) -> str:
        """The name in the page's language; the other language's beside it in the table."""
        return self.name_ru if russian() and self.name_ru else self.name_en

    @property
    def other_name(self) -> str:
        return self.name_en if russian() and self.name_ru else self.name_ru


@dataclass
class RegionsPage:
    params: RegionsParams
    rows: list[RegionRow]
    total: int
    districts: list[tuple[str, str]]
    tables: dict[str, Table]

    def as_json(self) -> dict:
        return {"page": "regions", "params": self.params.__dict__, "total": self.total, "shown": len(self.rows),
                "tables": {name: table.as_json() for name, table in self.tables.items()}}


def regions_page(p: RegionsParams) -> RegionsPage:
    rows = _rows()
    _add_trade(rows, consolidated_trade(TradeQuery(flow=Flow.TURNOVER, currency=p.currency)))
    _add_meetings(rows)
    districts = sorted(((r.code, r.name) for r in rows.values() if r.kind == RegionKind.FEDERAL_DISTRICT),
                       key=lambda pair: pair[1])
    shown = sort_rows([r for r in rows.values() if matches(r, p)], p.sort)
    return RegionsPage(p, shown, len(rows), districts,
                       {"regions": _table(shown, p.currency), "trade": _chart_table(shown, p.currency)})


def _rows() -> dict[str, RegionRow]:
    fields = ("code", "name_en", "name_ru", "kind", "country", "district_id",
              "district__name_ru" if russian() else "district__name_en", "variants_en", "variants_ru")
    rows = {}
    for code, en, ru, kind, country, district, district_name, var_en, var_ru in Region.objects.values_list(*fields):
        search = " ".join([code, en, ru, *var_en, *var_ru]).casefold()
        rows[code] = RegionRow(code, en, ru, kind, country, district, district_name, search)
    return rows


def _add_trade(rows: dict[str, RegionRow], points: list[TradePoint]) -> None:
    """Each region's latest figure: Russian regions' with Belarus, oblasts' with all of Russia summed."""
    for pt in points:
        if pt.partner == BELARUS and pt.region in rows and pt.value is not None:
            row = rows[pt.region]
            if row.trade_year is None or pt.year > row.trade_year:
                row.trade_year, row.trade_value = pt.year, pt.value
                row.trade_stated, row.trade_article_id = stated(pt.figure), pt.figure.article_id
    oblasts: dict[str, dict[int, list[TradePoint]]] = defaultdict(lambda: defaultdict(list))
    for pt in points:
        if pt.partner != BELARUS and pt.value is not None:
            oblasts[pt.partner][pt.year].append(pt)
    for code, years in oblasts.items():
        year = max(years)
        total, row = PointSum(tuple(years[year])), rows[code]
        row.trade_year, row.trade_value = year, total.value
        row.trade_stated = stated(total.single.figure) if total.single else _("sum of the oblast's figures")


def _add_meetings(rows: dict[str, RegionRow]) -> None:
    """Meetings per region; a district counts its own and its regions' (each meeting once)."""
    links = Meeting.regions.through.objects.filter(meeting__in=active_meetings())
    for code, n, last in (links.values_list("region_id").annotate(n=Count("meeting_id"), last=Max("meeting__date"))
                          .order_by()):
        rows[code].meetings, rows[code].last_meeting = n, last
    district = Case(When(region__kind=RegionKind.FEDERAL_DISTRICT, then=F("region_id")),
                    default=F("region__district_id"))
    per_district = (links.annotate(key=district).filter(key__isnull=False).values_list("key")
                    .annotate(n=Count("meeting_id", distinct=True), last=Max("meeting__date")).order_by())
    for code, n, last in per_district:
        rows[code].meetings, rows[code].last_meeting = n, last


def matches(row: RegionRow, p: RegionsParams) -> bool:
    if p.country and row.country != p.country:
        return False
    if p.district and p.district not in (row.code, row.district):
        return False
    return not p.q or p.q.casefold() in row.search_text


def sort_rows(rows: list[RegionRow], sort: str) -> list[RegionRow]:
    """Sorted by the column, rows without a value last whichever the direction."""
    key = sort.lstrip("-")
    value = {"name": lambda r: r.name, "district": lambda r: r.district_name or "",
             "trade": lambda r: r.trade_value, "year": lambda r: r.trade_year,
             "meetings": lambda r: r.meetings, "last_meeting": lambda r: r.last_meeting}[key]
    present = sorted((r for r in rows if value(r) is not None), key=lambda r: (value(r), r.name),
                     reverse=sort.startswith("-"))
    return present + sorted((r for r in rows if value(r) is None), key=lambda r: r.name)


def _table(rows: list[RegionRow], currency: str) -> Table:
    columns = ("code", "name", "name_ru", "kind", "district", "trade_year", f"trade_{currency.lower()}",
               "trade_as_stated", "meetings", "last_meeting")
    return Table("regions", _("Regions"), columns, [
        (r.code, r.name_en, r.name_ru, r.kind, r.district, r.trade_year, r.trade_value, r.trade_stated,
         r.meetings, r.last_meeting) for r in rows],
        note=_("Latest turnover figure in %(currency)s (one per region and year, see the region pages for "
               "sources) and meetings; a district counts its regions' meetings.") % {"currency": currency})


def _chart_table(rows: list[RegionRow], currency: str, limit: int = 20) -> Table:
    ranked = sorted((r for r in rows if r.trade_value is not None), key=lambda r: (-r.trade_value, r.name))
    ranked = [r for r in ranked if r.kind != RegionKind.FEDERAL_DISTRICT][:limit]
    return Table("trade", _("Latest trade figure, largest first"),
                 ("code", "region", "year", f"value_{currency.lower()}"),
                 [(r.code, r.name, r.trade_year, r.trade_value) for r in ranked],
                 note=_("The %(limit)s largest of the regions listed (districts left out), each at its latest year.")
                 % {"limit": limit})
