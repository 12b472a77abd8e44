"""The one set of test data builders: articles, people, meetings and the facts read from articles.

Every test package builds its rows here, and so does the benchmark's generator
(bench/generate_dataset.py), so a row made by hand has one shape everywhere. They
live with the tests, not in an app module: they are test data, the benchmark is a
developer's tool beside the tests, and the app ships no test code.

Two layers:
- `new_*` give an unsaved row, for `bulk_create` (the benchmark's 20,000 articles,
  the API export test's 100,000 figures); they set only what is given or needed.
- the plain names (`article`, `figure`, `mention`, ...) save one row each, for tests
  that build a few, with the defaults a parsed article's facts have.

`words=` gives a fact real evidence offsets into its article's text (the text is
written so that the quoted words are in it); other evidence fields pass through.
`parsed_meetings` saves a parse that found given meetings, through the real
`articles.fact_writer.save_facts`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from articles.extraction import extract
from articles.extraction.document import AgreementFact, Evidence, MeetingFact
from articles.fact_writer import save_facts
from articles.models import Article, Status
from belregions.models import (
    Agreement,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Person,
    TradeFigure,
)

_numbers = itertools.count(1)  # makes each default title, text and raw (so its checksum) unique

PUBLISHED = date(2012, 5, 29)


def new_article(title: str = "", text: str | None = None, published: date | None = PUBLISHED, *,
                raw: bytes | None = None, **fields) -> Article:
    """A parsed English article; `raw` defaults to bytes no other article has."""
    number = next(_numbers)
    title = title or f"Test article {number}"
    text = text if text is not None else f"{title}\n\nBelarus and a Russian region agreed to cooperate (test {number})."
    raw = raw if raw is not None else f"{title}\n{text}\n{number}".encode()
    fields.setdefault("status", Status.PARSED)
    fields.setdefault("language", "en")
    return Article(title=title, text=text, raw=raw, sha256=Article.checksum(raw), published=published, **fields)


def article(title: str = "", text: str | None = None, published: date | None = PUBLISHED, **fields) -> Article:
    return _saved(new_article(title, text, published, **fields))


def evidence_of(source: Article, words: str | None) -> dict:
    """`words` as the evidence, with its offsets in the article's text; nothing when they are not in it."""
    if not words or words not in source.text:
        return {}
    start = source.text.index(words)
    return {"evidence": words, "evidence_start": start, "evidence_end": start + len(words)}


def new_figure(source: Article, region: str | None, year: int | None, amount, *, end: date | None = None,
               by_region: str | None = None, words: str | None = None, **fields) -> TradeFigure:
    """A figure for the whole of `year` (to `end` when given; no period when `year` is None)."""
    period = {"period_start": date(year, 1, 1), "period_end": end or date(year, 12, 31)} if year is not None else {}
    return TradeFigure(article=source, region_id=region, by_region_id=by_region, amount=Decimal(str(amount)),
                       **period, **evidence_of(source, words), **fields)


def figure(source: Article, region: str | None, year: int | None, amount, *, currency: str = "USD",
           flow: str = "turnover", **fields) -> TradeFigure:
    """A saved figure. A parsed figure always has a sentence and a fingerprint: unless `words` or `evidence` say
    otherwise, a sentence saying what it says, and a fingerprint no parse gives (a re-parse never takes it for its own).
    """
    if "words" not in fields:
        fields.setdefault("evidence", f"Trade with {region or 'Russia'} was {amount} {currency} in {year}.")
    fields.setdefault("fingerprint", f"t{source.pk}-{region}-{year}-{flow}")
    return _saved(new_figure(source, region, year, amount, currency=currency, flow=flow, **fields))


def new_mention(source: Article, region: str, words: str | None = None, **fields) -> ArticleRegion:
    return ArticleRegion(article=source, region_id=region, **evidence_of(source, words), **fields)


def mention(source: Article, region: str, words: str | None = None, **fields) -> ArticleRegion:
    return _saved(new_mention(source, region, words, **fields))


def new_sector(source: Article, slug: str, words: str | None = None, **fields) -> ArticleSector:
    return ArticleSector(article=source, sector_id=slug, **evidence_of(source, words), **fields)


def sector(source: Article, slug: str, words: str | None = None, **fields) -> ArticleSector:
    return _saved(new_sector(source, slug, words, **fields))


def new_person(name: str, region: str | None = None, role: str = "", *, key: str | None = None, **fields) -> Person:
    return Person(name=name, key=key or name.casefold(), region_id=region, role=role, **fields)


def person(name: str, region: str | None = None, role: str = "", *, key: str | None = None, **fields) -> Person:
    """The person with this key, made the first time."""
    made = new_person(name, region, role, key=key, **fields)
    defaults = {"name": made.name, "region_id": made.region_id, "role": made.role, **fields}
    return Person.objects.get_or_create(key=made.key, defaults=defaults)[0]


def new_named(source: Article, who: Person, words: str | None = None, **fields) -> ArticlePerson:
    return ArticlePerson(article=source, person=who, **evidence_of(source, words), **fields)


def named(source: Article, who: Person, words: str | None = None, **fields) -> ArticlePerson:
    return _saved(new_named(source, who, words, **fields))


def new_meeting_source(source: Article, event: Meeting, words: str | None = None, **fields) -> MeetingSource:
    return MeetingSource(article=source, meeting=event, **evidence_of(source, words), **fields)


def meeting_source(source: Article, event: Meeting, words: str | None = None, **fields) -> MeetingSource:
    """`source` reports `event` too."""
    return _saved(new_meeting_source(source, event, words, **fields))


def new_meeting(day: date | None, kind: str = "meeting", precision: str | None = None) -> Meeting:
    """The event alone: its regions, participants and reports are rows of their own."""
    return Meeting(date=day, kind=kind, **({"date_precision": precision} if precision else {}))


def meeting(source: Article, day: date | None, regions: Iterable[str] = (), people: Iterable[Person] = (),
            kind: str = "meeting", words: str | None = None, *, precision: str | None = None,
            **source_fields) -> Meeting:
    """A meeting reported by `source`; `source_fields` (review, fingerprint, ...) are the report's."""
    event = _saved(new_meeting(day, kind, precision))
    event.regions.set(regions)
    event.participants.set(people)
    meeting_source(source, event, words, **source_fields)
    return event


# The parse-level meeting tests' cast: one Krasnoyarsk meeting of 9 November 2012 and who took part.
MEETING_DAY = date(2012, 11, 9)
LUKASHENKO, KUZNETSOV, DROZDENKO = "Aleksandr Lukashenko", "Lev Kuznetsov", "Alexander Drozdenko"


def meeting_fact(kind: str = "meeting", day: date | None = MEETING_DAY, people: Iterable[str] = (LUKASHENKO, KUZNETSOV),
                 regions: Iterable[str] = ("RU-KYA",), precision: str | None = None) -> MeetingFact:
    """A meeting as a parse reports it, before it is saved. Without a precision, saving takes a dated meeting's
    date to the day and an undated one's as unknown (`articles.fact_writer`)."""
    evidence = Evidence(sentence=f"{kind} on {day}", start=0, end=10, rule="test")
    return MeetingFact(date=day, kind=kind, participants=list(people), regions=list(regions), evidence=evidence,
                       date_precision=precision)


def agreement(source: Article, kind: str = "agreement", regions: Iterable[str] = (), sectors: Iterable[str] = (),
              words: str | None = None, *, meeting: Meeting | None = None, **fields) -> Agreement:
    """What `source` says was agreed, saved as a parse saves it (its fingerprint set) unless `fields` say otherwise."""
    row = Agreement(article=source, kind=kind, meeting=meeting, **evidence_of(source, words), **fields)
    row.set_links(regions=list(regions), sectors=list(sectors))
    row.fingerprint = row.fingerprint or row.content_fingerprint()
    _saved(row).save_links()
    return row


def agreement_fact(kind: str = "agreement", regions: Iterable[str] = ("RU-KYA", "BY-MI"), sectors: Iterable[str] = (),
                   parties: Iterable[str] = (), amount=None, currency: str | None = None, day: date | None = None,
                   sentence: str = "The sides signed an agreement.") -> AgreementFact:
    """An outcome as a parse reports it (docs/agreements.md), before it is saved."""
    return AgreementFact(kind=kind, regions=list(regions), parties=list(parties), sectors=list(sectors),
                         amount=None if amount is None else Decimal(str(amount)), currency=currency, date=day,
                         evidence=Evidence(sentence=sentence, start=0, end=len(sentence), rule="test"))


def parsed_meetings(source: Article, meetings: Iterable[MeetingFact], agreements: Iterable[AgreementFact] = ()
                    ) -> Article:
    """Save a parse of `source` that found `meetings` (whatever the meetings step finds today), and `agreements`."""
    doc = extract(bytes(source.raw))
    doc.meetings = list(meetings)
    doc.agreements = list(agreements)
    with transaction.atomic():
        save_facts(source, doc)
    return source


def _saved(row):
    row.save(force_insert=True)
    return row
