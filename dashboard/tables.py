"""A chart's data as a table: what the chart draws, and what its CSV and JSON links give.

Each chart on a page is drawn from one `Table` by a function in `charts.py`,
and the links beside it serve the same `Table`, so the download holds exactly
the numbers on the screen.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dashboard.formatting import number
from dashboard.labels import MEETING_KINDS, label


@dataclass
class Table:
    name: str  # in URLs: ?data=<name>&format=csv
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    note: str = ""  # what the numbers are, shown under the chart and put in the JSON
    # Where a row leads: a URL with the row's columns as {placeholders} ("/sectors/{sector}/"); the table
    # beside the chart links its first cell there. Not in the CSV or JSON, which hold the data.
    link: str = ""

    def column(self, name: str) -> list:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, map(plain, row), strict=True)) for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "note": self.note, "columns": list(self.columns),
                "rows": self.records()}

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([["" if v is None else plain(v) for v in row] for row in self.rows])
        return out.getvalue()

    def __bool__(self) -> bool:
        return bool(self.rows)


def plain(value: Any) -> Any:
    """A value as JSON and CSV show it: whole floats without ".0", dates in ISO form."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# The columns a reader sees in a chart's data table (beside the chart, for screen readers and keyboard users),
# with their headers. Codes, ids and titles stay in the CSV and JSON: the table holds what the chart draws.
COLUMN_LABELS = {
    "region": gettext_lazy("Region"), "series": gettext_lazy("Series"), "sector_name": gettext_lazy("Sector"),
    "district_name": gettext_lazy("Federal district"), "year": gettext_lazy("Year"), "date": gettext_lazy("Date"),
    "kind": pgettext_lazy("column", "Kind"), "participants": gettext_lazy("Participants"),
    "meetings": gettext_lazy("Meetings"), "articles": gettext_lazy("Articles"), "as_stated": gettext_lazy("As stated"),
    "period": gettext_lazy("Period"), "disputed": gettext_lazy("Sources disagree"),
    "partial": gettext_lazy("Part of the year"),
    "share_pct": gettext_lazy("Share of all regions, %"), "change_pct": gettext_lazy("Change on the year before, %"),
}
NUMBER_COLUMNS = ("meetings", "articles")
PERCENT_COLUMNS = ("share_pct", "change_pct")  # one decimal: 0.4 % is not 0
VALUE_PREFIX = "value_"


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    url: str = ""


@dataclass(frozen=True)
class Shown:
    """A table as a reader sees it: headers, then rows of text cells; numbers in full, as the chart has them."""

    headers: list[str]
    rows: list[list[Cell]]


def shown(table: Table) -> Shown:
    columns = [c for c in table.columns if c in COLUMN_LABELS or c.startswith(VALUE_PREFIX)]
    headers = [_header(c) for c in columns]
    indexes = [table.columns.index(c) for c in columns]
    rows = [[_cell(column, row[i]) for column, i in zip(columns, indexes, strict=True)] for row in table.rows]
    if table.link:  # each row's name leads to its page
        for cells, record in zip(rows, table.records(), strict=True):
            cells[0] = replace(cells[0], url=table.link.format(**record))
    return Shown(headers, rows)


def _header(column: str) -> str:
    if column.startswith(VALUE_PREFIX):
        return _("Trade, %(currency)s") % {"currency": column.removeprefix(VALUE_PREFIX).upper()}
    return str(COLUMN_LABELS[column])


def _cell(column: str, value: Any) -> Cell:
    """Whole currency units with thousands separators (the chart's figure, rounded); yes/no for the flags."""
    value = plain(value)
    if value is None or value == "":
        return Cell("–")
    if isinstance(value, bool):
        return Cell(_("yes") if value else _("no"))
    if column.startswith(VALUE_PREFIX) or column in NUMBER_COLUMNS:
        return Cell(number(round(value)), numeric=True)
    if column in PERCENT_COLUMNS:
        return Cell(number(value, 1), numeric=True)
    if column == "kind":
        return Cell(label(MEETING_KINDS, value))
    return Cell(str(value))
