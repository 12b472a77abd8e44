"""What the long lists (meetings, articles) share: the filters' vocabulary, the regions named in them, and a page
of rows with its place in the whole list.

A list page takes one region code per filter (a federal district's takes in its regions), a person by id, and a
page number; each bad value is a 400 that names its parameter. `ListPage` is the page as templates read it: the
rows, where they stand in the list, and the region choices of the filter form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.translation import gettext as _

from belregions import params as vocabulary
from belregions.models import Country, Person, Region, RegionKind
from dashboard import params
from dashboard.labels import russian
from dashboard.tables import Table

PER_PAGE = 50
DISTRICT_PREFIX = "RU-FD-"
MAX_PAGE = 10**6


@dataclass(frozen=True)
class Place:
    """A region as the page names and links it."""

    code: str
    name: str
    kind: str
    country: str
    district: str | None


def one_code(query: QueryDict, name: str) -> str | None:
    """One region code, upper-cased; a list is refused (the form sends one, and a chip removes one)."""
    codes = vocabulary.codes(name, params.one(query, name))
    if len(codes) > 1:
        raise params.BadParam(_("%(name)s: give one region code, got %(value)r")
                              % {"name": name, "value": ",".join(codes)}, param=name)
    return codes[0] if codes else None


def person_id(query: QueryDict) -> int | None:
    value = params.one(query, "person")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) < 2**63:
        raise params.BadParam(_("person must be a person's id (a whole number), got %(value)r")
                              % {"value": value}, param="person")
    return int(value)


def page_number(query: QueryDict) -> int:
    return params.number(query, "page", 1, 1, MAX_PAGE)


def places_by_code() -> dict[str, Place]:
    fields = ("code", "name_ru" if russian() else "name_en", "name_en", "kind", "country", "district_id")
    return {code: Place(code, name or english, kind, country, district)
            for code, name, english, kind, country, district in Region.objects.values_list(*fields)}


def person_asked(pk: int | None) -> Person | None:
    """The person a `person` filter names (a 400 when there is none)."""
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).only("id", "name", "role").first()
    if person is None:
        raise params.BadParam(_("person: no person has the id %(value)s") % {"value": pk}, param="person")
    return person


def with_its_regions(code: str, places: dict[str, Place]) -> list[str]:
    """A region's code; a district's with its regions' (a meeting or article in any of them is the district's)."""
    if places[code].kind != RegionKind.FEDERAL_DISTRICT:
        return [code]
    return [code, *(p.code for p in places.values() if p.district == code)]


def page_of(paginator: Paginator, number: int) -> Page:
    """The asked page of the list; past its last page, a 400 that says how many there are."""
    if number > paginator.num_pages:
        raise params.BadParam(_("%(name)s must be a whole number from %(low)s to %(high)s, got %(value)r")
                              % {"name": "page", "low": 1, "high": paginator.num_pages, "value": str(number)},
                              param="page")
    return paginator.page(number)


@dataclass
class ListPage:
    """A page of a long list: its rows, where they stand in the whole list, and the region filter's choices."""

    params: object  # the page's parsed parameters; `page` among them
    rows: list
    total: int
    pages: int
    per_page: int
    places: dict[str, Place]  # every region by code: the filter's choices and the rows' names
    person: Person | None  # the person filtered by
    tables: dict[str, Table]

    @property
    def first(self) -> int:
        """The place of the page's first row in the whole list, from 1 (0 on an empty list)."""
        return (self.params.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    @property
    def previous(self) -> int | None:
        return self.params.page - 1 if self.params.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.params.page + 1 if self.params.page < self.pages else None

    @property
    def districts(self) -> list[Place]:
        """The form's choices, each list by name: federal districts, Russia's other regions, Belarus's."""
        return self._choices(lambda p: p.kind == RegionKind.FEDERAL_DISTRICT)

    @property
    def russian_regions(self) -> list[Place]:
        return self._choices(lambda p: p.country == Country.RUSSIA and p.kind != RegionKind.FEDERAL_DISTRICT)

    @property
    def belarusian_regions(self) -> list[Place]:
        return self._choices(lambda p: p.country == Country.BELARUS)

    def _choices(self, keep) -> list[Place]:
        return sorted((p for p in self.places.values() if keep(p)), key=lambda p: p.name)

    def list_json(self, name: str) -> dict:
        """The JSON twin's common part: the page's parameters, its place in the list and its tables."""
        return {"page": name, "params": self.params.__dict__, "count": self.total, "page_number": self.params.page,
                "pages": self.pages, "per_page": self.per_page,
                "tables": {key: table.as_json() for key, table in self.tables.items()}}
