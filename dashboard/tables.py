"""A chart's data as a table: what the chart draws, and what its CSV and JSON links give.

Each chart on a page is drawn from one `Table` by a function in `charts.py`,
and the links beside it serve the same `Table`, so the download holds exactly
the numbers on the screen.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass
class Table:
    name: str  # in URLs: ?data=<name>&format=csv
    title: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)
    note: str = ""  # what the numbers are, shown under the chart and put in the JSON

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
