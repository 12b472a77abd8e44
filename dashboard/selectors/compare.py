"""The compare page: several regions' trade on one chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import gettext as _

from belregions.models import Flow, Region, TradeFigure
from belregions.selectors import BELARUS, TradePoint, TradeQuery, consolidated_trade
from belregions.trade_query import PointSum
from dashboard import params
from dashboard.formatting import FLOW_LABELS
from dashboard.labels import name_field, name_of
from dashboard.selectors.common import point_row, sum_label
from dashboard.tables import Table

MAX_REGIONS = 10


@dataclass(frozen=True)
class CompareParams:
    regions: tuple[str, ...]
    year_from: int | None
    year_to: int | None
    flow: str
    chart: str
    currency: str

    @classmethod
    def from_query(cls, query: QueryDict) -> CompareParams:
        trade = params.trade_query(query, regions=MAX_REGIONS, flow=Flow.TURNOVER)
        return cls(trade.regions, trade.year_from, trade.year_to, trade.flow,
                   params.choice(query, "chart", params.CHART_TYPES, "line"), trade.currency)

    def query(self) -> dict[str, str]:
        """The canonical query string (regions comma-separated)."""
        values = {"regions": ",".join(self.regions), "from": self.year_from, "to": self.year_to,
                  "flow": self.flow, "chart": self.chart, "currency": self.currency}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


@dataclass
class ComparePage:
    params: CompareParams
    selected: list[Region]
    choices: list[Region]
    tables: dict[str, Table]
    suggestion: str = ""  # with nothing selected: the two regions with the most figures, comma-separated

    def removals(self) -> list[tuple[Region, str]]:
        """Each selected region with the selection left without it."""
        return [(r, ",".join(code for code in self.params.regions if code != r.code)) for r in self.selected]

    def as_json(self) -> dict:
        return {"page": "compare", "params": self.params.__dict__,
                "regions": [{"code": r.code, "name": r.name_en} for r in self.selected],
                "tables": {name: table.as_json() for name, table in self.tables.items()}}


def compare_page(p: CompareParams) -> ComparePage:
    choices = list(Region.objects.select_related("district").order_by("country", name_field("district__"),
                                                                      name_field()))
    known = {r.code: r for r in choices}
    unknown = [code for code in p.regions if code not in known]
    if unknown:
        raise params.BadParam(_("unknown region code(s): %(codes)s") % {"codes": ", ".join(unknown)}, param="regions")
    selected = [known[code] for code in p.regions]
    points = consolidated_trade(TradeQuery(regions=p.regions, year_from=p.year_from, year_to=p.year_to, flow=p.flow,
                                           currency=p.currency)) if p.regions else []
    return ComparePage(p, selected, choices, {"trade": compare_table(selected, points, p)},
                       suggestion="" if p.regions else _suggestion())


def _suggestion() -> str:
    busiest = (TradeFigure.objects.active().filter(region__isnull=False, by_region__isnull=True)
               .values_list("region_id").annotate(n=Count("pk")).order_by("-n", "region_id")[:2])
    codes = [code for code, _n in busiest]
    return ",".join(codes) if len(codes) == 2 else ""


def compare_table(selected: list[Region], points: list[TradePoint], p: CompareParams) -> Table:
    """One row per region and year: a Russian region's figure with Belarus, an oblast's with Russia summed."""
    rows = []
    for region in selected:
        mine = [pt for pt in points if pt.value is not None and _belongs(region, pt)]
        by_year: dict[int, list[TradePoint]] = {}
        for pt in mine:
            by_year.setdefault(pt.year, []).append(pt)
        for year, pts in sorted(by_year.items()):
            rows.append(_row(region, year, pts))
    columns = ("region_code", "region", "year", f"value_{p.currency.lower()}", "as_stated", "article_id",
               "article_title", "disputed", "partial")
    return Table("trade", _("Trade by region and year"), columns, rows,
                 note=_("%(flow)s in %(currency)s, one figure per region and year.")
                 % {"flow": FLOW_LABELS[p.flow], "currency": p.currency})


def _belongs(region: Region, pt: TradePoint) -> bool:
    if region.country == BELARUS:
        return pt.partner == region.code
    return pt.region == region.code and pt.partner == BELARUS


def _row(region: Region, year: int, pts: list[TradePoint]) -> tuple:
    """One figure as its article stated it, or the sum of several (an oblast's with several Russian regions)."""
    total = PointSum(tuple(pts))
    if total.single:
        row = point_row(total.single)
        return (region.code, name_of(region), year, row["value"], row["stated"], row["article_id"],
                row["article_title"], row["disputed"], row["partial"])
    return (region.code, name_of(region), year, total.value, sum_label(total.count), None, "", total.disputed,
            total.partial)
