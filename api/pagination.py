"""Page-number pagination with a strict page size and a stable order.

Every list's queryset ends its ordering with the primary key, so pages never
repeat or skip a row between requests. `page_size` is 1..API_MAX_PAGE_SIZE
(500 by default); anything else is a 400, not a silent default. A page past
the last one is empty rather than a 404, so a loop that pages until `next` is
null never sees an error.

The count: exact up to API_COUNT_ESTIMATE_ABOVE rows (10,000 by default), found
by a count that stops there; above it, on PostgreSQL, the planner's estimate
(`count_exact: false`), because an exact count reads every matching row on
every page (159 ms for the 200,000 articles of docs/benchmarks.md's 10×
dataset; capped, 12 ms; the estimate, 0.2 ms). `count=exact`
asks for the exact count anyway. An estimated page reads one row more than it
shows, so `next` is exact either way: a client paging until `next` is null
sees every row once. (Keyset pagination would drop the count altogether, but
also `page=N` and every client's loop over it.)
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import connections
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE = 1_000_000
EXACT = "exact"


def count_estimate_above() -> int:
    """API_COUNT_ESTIMATE_ABOVE: the rows past which a list's count is the planner's estimate (0: never)."""
    return settings.API_COUNT_ESTIMATE_ABOVE


def count_rows(queryset, exact: bool) -> tuple[int, bool]:
    """The number of rows and whether it is exact: exact up to the threshold or when asked, else estimated.

    The count that decides stops one row past the threshold (`LIMIT`), so a large list costs at most that
    many rows of counting however large it grows; only then is the planner asked (EXPLAIN: no row read).
    SQLite, the embedded default, has no usable estimate and always counts.
    """
    if isinstance(queryset, list):
        return len(queryset), True
    limit = count_estimate_above()
    if exact or not limit or connections[queryset.db].vendor != "postgresql":
        return queryset.count(), True
    unordered = queryset.order_by()  # the order changes no count, and sorting to count costs
    capped = unordered[:limit + 1].count()
    if capped <= limit:
        return capped, True
    return max(planner_estimate(unordered), capped), False


def planner_estimate(queryset) -> int:
    """PostgreSQL's estimate of the rows the queryset returns: its plan's top node, without running it."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    count_query_param = "count"
    display_page_controls = False  # the browsable API's page links need Django's Page object

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._whole_number(request, self.page_size_query_param, self.page_size, self.max_page_size)
        number = self._whole_number(request, self.page_query_param, 1, MAX_PAGE)
        exact_asked = self._exact_count_asked(request)
        self.number, self.size = number, size
        start = (number - 1) * size
        self.count, self.count_exact = count_rows(queryset, exact_asked)
        if self.count_exact:
            self.has_next = start + size < self.count
            return list(queryset[start:start + size]) if start < self.count else []
        return self._estimated_page(queryset, start, size)

    def _estimated_page(self, queryset, start: int, size: int) -> list:
        """The page and one row more: whether a next page exists, whatever the estimate says."""
        rows = list(queryset[start:start + size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        if rows and not self.has_next:  # the last page: now the count is known
            self.count, self.count_exact = start + len(rows), True
        elif rows:  # never fewer than the rows seen to exist
            self.count = max(self.count, start + len(rows) + 1)
        else:  # past the end: never more than the rows before this page
            self.count = min(self.count, start)
        return rows

    def _exact_count_asked(self, request) -> bool:
        raw = request.query_params.get(self.count_query_param)
        if raw is None:
            return False
        if raw != EXACT:
            raise ValidationError({self.count_query_param: [
                f"Give {EXACT} (an exact count however many rows), or leave the parameter out "
                f"(exact up to {count_estimate_above():,} rows, estimated past them)."]})
        return True

    def _whole_number(self, request, name: str, default: int, maximum: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= maximum:
            raise ValidationError({name: [f"Must be a whole number from 1 to {maximum}."]})
        return int(raw)

    def get_next_link(self):
        if not self.has_next:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        if not self.count_exact:  # past an estimated end: the page before this one
            return replace_query_param(url, self.page_query_param, self.number - 1)
        last = max(1, -(-self.count // self.size))
        return replace_query_param(url, self.page_query_param, min(self.number - 1, last))

    def get_paginated_response(self, data):
        links = [(self.get_next_link(), "next"), (self.get_previous_link(), "prev")]
        headers = {"X-Total-Count": str(self.count)}
        link_header = ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url)
        if link_header:
            headers["Link"] = link_header
        body = {"count": self.count, "count_exact": self.count_exact, "next": links[0][0],
                "previous": links[1][0], "results": data}
        return Response(body, headers=headers)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123,
                          "description": "The rows the list has: exact, or past a threshold (10,000 by default) "
                                         "PostgreSQL's estimate (then count_exact is false; count=exact for the "
                                         "exact number)"},
                "count_exact": {"type": "boolean", "description": "Whether count is exact (false: an estimate; "
                                                                  "`next` is exact either way)"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
                "facets": {"type": "object", "description": "With facets=: each column's values and counts",
                           "additionalProperties": {"type": "array", "items": {
                               "type": "object", "properties": {"value": {"nullable": True},
                                                                "count": {"type": "integer"}}}}},
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.page_query_param, "required": False, "in": "query",
             "description": "Page number, from 1. A page past the last is empty.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Results per page (default {settings.API_PAGE_SIZE}, "
                            f"at most {settings.API_MAX_PAGE_SIZE}), or `all`: every row, streamed "
                            "(page 1 has them all).",
             "schema": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
                                  {"type": "string", "enum": ["all"]}]}},
            {"name": self.count_query_param, "required": False, "in": "query",
             "description": f"`exact`: count every row. Without it the count is exact up to "
                            f"{count_estimate_above():,} rows and PostgreSQL's estimate past them "
                            "(`count_exact` says which).",
             "schema": {"type": "string", "enum": [EXACT]}},
        ]
