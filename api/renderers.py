"""CSV for every list: `?format=csv` or `Accept: text/csv`.

One row per result of the page, the columns in the serializer's order (or
as the view names them in the renderer context's `csv_columns`). A nested
object becomes dotted columns (`region.code`); a list becomes its JSON.
Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
leading apostrophe: articles are other people's text.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from rest_framework import renderers, serializers

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = _rows(data)
        columns = (renderer_context or {}).get("csv_columns") or _columns_of(renderer_context) \
            or _columns_from_rows(rows)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            flat = flatten(row)
            writer.writerow([_cell(flat.get(column)) for column in columns])
        return out.getvalue().encode(self.charset)


def _rows(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if isinstance(data, dict):
        return [data]
    return [row for row in data or [] if isinstance(row, dict)]


def _columns_of(context) -> list[str]:
    view = (context or {}).get("view")
    get_serializer = getattr(view, "get_serializer", None)
    if get_serializer is None:
        return []
    try:
        serializer = get_serializer()
    except (TypeError, AssertionError, AttributeError):  # a view without one serializer class
        return []
    return _serializer_columns(serializer) if isinstance(serializer, serializers.Serializer) else []


def _serializer_columns(serializer: serializers.Serializer, prefix: str = "") -> list[str]:
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, serializers.Serializer):
            columns += _serializer_columns(field, f"{prefix}{name}.")
        else:
            columns.append(f"{prefix}{name}")
    return columns


def _columns_from_rows(rows: list[dict]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(flatten(row)))
    return list(columns)


def flatten(row: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class NDJSONRenderer(renderers.BaseRenderer):
    """`?format=ndjson`: one JSON object per line, the page's rows (with page_size=all, every row)."""

    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from rest_framework.utils.encoders import JSONEncoder

        dump = JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        return "".join(dump(row) + "\n" for row in _rows(data)).encode(self.charset)
