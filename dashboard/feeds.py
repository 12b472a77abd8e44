"""Atom feeds for readers who follow a region, a district, an oblast, a sector or a person.

A feed lists what arrived about its subject, newest first: the meetings reported (one entry per meeting,
dated by its latest report), the trade figures read, and the articles that name it. Only what readers
count: facts not rejected, of articles not deleted (`FactQuerySet.active()`; a meeting with an active
report is what `Meeting.objects.reported()` lists). Each entry links to the article page that highlights
the fact.

What a feed covers:
- a Russian region: meetings in it, its trade figures, articles naming it;
- a federal district: the same for the district and its regions, as its page does;
- a Belarusian oblast (or Minsk): meetings in it, the figures of its trade with Russia, articles naming it;
- a sector or a person: the articles naming it and the meetings and trade figures read from those
  articles; a person's meetings also include every meeting they took part in.

The entries are kept in the dashboard's read cache under the data version (`belregions/read_cache.py`),
so a parse shows in the next request. They are worded in the request's language, which is part of the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language, gettext, ngettext

from belregions.models import (
    COUNTED_REVIEWS,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Country,
    DatePrecision,
    Meeting,
    MeetingSource,
    Person,
    Region,
    Sector,
    TradeFigure,
)
from belregions.read_cache import remember
from dashboard import formatting
from dashboard.formatting import month_year, period, stated
from dashboard.labels import FLOWS, MEETING_KINDS, label, name_of
from dashboard.selectors.common import shown_articles

FEED_LIMIT = 50  # entries in a feed: a reader who checks weekly misses nothing on a busy region
TAG_DATE = "2025"  # the date in every entry's tag URI (RFC 4151): fixed, so an entry's id never changes
EVIDENCE_FRAGMENT = "#article-text"  # the article page's text, where the fact's words are highlighted


@dataclass(frozen=True)
class Entry:
    """One feed entry, already worded: plain data, so that the read cache can keep it."""

    kind: str  # meeting, trade, article: with `pk`, the entry's id
    pk: int
    title: str
    summary: str  # HTML (Atom's summary type="html"): user text in it is escaped
    article_id: int
    updated: datetime
    fragment: str = ""


@dataclass(frozen=True)
class Scope:
    """Which rows concern the thing followed, one filter for each kind of entry."""

    meetings: Q  # on MeetingSource (active reports)
    figures: Q  # on TradeFigure
    article_ids: QuerySet  # ids of the articles that name it


@dataclass(frozen=True)
class Followed:
    """A feed's subject as `get_object` hands it to the feed's attributes."""

    title: str
    subtitle: str
    page: str  # the HTML page the feed follows
    feed_id: str
    host: str
    entries: list[Entry]


def entries(scope: Scope) -> list[Entry]:
    found = [*meeting_entries(scope.meetings), *figure_entries(scope.figures), *article_entries(scope.article_ids)]
    return sorted(found, key=lambda e: (e.updated, e.kind, e.pk), reverse=True)[:FEED_LIMIT]


def meeting_entries(where: Q) -> list[Entry]:
    """The meetings with the newest reports: each dated by its latest report, linked to that report's article."""
    reports = MeetingSource.objects.active().filter(where)
    latest = list(reports.values("meeting_id").annotate(updated=Max("updated_at"))
                  .order_by("-updated", "-meeting_id")[:FEED_LIMIT])
    ids = [row["meeting_id"] for row in latest]
    newest_article, report_count = {}, dict(reports.filter(meeting_id__in=ids).values_list("meeting_id")
                                            .annotate(n=Count("article_id", distinct=True)))
    for meeting_id, article_id in (reports.filter(meeting_id__in=ids).order_by("updated_at", "article_id")
                                   .values_list("meeting_id", "article_id")):
        newest_article[meeting_id] = article_id  # the last one seen is the newest
    meetings = Meeting.objects.filter(pk__in=ids).prefetch_related("participants", "regions").in_bulk()
    return [meeting_entry(meetings[row["meeting_id"]], newest_article[row["meeting_id"]], row["updated"],
                          report_count[row["meeting_id"]]) for row in latest]


def meeting_entry(meeting: Meeting, article_id: int, updated: datetime, reports: int) -> Entry:
    kind, when = label(MEETING_KINDS, meeting.kind), meeting_date(meeting)
    people = ", ".join(p.name for p in meeting.participants.all())
    regions = ", ".join(sorted(name_of(r) for r in meeting.regions.all()))
    title = (gettext("%(kind)s on %(date)s: %(people)s") % {"kind": kind, "date": when, "people": people} if people
             else gettext("%(kind)s on %(date)s") % {"kind": kind, "date": when})
    lines = [gettext("Participants: %(people)s.") % {"people": people or gettext("not named")},
             gettext("Regions: %(regions)s.") % {"regions": regions or gettext("not named")},
             ngettext("Reported in %(count)d article.", "Reported in %(count)d articles.", reports)
             % {"count": reports}]
    summary = "<br>".join(escape(line) for line in lines)
    return Entry("meeting", meeting.pk, title, summary, article_id, updated, EVIDENCE_FRAGMENT)


def meeting_date(meeting: Meeting) -> str:
    """The meeting's date as precisely as it is known, in the reader's language."""
    day = meeting.date
    if day is None or meeting.date_precision == DatePrecision.UNKNOWN:
        return gettext("an unknown date")
    if meeting.date_precision == DatePrecision.YEAR:
        return str(day.year)
    return month_year(day) if meeting.date_precision == DatePrecision.MONTH else formatting.day(day)


def figure_entries(where: Q) -> list[Entry]:
    figures = (TradeFigure.objects.active().filter(where).select_related("region", "by_region")
               .order_by("-updated_at", "-pk")[:FEED_LIMIT])
    return [figure_entry(figure) for figure in figures]


def figure_entry(figure: TradeFigure) -> Entry:
    words = {"flow": label(FLOWS, figure.flow), "amount": stated(figure), "period": period(figure),
             "russia": name_of(figure.region) if figure.region else gettext("Russia"),
             "belarus": name_of(figure.by_region) if figure.by_region else gettext("Belarus")}
    title = gettext("%(flow)s, %(russia)s and %(belarus)s, %(period)s: %(amount)s") % words
    summary = escape(gettext("%(flow)s between %(russia)s and %(belarus)s in %(period)s: %(amount)s, "
                             "as the article states it.") % words)
    if figure.evidence:
        summary += "<br>" + escape(gettext("“%(evidence)s”") % {"evidence": figure.evidence})
    return Entry("trade", figure.pk, title, summary, figure.article_id, figure.updated_at, EVIDENCE_FRAGMENT)


def article_entries(article_ids: QuerySet) -> list[Entry]:
    """The articles that name it, dated by their parse (when readers first saw them)."""
    articles = (shown_articles().filter(pk__in=article_ids).annotate(arrived=Coalesce("parsed_at", "created_at"))
                .only("id", "title", "published", "source_name").order_by("-arrived", "-pk")[:FEED_LIMIT])
    return [article_entry(article) for article in articles]


def article_entry(article) -> Entry:
    title = article.title or gettext("Untitled article")
    published = formatting.day(article.published, gettext("undated"))
    summary = escape(gettext("An article: %(title)s (%(published)s).") % {"title": title, "published": published})
    if article.source_name:
        summary += "<br>" + escape(gettext("Source: %(source)s.") % {"source": article.source_name})
    return Entry("article", article.pk, gettext("Article: %(title)s") % {"title": title}, summary, article.pk,
                 article.arrived)


def counted(links: QuerySet) -> QuerySet:
    """The ids of the articles a link table (ArticleRegion, ArticleSector, ArticlePerson) ties to it, as readers
    count them: the link not rejected, the article not deleted."""
    return links.shown().filter(review__in=COUNTED_REVIEWS).values("article_id")


class FollowFeed(Feed):
    """An Atom feed of one thing's news; subclasses find the thing and say which rows concern it."""

    feed_type = Atom1Feed
    author_name = "belregions"  # Atom wants an author for the feed or for every entry
    name = ""  # the cache key's prefix
    url_kwarg = ""  # the URL's name for the thing's code, slug or id

    def find(self, key: str):
        raise NotImplementedError

    def scope(self, thing) -> Scope:
        raise NotImplementedError

    def describe(self, thing) -> tuple[str, str, str]:
        """The feed's title, subtitle and the page it follows."""
        raise NotImplementedError

    def get_object(self, request: HttpRequest, **kwargs) -> Followed:
        thing = self.find(str(kwargs[self.url_kwarg]))
        title, subtitle, page = self.describe(thing)
        found = remember(request, f"feed:{self.name}:{thing.pk}:{get_language()}", lambda: entries(self.scope(thing)))
        host = split_domain_port(request.get_host())[0]  # a tag URI's authority is a name, without a port
        return Followed(title, subtitle, page, request.build_absolute_uri(request.path), host, found)

    def title(self, obj: Followed) -> str:
        return obj.title

    def subtitle(self, obj: Followed) -> str:
        return obj.subtitle

    def link(self, obj: Followed) -> str:
        return obj.page

    def feed_guid(self, obj: Followed) -> str:
        return obj.feed_id

    def items(self, obj: Followed) -> list[tuple[str, Entry]]:
        return [(obj.host, entry) for entry in obj.entries]  # the host makes each entry's id

    def item_title(self, item: tuple[str, Entry]) -> str:
        return item[1].title  # Atom's title is text: the XML writer escapes it, HTML escaping would show

    def item_description(self, item: tuple[str, Entry]) -> str:
        return item[1].summary

    def item_link(self, item: tuple[str, Entry]) -> str:
        entry = item[1]
        return reverse("dashboard:article", args=[entry.article_id]) + entry.fragment

    def item_guid(self, item: tuple[str, Entry]) -> str:
        host, entry = item
        return f"tag:{host},{TAG_DATE}:belregions/{entry.kind}/{entry.pk}"

    def item_updateddate(self, item: tuple[str, Entry]) -> datetime:
        return item[1].updated

    def item_categories(self, item: tuple[str, Entry]) -> tuple[str]:
        return (item[1].kind,)


class RegionFeed(FollowFeed):
    """A Russian region, a federal district (with its regions) or a Belarusian oblast."""

    name, url_kwarg = "region", "code"

    def find(self, key: str) -> Region:
        region = Region.objects.filter(pk=key.upper()).first()
        if region is None:
            raise Http404(f"No region with the code {key!r}")
        return region

    def scope(self, region: Region) -> Scope:
        codes = [region.code, *region.subjects.values_list("code", flat=True)] if region.is_district else [region.code]
        side = "by_region_id__in" if region.country == Country.BELARUS else "region_id__in"
        return Scope(meetings=Q(meeting__regions__in=codes), figures=Q(**{side: codes}),
                     article_ids=counted(ArticleRegion.objects.filter(region_id__in=codes)))

    def describe(self, region: Region) -> tuple[str, str, str]:
        name = name_of(region)
        subtitle = (gettext("New meetings, trade figures and articles about %(name)s and its regions, newest first.")
                    if region.is_district
                    else gettext("New meetings, trade figures and articles about %(name)s, newest first."))
        return (gettext("%(name)s: meetings, trade and articles") % {"name": name}, subtitle % {"name": name},
                reverse("dashboard:region", args=[region.code]))


class SectorFeed(FollowFeed):
    name, url_kwarg = "sector", "slug"

    def find(self, key: str) -> Sector:
        sector = Sector.objects.filter(pk=key).first()
        if sector is None:
            raise Http404(f"No sector {key!r}")
        return sector

    def scope(self, sector: Sector) -> Scope:
        ids = counted(ArticleSector.objects.filter(sector=sector))
        return Scope(meetings=Q(article_id__in=ids), figures=Q(article_id__in=ids), article_ids=ids)

    def describe(self, sector: Sector) -> tuple[str, str, str]:
        name = name_of(sector)
        return (gettext("%(name)s (sector): meetings, trade and articles") % {"name": name},
                gettext("New articles about %(name)s, and the meetings and trade figures they report, "
                        "newest first.") % {"name": name}, reverse("dashboard:sector", args=[sector.slug]))


class PersonFeed(FollowFeed):
    name, url_kwarg = "person", "pk"

    def find(self, key: str) -> Person:
        person = Person.objects.filter(pk=int(key)).first()
        if person is None:
            raise Http404(f"No person {key!r}")
        return person

    def scope(self, person: Person) -> Scope:
        ids = counted(ArticlePerson.objects.filter(person=person))
        return Scope(meetings=Q(meeting__participants=person) | Q(article_id__in=ids), figures=Q(article_id__in=ids),
                     article_ids=ids)

    def describe(self, person: Person) -> tuple[str, str, str]:
        return (gettext("%(name)s: meetings, trade and articles") % {"name": person.name},
                gettext("New meetings with %(name)s, articles naming them and the trade figures those articles "
                        "report, newest first.") % {"name": person.name}, reverse("dashboard:person", args=[person.pk]))
