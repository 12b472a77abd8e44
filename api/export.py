"""`page_size=all`: every matching row in one response, streamed in constant memory.

The rows are read through a server-side cursor on PostgreSQL (`.iterator(chunk_size=...)`; on SQLite,
chunked fetches), shaped a chunk at a time (the chunk's related rows in one query per relation, as a
page's are) and written out as they come: CSV (a header, then a line per row), NDJSON (a JSON object
per line) or JSON (the page's shape, `{"count": N, "next": null, "previous": null, "results": [...]}`).
Nothing holds more than a chunk, whatever the table's size (tests/api/test_export.py measures it).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.http import StreamingHttpResponse
from rest_framework.utils.encoders import JSONEncoder

from api.renderers import _cell, flatten

CHUNK = 2000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson; charset=utf-8",
               "json": "application/json"}


def chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def encoder() -> json.JSONEncoder:
    return JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def csv_lines(columns: list[str], shaped: Iterable[list[dict]]) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    yield out.getvalue().encode()
    for rows in shaped:
        out.seek(0)
        out.truncate()
        for row in rows:
            flat = flatten(row)
            writer.writerow([_cell(flat.get(column)) for column in columns])
        yield out.getvalue().encode()


def ndjson_lines(shaped: Iterable[list[dict]]) -> Iterator[bytes]:
    dump = encoder().encode
    for rows in shaped:
        yield "".join(dump(row) + "\n" for row in rows).encode()


def json_document(count: Callable[[], int], shaped: Iterable[list[dict]], facets: dict | None = None) \
        -> Iterator[bytes]:
    dump = encoder().encode
    yield f'{{"count":{count()},"next":null,"previous":null,'.encode()
    if facets is not None:
        yield f'"facets":{dump(facets)},'.encode()
    yield b'"results":['

    first = True
    for rows in shaped:
        if rows:
            yield (("" if first else ",") + ",".join(dump(row) for row in rows)).encode()
            first = False
    yield b"]}"


def streaming_response(fmt: str, body: Iterator[bytes], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type=MEDIA_TYPES[fmt])
    if fmt != "json":
        suffix = "csv" if fmt == "csv" else "ndjson"
        response["Content-Disposition"] = f'attachment; filename="{filename}.{suffix}"'
    return response
