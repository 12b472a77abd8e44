"""The table beside the overview's map: every region the map draws, its figure in the map's year, the year before's
and the change; sorted by any column and paged (`sort`, `page` in the URL, each checked)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from belregions.selectors import BELARUS, TradePoint
from dashboard.selectors.common import percent
from dashboard.selectors.listing import ListPage, page_of
from dashboard.tables import Table

SORTS = ("region", "value", "previous", "change", "change_pct")
SORT_CHOICES = (*SORTS, *(f"-{key}" for key in SORTS))
DESCENDING_FIRST = ("value", "previous", "change", "change_pct")  # a first click on these: the largest first
DEFAULT_SORT = "-value"
PER_PAGE = 15


@dataclass(frozen=True)
class MapRow:
    code: str
    region: str
    country: str
    value: float | None  # the map's year
    previous: float | None  # the year before
    change: float | None
    change_pct: float | None


def values_by_region(points: list[TradePoint]) -> dict[tuple[str, int], float]:
    """What the map colours, by region and year: a Russian region's figure with Belarus, and a Belarusian oblast's
    figures with Russian regions summed."""
    values: dict[tuple[str, int], float] = defaultdict(float)
    for pt in points:
        if pt.region_level == "subject" and pt.partner == BELARUS:
            values[pt.region, pt.year] += pt.value
        elif pt.partner != BELARUS:
            values[pt.partner, pt.year] += pt.value
    return values


def map_rows(points: list[TradePoint], year: int | None, regions: list[tuple[str, str, str]]) -> list[MapRow]:
    """Every region of the map (code, name, country), with or without a figure that year."""
    values = values_by_region(points)
    rows = []
    for code, name, country in regions:
        value = values.get((code, year)) if year else None
        previous = values.get((code, year - 1)) if year else None
        change = value - previous if value is not None and previous is not None else None
        pct = percent(change, previous) if change is not None else None
        rows.append(MapRow(code, name, country, _rounded(value), _rounded(previous), _rounded(change), pct))
    return rows


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def sorted_rows(rows: list[MapRow], sort: str) -> list[MapRow]:
    """By the column, either way; rows without a value last whichever the direction, by name among themselves."""
    key = sort.lstrip("-")
    present = [row for row in rows if getattr(row, key) is not None]
    present.sort(key=lambda row: row.region)  # the tie-break: stable sorts keep it
    present.sort(key=lambda row: getattr(row, key), reverse=sort.startswith("-"))
    return present + sorted((row for row in rows if getattr(row, key) is None), key=lambda row: row.region)


def map_page(rows: list[MapRow], params) -> ListPage:
    """The page `params.page` of the rows sorted by `params.sort`; past the last page, a 400."""
    paginator = Paginator(sorted_rows(rows, params.sort), PER_PAGE)
    shown = page_of(paginator, params.page)
    return ListPage(params=params, rows=list(shown.object_list), total=paginator.count, pages=paginator.num_pages,
                    per_page=PER_PAGE, places={}, person=None, tables={})


def map_table(rows: list[MapRow], year: int | None, currency: str, sort: str) -> Table:
    """Every row (not one page): the table's CSV and JSON."""
    currency = currency.lower()
    return Table("map_regions", _("Regions by trade in %(year)s") % {"year": year} if year else _("Regions"),
                 ("code", "region", "country", "year", f"value_{currency}", f"previous_{currency}",
                  f"change_{currency}", "change_pct"),
                 [(r.code, r.region, r.country, year, r.value, r.previous, r.change, r.change_pct)
                  for r in sorted_rows(rows, sort)],
                 note=_("Every region of the map, with the year before's figure and the change from it (empty where "
                        "either year has none). Belarusian oblasts: their figures with Russian regions, summed."))


def columns(year: int | None) -> list[tuple[str, str]]:
    """The table's columns (sort key, heading): the years head the figures' columns."""
    return [("region", _("Region")), ("value", str(year or _("Figure"))),
            ("previous", str(year - 1) if year else _("Year before")), ("change", _("Change")),
            ("change_pct", _("Change, %"))]
