"""What a reader asks of a list beyond its filters: `fields=`, `expand=`, `facets=` and `page_size=all`.

- `fields=id,region,amount`: only these keys of each row (and CSV columns), in the row's order.
- `expand=region,article`: a code or id becomes the related row as an object (a list of codes, a
  list of objects), read for the whole page (or export chunk) in one query per expanded relation.
- `facets=region,year`: counts per value of each named column for the current filter, Datasette's
  facets, in the JSON's `facets`: one GROUP BY query per facet.
- `page_size=all`: every matching row, streamed (api/export.py).

Each view names what it offers (`expansions`, `facet_columns`); a name it does not offer is a 400
that lists the ones it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractYear
from rest_framework.exceptions import ValidationError

from api.labels import labels as labels_of
from belregions.params import VOCABULARY


def names_in(request, param: str) -> list[str]:
    """A comma-separated list parameter, in order, once each (empty: none)."""
    raw = ",".join(request.query_params.getlist(param))
    return list(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))


def refuse_unknown(param: str, asked: list[str], offered) -> None:
    unknown = [name for name in asked if name not in offered]
    if unknown:
        listed = ", ".join(offered) or "none"
        raise ValidationError({param: [f"Unknown: {', '.join(unknown)[:200]}. This endpoint offers: {listed}."]})


@dataclass(frozen=True)
class Expansion:
    """A key of the row holding a code or id (or a list of them) → the related row, from `rows(keys)`."""

    rows: Callable[[set], dict]  # {key: object} for the keys asked for: one query
    many: bool = False

    def apply(self, name: str, rows: list[dict]) -> None:
        keys: set = set()
        for row in rows:
            value = row.get(name)
            if self.many:
                keys.update(value or ())
            elif value is not None:
                keys.add(value)
        found = self.rows(keys) if keys else {}
        for row in rows:
            value = row.get(name)
            if self.many:
                row[name] = [found.get(key, {"id": key}) for key in value or ()]
            elif value is not None:
                row[name] = found.get(value, value)


def values_by(queryset: QuerySet, key: str, fields: list[str], labels: dict[str, str] | None = None) \
        -> Callable[[set], dict]:
    """An Expansion's reader: {row[key]: row} of `queryset` filtered to the keys.

    labels: {field: its vocabulary}: each row then ends with those fields' words, `<field>_en` and `<field>_ru`,
    as the related row's own list gives them (api/labels.py).
    """
    labels = labels or {}

    def read(keys: set) -> dict:
        rows = list(queryset.filter(**{f"{key}__in": keys}).values(*fields))
        for row in rows:
            for field, vocabulary in labels.items():
                row.update(labels_of(vocabulary, row[field], field))
        return {row[key]: row for row in rows}

    return read


class Shaper:
    """`fields=` and `expand=` of one request, checked once, applied to each page or chunk of rows."""

    def __init__(self, request, names: list[str], expansions: dict[str, Expansion]):
        self.fields = names_in(request, "fields")
        self.expand = names_in(request, "expand")
        refuse_unknown("fields", self.fields, names)
        refuse_unknown("expand", self.expand, list(expansions))
        self.expansions = expansions
        self.names = [name for name in names if name in self.fields] if self.fields else list(names)

    @property
    def active(self) -> bool:
        return bool(self.fields or self.expand)

    def apply(self, rows: list[dict]) -> list[dict]:
        for name in self.expand:
            if name in self.names:
                self.expansions[name].apply(name, rows)
        if self.fields:
            rows = [{name: row[name] for name in self.names} for row in rows]
        return rows

    def csv_columns(self, sample: list[dict]) -> list[str]:
        """CSV columns: the chosen keys; an expanded object's keys as dotted columns."""
        columns = []
        for name in self.names:
            if name in self.expand and not self.expansions[name].many:
                keys: dict = {}
                for row in sample:
                    if isinstance(row.get(name), dict):
                        keys.update(dict.fromkeys(row[name]))
                columns += [f"{name}.{key}" for key in keys] or [name]
            else:
                columns.append(name)
        return columns


# --- Facets ------------------------------------------------------------------------------------------------

Facet = Callable[[QuerySet], list[dict]]


def column_facet(column: str) -> Facet:
    """Counts per value of a column of the filtered rows."""

    def count(qs: QuerySet) -> list[dict]:
        groups = qs.order_by().values(value=F(column)).annotate(count=Count("pk")).order_by("-count", "value")
        return list(groups)

    return count


def year_facet(column: str) -> Facet:
    def count(qs: QuerySet) -> list[dict]:
        groups = qs.order_by().annotate(value=ExtractYear(column)).values("value") \
            .annotate(count=Count("pk")).order_by("-value")
        return list(groups)

    return count


def linked_facet(links: Callable[[], QuerySet], row_column: str, value_column: str) -> Facet:
    """Counts per value of a linked table (a meeting's regions, an article's sectors): rows having each value."""

    def count(qs: QuerySet) -> list[dict]:
        groups = links().filter(**{f"{row_column}__in": qs.order_by().values("pk")}).order_by() \
            .values(value=F(value_column)).annotate(count=Count(row_column, distinct=True)).order_by("-count", "value")
        return list(groups)

    return count


def facets_of(request, offered: dict[str, Facet], qs: QuerySet) -> dict[str, list[dict]] | None:
    """The facets asked for, for JSON; CSV and NDJSON are rows only (no query is made for them)."""
    asked = names_in(request, "facets")
    if not asked or request.accepted_renderer.format != "json":
        return None
    return {name: offered[name](qs) for name in asked}


def check_facets(request, offered: dict[str, Facet], representation: str) -> None:
    refuse_unknown("facets", names_in(request, "facets"), list(offered))


def parameter_doc(name: str, offered: list[str]) -> str:
    return f"{VOCABULARY[name]}: {', '.join(offered)}"
