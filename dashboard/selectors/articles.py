"""The articles page: every parsed article, newest first (undated last), a page at a time, searched and filtered.

Filters: words (`q`: the full-text search of articles/search.py, the API's), a region (a federal district's code
takes in its regions), a federal district, a Belarusian oblast or Minsk, a sector, a person, the article's
language and a year range on its published date; several narrow together. Only parsed articles are listed:
a queued or failed upload has no text worth reading, and editors see every status in the admin, so `status`
is refused as any unknown parameter is.

A page reads a fixed number of queries whatever the data's size: the regions and the sectors (to check the codes
and offer them), the person asked for, the count, the page's articles, their regions, and for a search the
page's snippets (ts_headline over those rows only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import search
from articles.models import Article
from belregions import params as vocabulary
from belregions.models import ArticlePerson, ArticleRegion, ArticleSector, Country, RegionKind, Sector
from dashboard import params
from dashboard.labels import russian
from dashboard.selectors.common import shown_articles
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

# What the page takes; anything else is refused (a misspelt filter must not silently show every article).
PARAMETERS = ("q", "region", "district", "by_region", "sector", "person", "language", "from", "to", "page")
LANGUAGES = ("en", "ru")
MAX_QUERY = 200  # characters of a search, as the API's SearchField


@dataclass(frozen=True)
class ArticlesParams:
    q: str | None
    region: str | None
    district: str | None
    by_region: str | None
    sector: str | None
    person: int | None
    language: str | None
    year_from: int | None
    year_to: int | None
    page: int

    @classmethod
    def from_query(cls, query: QueryDict) -> ArticlesParams:
        params.known_only(query, PARAMETERS)
        year_from, year_to = params.year(query, "from"), params.year(query, "to")
        vocabulary.year_range(year_from, year_to, ("from", "to"))
        return cls(_words(query), one_code(query, "region"), _district(query), _oblast(query), _sector(query),
                   person_id(query), params.choice(query, "language", LANGUAGES), year_from, year_to,
                   page_number(query))

    @property
    def filtered(self) -> bool:
        return any((self.q, self.region, self.district, self.by_region, self.sector, self.person, self.language,
                    self.year_from, self.year_to))


def _words(query: QueryDict) -> str | None:
    words = " ".join((params.one(query, "q") or "").split())
    if len(words) > MAX_QUERY:
        raise params.BadParam(_("q: at most %(limit)s characters, got %(count)s")
                              % {"limit": MAX_QUERY, "count": len(words)}, param="q")
    return words or None


def _district(query: QueryDict) -> str | None:
    district = one_code(query, "district")
    if district and not district.startswith(DISTRICT_PREFIX):
        raise params.BadParam(_("district must be a federal district's code (RU-FD-…), got %(value)r")
                              % {"value": district}, param="district")
    return district


def _oblast(query: QueryDict) -> str | None:
    by_region = one_code(query, "by_region")
    if by_region and not by_region.startswith(f"{Country.BELARUS}-"):
        raise params.BadParam(_("by_region must be a Belarusian oblast's code or Minsk's (BY-…), got %(value)r")
                              % {"value": by_region}, param="by_region")
    return by_region


def _sector(query: QueryDict) -> str | None:
    slug = params.one(query, "sector")
    if slug is not None and not re.fullmatch(vocabulary.SLUG, slug):
        raise params.BadParam(_("sector must be a sector's slug (such as agriculture), got %(value)r")
                              % {"value": slug}, param="sector")
    return slug


@dataclass
class ArticleRow:
    id: int
    title: str
    published: date | None
    language: str
    source_name: str
    regions: list[Place] = field(default_factory=list)
    snippet: list[search.Piece] = field(default_factory=list)  # a search's matches in context


@dataclass
class ArticlesPage(ListPage):
    sectors: list[tuple[str, str]]  # (slug, name in the page's language), by name

    @property
    def languages(self) -> list[tuple[str, str]]:
        return [("en", pgettext("language", "English")), ("ru", pgettext("language", "Russian"))]

    def as_json(self) -> dict:
        return self.list_json("articles")


def articles_page(p: ArticlesParams) -> ArticlesPage:
    places = places_by_code()
    sectors = _sectors()
    if p.sector is not None and p.sector not in dict(sectors):
        raise params.BadParam(_("sector: no sector has the slug %(value)s") % {"value": p.sector}, param="sector")
    person = person_asked(p.person)
    columns = ("id", "title", "published", "language", "source_name")
    paginator = Paginator(matching_articles(p, places).values_list(*columns), PER_PAGE)
    rows = _rows(page_of(paginator, p.page).object_list, places, p.q)
    return ArticlesPage(p, rows, paginator.count, paginator.num_pages, paginator.per_page, places, person,
                        {"articles": articles_table(rows)}, sectors=sectors)


def matching_articles(p: ArticlesParams, places: dict[str, Place]) -> QuerySet[Article]:
    """The parsed articles the filters and the search keep, newest first (undated last)."""
    articles = search.matching(shown_articles().filter(_filters(p, places)), p.q or "")
    return articles.order_by(F("published").desc(nulls_last=True), "-id")


def _sectors() -> list[tuple[str, str]]:
    name = "name_ru" if russian() else "name_en"
    return sorted(((slug, local or english) for slug, local, english
                   in Sector.objects.values_list("slug", name, "name_en")), key=lambda sector: sector[1])


def _check_place(name: str, code: str, places: dict[str, Place]) -> None:
    """The code names a region of the filter's kind (a district for `district`, Belarusian for `by_region`)."""
    place = places.get(code)
    wrong_kind = place is not None and (
        (name == "district" and place.kind != RegionKind.FEDERAL_DISTRICT)
        or (name == "by_region" and place.country != Country.BELARUS))
    if place is None or wrong_kind:
        raise params.BadParam(_("%(name)s: no region has the code %(value)s") % {"name": name, "value": code},
                              param=name)


def _about(model, **link) -> Exists:
    """A subquery, not a join: an article naming two of the regions is one row. Rejected links do not count."""
    return Exists(model.objects.not_rejected().filter(article_id=OuterRef("pk"), **link))


def _filters(p: ArticlesParams, places: dict[str, Place]) -> Q:
    where = Q()
    for name, code in (("region", p.region), ("district", p.district), ("by_region", p.by_region)):
        if code is not None:
            _check_place(name, code, places)
            where &= _about(ArticleRegion, region_id__in=with_its_regions(code, places))
    if p.sector is not None:
        where &= _about(ArticleSector, sector_id=p.sector)
    if p.person is not None:
        where &= _about(ArticlePerson, person_id=p.person)
    if p.language:
        where &= Q(language=p.language)
    if p.year_from is not None:
        where &= Q(published__gte=date(p.year_from, 1, 1))
    if p.year_to is not None:
        where &= Q(published__lte=date(p.year_to, 12, 31))
    return where


def _rows(page, places: dict[str, Place], words: str | None) -> list[ArticleRow]:
    """The page's articles with their regions (by name) and, for a search, their snippets."""
    rows = {pk: ArticleRow(pk, title, published, language, source)
            for pk, title, published, language, source in page}
    if not rows:
        return []
    links = (ArticleRegion.objects.not_rejected().filter(article_id__in=list(rows))
             .values_list("article_id", "region_id"))
    for article_id, code in links:
        rows[article_id].regions.append(places[code])
    for row in rows.values():
        row.regions.sort(key=lambda place: place.name)
    for pk, pieces in search.snippets(list(rows), words or "").items():
        rows[pk].snippet = pieces
    return list(rows.values())


def articles_table(rows: list[ArticleRow]) -> Table:
    """The page's rows as the CSV and JSON links give them: regions joined with "; ", the snippet as plain text."""
    columns = ("id", "published", "title", "language", "source_name", "regions", "region_names", "snippet")
    return Table("articles", _("Articles"), columns, [
        (r.id, r.published, r.title, r.language, r.source_name, "; ".join(place.code for place in r.regions),
         "; ".join(place.name for place in r.regions), "".join(piece.text for piece in r.snippet)) for r in rows],
        note=_("The articles of this page of the list, newest first; each page of the list has its own CSV and "
               "JSON."))

