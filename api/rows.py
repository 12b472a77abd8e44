"""The lists' pages read as database rows (`values_list`), shaped as their serializer would shape them.

A ModelSerializer builds its fields again for every request, and for every
row builds a model instance and reads each field through `get_attribute` and
`to_representation`: most of a list's time. Yet a list's fields are columns:
`RowPlan` reads the serializer's fields once per serializer class and notes,
for each output key in the serializer's order, the column it shows and how
the value is converted:

- not at all when the column already holds what the serializer would output
  (text, integers, floats, decoded JSON: `AS_STORED`);
- else by the DRF field's own `to_representation` (dates, datetimes, decimals),
  and like DRF, never for NULL; a datetime field gets the request's timezone
  once per page (`in_current_timezone`);
- `url` (DetailUrl) from the row's lookup column and the request's URL template;
- a method field from the serializer's `related_rows` (RelatedRows), one query
  per relation for the whole page;
- a source that is a model property from the serializer's `row_sources`.

A field it cannot place is an error when the plan is made, not a wrong
answer. The serializers stay what the schema and the detail pages use;
tests/api/test_fast_rows.py checks that every list comes out byte for byte as
its serializer gives it.
"""

from __future__ import annotations

import copy
import functools
import itertools
from collections.abc import Callable

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from api import export
from api.pagination import MAX_PAGE
from api.serializers import DetailUrl
from api.shape import check_facets, facets_of

# DRF field → the model fields (internal types) whose database values it outputs unchanged.
# Exact classes only: a subclass may convert (BigIntegerField can make strings of its numbers).
AS_STORED: dict[type, set[str]] = {
    serializers.CharField: {"CharField", "TextField", "SlugField", "URLField", "EmailField"},
    serializers.SlugField: {"SlugField", "CharField"},
    serializers.URLField: {"URLField", "CharField"},
    serializers.ChoiceField: {"CharField"},  # text choices: DRF maps each choice to itself
    serializers.IntegerField: {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
                               "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"},
    serializers.FloatField: {"FloatField"},
    serializers.BooleanField: {"BooleanField"},
    serializers.JSONField: {"JSONField"},
}

# How an output key gets its value (see the module's docstring).
VALUE, DATETIME, URL, RELATED = "value", "datetime", "url", "related"


def none_or(convert: Callable) -> Callable:
    """DRF outputs NULL as None without calling the field."""
    return lambda value: None if value is None else convert(value)


def from_property(compute: Callable, field: serializers.Field) -> Callable:
    """A model property computed from its column, then shown as the field shows it."""
    show = none_or(field.to_representation)
    return lambda value: show(compute(value))


def lookup_in(groups: dict) -> Callable:
    """A row's related values by its id; none is []."""
    return lambda pk: groups.get(pk, [])


def in_current_timezone(field: serializers.DateTimeField) -> serializers.DateTimeField:
    """The field with the current timezone looked up once, for a page, rather than for every value.

    DRF looks it up (`timezone.get_current_timezone()`) in each `to_representation` unless the field was
    given one (`default_timezone`): two thirds of the time a datetime takes. A copy, since the current
    timezone is the request's.
    """
    if hasattr(field, "timezone"):
        return field
    fixed = copy.copy(field)
    fixed.timezone = field.default_timezone()
    return fixed


class RowPlan:
    """How a serializer's output is made from one row of `columns` (see the module's docstring)."""

    def __init__(self, serializer_class: type[serializers.ModelSerializer]):
        # Its fields bound once; nothing below reads the serializer's context (the request comes with each page).
        self.serializer = serializer_class()
        self.model = serializer_class.Meta.model
        self.columns: list[str] = []
        self.pk_index = self._column(self.model._meta.pk.attname)  # related rows are keyed by it
        row_sources = getattr(serializer_class, "row_sources", {})
        # (output key, VALUE/DATETIME/URL/RELATED, index of its column, converter or None / the DRF field)
        self.fields: list[tuple[str, str, int, object]] = []
        for name, field in self.serializer.fields.items():
            if field.write_only:
                continue
            if isinstance(field, DetailUrl):
                lookup = self.model._meta.pk.attname if field.lookup_field == "pk" else field.lookup_field
                self.fields.append((name, URL, self._column(lookup), field))
            elif isinstance(field, serializers.SerializerMethodField):
                # Its value is related_rows(ids)[name][row id], as the serializer's get_<name> reads it.
                if not hasattr(self.serializer, "related_rows"):
                    raise TypeError(f"{serializer_class.__name__}.{name}: a method field needs related_rows()")
                self.fields.append((name, RELATED, self.pk_index, None))
            elif field.source in row_sources:
                column, compute = row_sources[field.source]
                self.fields.append((name, VALUE, self._column(column), from_property(compute, field)))
            elif type(field) is serializers.DateTimeField:
                self._model_field(name, field)  # a column, or refused
                self.fields.append((name, DATETIME, self._column(field.source), field))
            else:
                self.fields.append((name, VALUE, self._column(field.source), self._converter(name, field)))
        self.names = [name for name, *_ in self.fields]
        self.has_related = any(kind == RELATED for _, kind, _, _ in self.fields)

    def _column(self, name: str) -> int:
        if name not in self.columns:
            self.columns.append(name)
        return self.columns.index(name)

    def _model_field(self, name: str, field: serializers.Field):
        """The model field whose column the DRF field shows; a relation's, the field it points to."""
        try:
            model_field = self.model._meta.get_field(field.source)  # a name or an attname (region_id)
        except FieldDoesNotExist:
            model_field = None
        # A relation's field wants an object, not the id a column holds; a nested serializer wants rows.
        not_a_column = (model_field is None or not model_field.concrete or model_field.many_to_many
                        or isinstance(field, serializers.RelatedField | serializers.ManyRelatedField
                                      | serializers.BaseSerializer))
        if not_a_column:
            raise TypeError(f"{type(self.serializer).__name__}.{name}: source {field.source!r} is not a column "
                            f"the list can read; give it in the serializer's row_sources")
        return model_field.target_field if model_field.is_relation else model_field

    def _converter(self, name: str, field: serializers.Field) -> Callable | None:
        if self._model_field(name, field).get_internal_type() in AS_STORED.get(type(field), ()):
            return None
        return none_or(field.to_representation)

    def rows(self, page: list[tuple], request) -> list[dict]:
        """The page's rows (tuples of `columns`) as the serializer would output them for this request."""
        related = self.serializer.related_rows([row[self.pk_index] for row in page]) if self.has_related else {}
        fields = []
        for name, kind, index, how in self.fields:
            if kind == DATETIME:
                how = none_or(in_current_timezone(how).to_representation)
            elif kind == URL:
                how = how.urls_for(request)
            elif kind == RELATED:
                how = lookup_in(related[name])
            fields.append((name, index, how))
        return [{name: row[index] if convert is None else convert(row[index]) for name, index, convert in fields}
                for row in page]


@functools.cache
def row_plan(serializer_class: type[serializers.ModelSerializer]) -> RowPlan:
    return RowPlan(serializer_class)


class RowList:
    """Put after CachedList: the list's page is read with `values_list` and shaped by its serializer's RowPlan.

    Then `fields=` and `expand=` (api/shape.py), `facets=` for the filtered rows, and with `page_size=all`
    every row, streamed (api/export.py).
    """

    csv_columns: list[str] | None = None

    def list(self, request, *args, **kwargs):
        plan = row_plan(self.get_serializer_class())
        shaper = self.shaper(plan.names)
        fmt = request.accepted_renderer.format
        check_facets(request, self.facet_columns, fmt)
        filtered = self.filter_queryset(self.get_queryset())
        rows = filtered.values_list(*plan.columns)
        if whole_table(request, fmt):
            if not first_page(self.paginator, request):
                rows = rows.none()
            facets = facets_of(request, self.facet_columns, filtered)
            return self.export(rows, plan, shaper, fmt, facets, filtered.count)
        page = self.paginate_queryset(rows)
        data = shaper.apply(plan.rows(page, request))
        self.csv_columns = shaper.csv_columns(data) if shaper.expand else shaper.names
        response = self.get_paginated_response(data)
        facets = facets_of(request, self.facet_columns, filtered)
        if facets is not None:
            response.data["facets"] = facets
        return response

    def export(self, rows, plan: RowPlan, shaper, fmt: str, facets: dict | None, count: Callable[[], int]):
        request = self.request
        shaped = (shaper.apply(plan.rows(chunk, request)) for chunk in export.chunks(rows.iterator(export.CHUNK)))
        if fmt == "csv":
            first = next(shaped, [])
            body = export.csv_lines(shaper.csv_columns(first), itertools.chain([first], shaped))
        elif fmt == "ndjson":
            body = export.ndjson_lines(shaped)
        else:
            body = export.json_document(count, shaped, facets)
        return export.streaming_response(fmt, body, self.csv_name)

    def get_renderer_context(self):
        # CSV's columns: the plan's keys, rather than a serializer built for the renderer to read them from.
        context = super().get_renderer_context()
        if getattr(self, "action", None) == "list":
            context["csv_columns"] = self.csv_columns or row_plan(self.get_serializer_class()).names
        return context


def whole_table(request, fmt: str) -> bool:
    """`page_size=all`: every row as JSON, CSV or NDJSON."""
    if request.query_params.get("page_size") != "all":
        return False
    if fmt not in export.MEDIA_TYPES:
        raise ValidationError({"page_size": ["page_size=all streams JSON, CSV or NDJSON (format=json, csv, ndjson)."]})
    return True


def first_page(paginator, request) -> bool:
    """With page_size=all, page 1 (or none) has every row; a later page is empty, as past the last page."""
    return paginator._whole_number(request, paginator.page_query_param, 1, MAX_PAGE) == 1
