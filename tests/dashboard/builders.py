"""Small builders for the dashboard's and selectors' tests: articles and facts as the database holds them.

Facts get real evidence offsets into their article's text: the text is written
so that the quoted words are in it.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from decimal import Decimal

from articles.models import Article, Status
from belregions.models import (
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Person,
    TradeFigure,
)

_numbers = itertools.count(1)


def article(title: str = "", text: str | None = None, published: date | None = date(2012, 5, 29), **fields) -> Article:
    number = next(_numbers)
    title = title or f"Test article {number}"
    text = text if text is not None else f"{title}\n\nBelarus and a Russian region agreed to cooperate (test {number})."
    raw = f"{title}\n{text}\n{number}".encode()
    fields.setdefault("status", Status.PARSED)
    return Article.objects.create(title=title, text=text, raw=raw, sha256=hashlib.sha256(raw).hexdigest(),
                                  published=published, language="en", **fields)


def _evidence(source: Article, words: str | None) -> dict:
    if not words or words not in source.text:
        return {}
    start = source.text.index(words)
    return {"evidence": words, "evidence_start": start, "evidence_end": start + len(words)}


def figure(source: Article, region: str | None, year: int, amount, *, currency: str = "USD",
           flow: str = "turnover", origin: str = "machine", review: str = "unreviewed", end: date | None = None,
           qualifier: str = "exact", by_region: str | None = None, words: str | None = None) -> TradeFigure:
    return TradeFigure.objects.create(
        article=source, region_id=region, by_region_id=by_region, period_start=date(year, 1, 1),
        period_end=end or date(year, 12, 31), amount=Decimal(str(amount)), currency=currency, flow=flow,
        qualifier=qualifier, origin=origin, review=review, **_evidence(source, words))


def mention(source: Article, region: str, words: str | None = None, review: str = "unreviewed") -> ArticleRegion:
    return ArticleRegion.objects.create(article=source, region_id=region, review=review,
                                        **_evidence(source, words))


def sector(source: Article, slug: str, words: str | None = None) -> ArticleSector:
    return ArticleSector.objects.create(article=source, sector_id=slug, **_evidence(source, words))


def person(name: str, region: str | None = None, role: str = "") -> Person:
    return Person.objects.get_or_create(key=name.casefold(), defaults={"name": name, "region_id": region,
                                                                       "role": role})[0]


def meeting(source: Article, day: date | None, regions: list[str], people: list[Person] = (), kind: str = "meeting",
            words: str | None = None, review: str = "unreviewed") -> Meeting:
    event = Meeting.objects.create(date=day, kind=kind)
    event.regions.set(regions)
    event.participants.set(people)
    MeetingSource.objects.create(article=source, meeting=event, review=review, **_evidence(source, words))
    return event


def named(source: Article, who: Person, words: str | None = None, role: str = "") -> ArticlePerson:
    return ArticlePerson.objects.create(article=source, person=who, role=role, **_evidence(source, words))
