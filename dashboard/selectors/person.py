"""A person's page: the roles the articles gave them over the years, their regions, meetings and articles.

Names and roles are as the articles spell them. A page reads a fixed number of queries whatever the data's
size: the person, every region (to name them), their roles (grouped by year and role), the regions articles
placed them in, their meetings' regions (grouped), the count and the latest of their meetings with those
meetings' participants, regions and reports, then the count and the latest of the articles naming them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from articles.models import Article, Status
from belregions.models import COUNTED_REVIEWS, ArticlePerson, Meeting, Person
from dashboard import params
from dashboard.selectors.common import active_meetings, shown_articles
from dashboard.selectors.listing import Place, places_by_code
from dashboard.selectors.meetings import MeetingRow, meeting_rows, meetings_table
from dashboard.tables import Table

MEETINGS_LISTED = 25
ARTICLES_LISTED = 25


@dataclass(frozen=True)
class PersonParams:
    """The page takes no filter: anything but the output's parameters is refused."""

    @classmethod
    def from_query(cls, query: QueryDict) -> PersonParams:
        params.known_only(query, ())
        return cls()


@dataclass(frozen=True)
class Role:
    """A role the articles of one year gave the person, with how many did and the latest of them."""

    year: int | None
    role: str
    articles: int
    article_id: int


@dataclass(frozen=True)
class PersonRegion:
    place: Place
    meetings: int  # their meetings held there
    named: bool  # an article (or the person's record) places them there


@dataclass
class PersonPage:
    person: Person
    roles: list[Role]
    regions: list[PersonRegion]
    meetings: list[MeetingRow]  # the latest few
    meeting_count: int
    articles: list[Article]  # the latest few
    article_count: int
    tables: dict[str, Table]

    def as_json(self) -> dict:
        p = self.person
        return {"page": "person", "person": {"id": p.pk, "name": p.name, "role": p.role, "region": p.region_id},
                "meetings": self.meeting_count, "articles": self.article_count,
                "tables": {name: table.as_json() for name, table in self.tables.items()}}


def person_page(pk: int, p: PersonParams) -> PersonPage:
    person = Person.objects.filter(pk=pk).select_related("region").first()
    if person is None:
        raise Http404(f"No person {pk}")
    places = places_by_code()
    links = ArticlePerson.objects.active().filter(person_id=pk, article__status=Status.PARSED)
    roles = _roles(links)
    theirs = active_meetings().filter(Exists(Meeting.participants.through.objects.filter(
        meeting_id=OuterRef("pk"), person_id=pk)))
    regions = _regions(person, links, theirs, places)
    meeting_count = theirs.count()
    latest = theirs.order_by(F("date").desc(nulls_last=True), "-id").values_list("id", "date", "date_precision",
                                                                                 "kind")[:MEETINGS_LISTED]
    meetings = meeting_rows(latest, places)
    named = _articles_naming(pk)
    articles = list(named.only("id", "title", "published", "source_name", "language")
                    .order_by(F("published").desc(nulls_last=True), "-id")[:ARTICLES_LISTED])
    article_count = named.count()
    tables = {"roles": roles_table(roles), "regions": regions_table(regions),
              "meetings": dataclasses.replace(meetings_table(meetings), note=_(
                  "Their latest meetings, newest first; the list of meetings has them all.")),
              "articles": articles_table(articles)}
    return PersonPage(person, roles, regions, meetings, meeting_count, articles, article_count, tables)


def _roles(links: QuerySet[ArticlePerson]) -> list[Role]:
    """One row per year and role, newest year first (undated articles last), in one grouped query."""
    rows = (links.exclude(role="").annotate(year=ExtractYear("article__published")).values_list("year", "role")
            .annotate(articles=Count("article_id"), latest=Max("article_id")).order_by())
    found = [Role(year, role, n, latest) for year, role, n, latest in rows]
    return sorted(found, key=lambda r: (r.year is None, -(r.year or 0), -r.articles, r.role))


def _regions(person: Person, links: QuerySet[ArticlePerson], theirs: QuerySet[Meeting],
             places: dict[str, Place]) -> list[PersonRegion]:
    """Where they met (with how many meetings), and where the articles or their record place them."""
    met = dict(Meeting.regions.through.objects.filter(meeting__in=theirs).values_list("region_id")
               .annotate(n=Count("meeting_id")).order_by())
    named = set(links.exclude(region=None).values_list("region_id", flat=True).distinct())
    if person.region_id:
        named.add(person.region_id)
    found = [PersonRegion(places[code], met.get(code, 0), code in named) for code in {*met, *named}]
    return sorted(found, key=lambda r: (-r.meetings, not r.named, r.place.name))


def _articles_naming(pk: int) -> QuerySet[Article]:
    """The shown articles with a link to the person that readers count (not rejected, article not deleted)."""
    counted = ArticlePerson.objects.shown().filter(review__in=COUNTED_REVIEWS, person_id=pk)
    return shown_articles().filter(Exists(counted.filter(article_id=OuterRef("pk"))))


def roles_table(roles: list[Role]) -> Table:
    return Table("roles", _("Roles over time"), ("year", "role", "articles", "latest_article_id"),
                 [(r.year, r.role, r.articles, r.article_id) for r in roles],
                 note=_("The roles the articles give them, by the year of the article, newest first."))


def regions_table(regions: list[PersonRegion]) -> Table:
    return Table("regions", _("Regions"), ("code", "region_name", "meetings", "named_as_theirs"),
                 [(r.place.code, r.place.name, r.meetings, r.named) for r in regions],
                 note=_("The regions of their meetings, and the regions articles place them in."))


def articles_table(articles: list[Article]) -> Table:
    return Table("articles", _("Articles"), ("id", "title", "published", "language", "source_name"),
                 [(a.pk, a.title, a.published, a.language, a.source_name) for a in articles],
                 note=_("The latest articles, newest first."))
