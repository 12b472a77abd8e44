"""Page-number pagination with a strict page size and a stable order.

Every list's queryset ends its ordering with the primary key, so pages never
repeat or skip a row between requests. `page_size` is 1..API_MAX_PAGE_SIZE
(500 by default); anything else is a 400, not a silent default. A page past
the last one is empty rather than a 404, so a loop that pages until `next` is
null never sees an error.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE = 1_000_000


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    display_page_controls = False  # the browsable API's page links need Django's Page object

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._whole_number(request, self.page_size_query_param, self.page_size, self.max_page_size)
        number = self._whole_number(request, self.page_query_param, 1, MAX_PAGE)
        self.count = len(queryset) if isinstance(queryset, list) else queryset.count()
        self.number, self.size = number, size
        start = (number - 1) * size
        return list(queryset[start:start + size]) if start < self.count else []

    def _whole_number(self, request, name: str, default: int, maximum: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= maximum:
            raise ValidationError({name: [f"Must be a whole number from 1 to {maximum}."]})
        return int(raw)

    def get_next_link(self):
        if self.number * self.size >= self.count:
            return None
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        last = max(1, -(-self.count // self.size))
        return replace_query_param(url, self.page_query_param, min(self.number - 1, last))

    def get_paginated_response(self, data):
        links = [(self.get_next_link(), "next"), (self.get_previous_link(), "prev")]
        headers = {"X-Total-Count": str(self.count)}
        link_header = ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links if url)
        if link_header:
            headers["Link"] = link_header
        body = {"count": self.count, "next": links[0][0], "previous": links[1][0], "results": data}
        return Response(body, headers=headers)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
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
        ]
