"""The meetings page: every reported meeting, newest first (undated last), a page at a time, filtered.

Filters: a region (a federal district's code takes in its regions, as its region page does), a federal
district, a Belarusian oblast or Minsk, a person, a kind and a year range; several filters narrow together.
A page reads a fixed number of queries whatever the data's size: the regions (to check the codes and name
them), the people asked for, the counts per year and kind (the chart, and the page count from the same
rows), the page's meetings, then their participants, regions and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext as _

from belregions import params as vocabulary
from belregions.models import Agreement, Country, Meeting, MeetingKind, MeetingSource, RegionKind
from dashboard import params
from dashboard.formatting import money
from dashboard.labels import AGREEMENT_KINDS, MEETING_KINDS, label, name_field
from dashboard.selectors.common import active_meetings
from dashboard.selectors.listing import (
    DISTRICT_PREFIX,
    PER_PAGE,
    ListPage,
    Place,
    one_code,
    page_number,
    page_of,
    person_asked,
    person_id,
    places_by_code,
    with_its_regions,
)
from dashboard.tables import Table

# What the page takes; anything else is refused (a misspelt filter must not silently show every meeting).
PARAMETERS = ("region", "district", "by_region", "person", "kind", "from", "to", "page")


@dataclass(frozen=True)
class MeetingsParams:
    region: str | None
    district: str | None
    by_region: str | None
    person: int | None
    kind: str | None
    year_from: int | None
    year_to: int | None
    page: int

    @classmethod
    def from_query(cls, query: QueryDict) -> MeetingsParams:
        params.known_only(query, PARAMETERS)
        year_from, year_to = params.year(query, "from"), params.year(query, "to")
        vocabulary.year_range(year_from, year_to, ("from", "to"))
        district = one_code(query, "district")
        if district and not district.startswith(DISTRICT_PREFIX):
            raise params.BadParam(_("district must be a federal district's code (RU-FD-…), got %(value)r")
                                  % {"value": district}, param="district")
        by_region = one_code(query, "by_region")
        if by_region and not by_region.startswith(f"{Country.BELARUS}-"):
            raise params.BadParam(_("by_region must be a Belarusian oblast's code or Minsk's (BY-…), got %(value)r")
                                  % {"value": by_region}, param="by_region")
        return cls(one_code(query, "region"), district, by_region, person_id(query),
                   params.choice(query, "kind", tuple(MeetingKind.values)), year_from, year_to,
                   page_number(query))

    @property
    def filtered(self) -> bool:
        return any((self.region, self.district, self.by_region, self.person, self.kind, self.year_from,
                    self.year_to))


@dataclass
class Participant:
    id: int
    name: str
    role: str


@dataclass
class Agreed:
    """One outcome reached at a meeting, as an article states it."""

    id: int
    kind: str
    parties: list[str]
    amount: Decimal | None
    currency: str | None
    evidence: str
    article: tuple[int, str, str]  # (id, title, language)
    sectors: list[tuple[str, str]] = field(default_factory=list)  # (slug, name in the page's language)

    @property
    def kind_label(self) -> str:
        return label(AGREEMENT_KINDS, self.kind)

    @property
    def sum(self) -> str:
        return money(self.amount, self.currency or "") if self.amount is not None else ""

    def as_text(self) -> str:
        """For the CSV and JSON: "Contract (Minsk Tractor Works, …; $20.0 million; machinery): the sentence"."""
        details = [", ".join(self.parties), self.sum, ", ".join(slug for slug, _name in self.sectors)]
        said = "; ".join(part for part in details if part)
        return f"{self.kind_label}{f' ({said})' if said else ''}: {self.evidence}"


@dataclass
class MeetingRow:
    id: int
    date: date | None
    precision: str
    kind: str
    participants: list[Participant] = field(default_factory=list)
    regions: list[Place] = field(default_factory=list)
    sources: list[tuple[int, str, str]] = field(default_factory=list)  # (article id, title, language)
    # For the CSV and JSON, in the order of `sources`: each report's sentence and its article's address.
    evidence: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    agreed: list[Agreed] = field(default_factory=list)


@dataclass
class MeetingsPage(ListPage):
    undated: int  # of the total: listed, not charted

    @property
    def kinds(self) -> list[tuple[str, str]]:
        """The kinds of meeting, each with its label in the page's language, for the form."""
        return [(kind, label(MEETING_KINDS, kind)) for kind in MeetingKind.values]

    def as_json(self) -> dict:
        return {**self.list_json("meetings"), "undated": self.undated}


def meetings_page(p: MeetingsParams) -> MeetingsPage:
    places = places_by_code()
    person = person_asked(p.person)
    meetings = active_meetings().filter(_filters(p, places))
    per_year = _per_year(meetings)
    total = sum(n for _year, _kind, n in per_year)
    newest_first = meetings.order_by(F("date").desc(nulls_last=True), "-id")
    paginator = Paginator(newest_first.values_list("id", "date", "date_precision", "kind"), PER_PAGE)
    # Counted by the chart's rows above: one count per page, not a second scan of the same filter.
    paginator.count = total
    rows = meeting_rows(page_of(paginator, p.page).object_list, places)
    dated = [(year, kind, n) for year, kind, n in per_year if year is not None]
    return MeetingsPage(p, rows, total, paginator.num_pages, paginator.per_page, places, person,
                        {"meetings": meetings_table(rows), "per_year": per_year_table(dated)},
                        undated=total - sum(n for _y, _k, n in dated))


def _in_regions(codes: list[str]) -> Exists:
    """A subquery, not a join: a meeting in two of the regions is one row."""
    return Exists(Meeting.regions.through.objects.filter(meeting_id=OuterRef("pk"), region_id__in=codes))


def _filters(p: MeetingsParams, places: dict[str, Place]) -> Q:
    where = Q()
    for name, code in (("region", p.region), ("district", p.district), ("by_region", p.by_region)):
        if code is None:
            continue
        place = places.get(code)
        wrong_kind = place is not None and (
            (name == "district" and place.kind != RegionKind.FEDERAL_DISTRICT)
            or (name == "by_region" and place.country != Country.BELARUS))
        if place is None or wrong_kind:
            raise params.BadParam(_("%(name)s: no region has the code %(value)s") % {"name": name, "value": code},
                                  param=name)
        where &= _in_regions(with_its_regions(code, places))
    if p.person is not None:
        where &= Exists(Meeting.participants.through.objects.filter(meeting_id=OuterRef("pk"), person_id=p.person))
    if p.kind:
        where &= Q(kind=p.kind)
    if p.year_from is not None:
        where &= Q(date__gte=date(p.year_from, 1, 1))
    if p.year_to is not None:
        where &= Q(date__lte=date(p.year_to, 12, 31))
    return where


def _per_year(meetings: QuerySet[Meeting]) -> list[tuple[int | None, str, int]]:
    """Meetings per year and kind (year None: undated), in one grouped query."""
    rows = (meetings.annotate(year=ExtractYear("date")).values_list("year", "kind").annotate(n=Count("id"))
            .order_by())
    return sorted(rows, key=lambda row: (row[0] is None, row[0] or 0, row[1]))


def meeting_rows(page, places: dict[str, Place]) -> list[MeetingRow]:
    """The page's meetings (id, date, precision, kind) with their participants, regions and reports."""
    rows = {pk: MeetingRow(pk, day, precision, kind) for pk, day, precision, kind in page}
    if not rows:
        return []
    ids = list(rows)
    people = (Meeting.participants.through.objects.filter(meeting_id__in=ids)
              .order_by("person__name", "person_id")
              .values_list("meeting_id", "person_id", "person__name", "person__role"))
    for meeting_id, who, name, role in people:
        rows[meeting_id].participants.append(Participant(who, name, role))
    links = Meeting.regions.through.objects.filter(meeting_id__in=ids).values_list("meeting_id", "region_id")
    for meeting_id, code in links:
        rows[meeting_id].regions.append(places[code])
    for row in rows.values():
        row.regions.sort(key=lambda place: place.name)
    sources = (MeetingSource.objects.active().filter(meeting_id__in=ids).order_by("article_id")
               .values_list("meeting_id", "article_id", "article__title", "article__language", "evidence",
                            "article__source_url"))
    for meeting_id, article_id, title, language, evidence, address in sources:
        row = rows[meeting_id]
        row.sources.append((article_id, title, language))
        row.evidence.append(evidence)
        row.addresses.append(address)
    add_agreed(rows, ids)
    return list(rows.values())


def add_agreed(rows: dict, ids) -> None:
    """What was agreed at the page's meetings (`rows`: each with an `agreed` list, by id; `ids` a list of ids or a
    subquery of them), with the sectors of each: two queries, whatever the page holds."""
    agreed = (Agreement.objects.active().filter(meeting_id__in=ids).order_by("id")
              .values_list("meeting_id", "id", "kind", "parties", "amount", "currency", "evidence", "article_id",
                           "article__title", "article__language"))
    by_id = {}
    for meeting_id, pk, kind, parties, amount, currency, evidence, article, title, language in agreed:
        by_id[pk] = Agreed(pk, kind, parties, amount, currency, evidence, (article, title, language))
        rows[meeting_id].agreed.append(by_id[pk])
    # By the meetings, not the agreements' ids: an empty list of ids would skip the query, and the count would vary.
    sectors = (Agreement.sectors.through.objects.filter(agreement__meeting_id__in=ids).order_by("sector_id")
               .values_list("agreement_id", "sector_id", f"sector__{name_field()}"))
    for pk, slug, name in sectors:
        if pk in by_id:  # not a rejected agreement's
            by_id[pk].sectors.append((slug, name))


def meetings_table(rows: list[MeetingRow]) -> Table:
    """The page's rows as the CSV and JSON links give them: lists joined with "; ", in the same order (the
    reports' sentences with " | ": a sentence may hold a semicolon)."""
    columns = ("id", "date", "date_precision", "kind", "participants", "person_ids", "regions", "region_names",
               "article_ids", "article_titles", "evidence", "article_addresses", "agreed")
    return Table("meetings", _("Meetings"), columns, [
        (r.id, r.date, r.precision, r.kind,
         "; ".join(f"{who.name} ({who.role})" if who.role else who.name for who in r.participants),
         "; ".join(str(who.id) for who in r.participants),
         "; ".join(place.code for place in r.regions), "; ".join(place.name for place in r.regions),
         "; ".join(str(pk) for pk, _title, _language in r.sources),
         "; ".join(title for _pk, title, _language in r.sources),
         " | ".join(r.evidence), "; ".join(r.addresses), " | ".join(a.as_text() for a in r.agreed)) for r in rows],
        note=_("The meetings of this page of the list, newest first; each page of the list has its own CSV and "
               "JSON."))


def per_year_table(rows: list[tuple[int, str, int]]) -> Table:
    return Table("per_year", _("Meetings per year"), ("year", "kind", "meetings"), rows,
                 note=_("Meetings with these filters per year and kind; undated meetings are in the list, "
                        "not on the chart."))
