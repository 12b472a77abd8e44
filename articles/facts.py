"""Write one parsed document's facts for its article, in the caller's transaction.

The article's earlier machine facts are replaced. Editors' facts (confirmed,
corrected, added) stay, and a machine fact whose fingerprint matches one an
editor already reviewed is not written again: a rejected fact stays rejected,
a confirmed one is not duplicated.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from articles.extraction.document import Document, Evidence, MeetingFact, PersonFact, TradeFact
from articles.models import Article
from belregions.models import (
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Origin,
    Person,
    Region,
    Review,
    Sector,
    TradeFigure,
)

FACT_MODELS = (ArticleRegion, ArticleSector, ArticlePerson, MeetingSource, TradeFigure)


def fingerprint(*parts) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()  # noqa: S324 - not security


def person_key(name: str) -> str:
    """Surname and first initial: "Aleksandr"/"Alexander" Lukashenko are one person."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name.casefold())
    if not words:
        return name.casefold()
    return f"{words[-1]} {words[0][0]}" if len(words) > 1 else words[-1]


def save_facts(article: Article, doc: Document) -> None:
    article.title = (doc.title or article.original_filename or "")[:500]
    article.text = doc.text
    article.language = doc.language or ""
    article.published = doc.published
    _clear_machine_facts(article)
    reviewed = _reviewed_fingerprints(article)
    known_regions = set(Region.objects.values_list("code", flat=True))
    _save_regions(article, doc, reviewed, known_regions)
    _save_sectors(article, doc, reviewed)
    _save_people(article, doc.people, reviewed, known_regions)
    _save_meetings(article, doc.meetings, reviewed, known_regions)
    _save_trade(article, doc.trade_figures, reviewed, known_regions)


def _clear_machine_facts(article: Article) -> None:
    for model in FACT_MODELS:
        model.objects.filter(article=article, origin=Origin.MACHINE, review=Review.UNREVIEWED).delete()
    Meeting.objects.filter(sources__isnull=True).delete()


def _reviewed_fingerprints(article: Article) -> set[str]:
    seen: set[str] = set()
    for model in FACT_MODELS:
        seen.update(model.objects.filter(article=article).values_list("fingerprint", flat=True))
    return seen


def _evidence_fields(evidence: Evidence | None) -> dict:
    if evidence is None:
        return {}
    return {"evidence": evidence.sentence, "evidence_start": evidence.start,
            "evidence_end": evidence.end, "rule": evidence.rule[:100]}


def _first_evidence(doc: Document, label: str, value) -> Evidence | None:
    span = next((s for s in doc.spans_of(label) if s.value == value), None)
    return doc.evidence(span.start, span.end, span.rule) if span else None


def _save_regions(article, doc, reviewed, known) -> None:
    counts = Counter(s.value for s in doc.spans_of("REGION") if s.value in known)
    for code, mentions in counts.items():
        fp = fingerprint("region", code)
        if fp not in reviewed:
            ArticleRegion.objects.create(article=article, region_id=code, mentions=mentions, fingerprint=fp,
                                         **_evidence_fields(_first_evidence(doc, "REGION", code)))


def _save_sectors(article, doc, reviewed) -> None:
    known = set(Sector.objects.values_list("slug", flat=True))
    counts = Counter(s.value for s in doc.spans_of("SECTOR") if s.value in known)
    for slug, mentions in counts.items():
        fp = fingerprint("sector", slug)
        if fp not in reviewed:
            ArticleSector.objects.create(article=article, sector_id=slug, mentions=mentions, fingerprint=fp,
                                         **_evidence_fields(_first_evidence(doc, "SECTOR", slug)))


def _person(fact: PersonFact, known: set[str]) -> Person:
    region = fact.region if fact.region in known else None
    person, created = Person.objects.get_or_create(
        key=person_key(fact.name)[:200],
        defaults={"name": fact.name[:200], "role": (fact.role or "")[:300], "region_id": region},
    )
    spellings = set(person.other_spellings) | set(fact.aliases) | {fact.name}
    spellings.discard(person.name)
    if not created and sorted(spellings) != sorted(person.other_spellings):
        person.other_spellings = sorted(spellings)
        person.save(update_fields=["other_spellings"])
    return person


def _save_people(article, people: list[PersonFact], reviewed, known) -> None:
    for fact in people:
        person = _person(fact, known)
        fp = fingerprint("person", person.key)
        if fp in reviewed:
            continue
        ArticlePerson.objects.update_or_create(
            article=article, person=person,
            defaults={"role": (fact.role or "")[:300], "region_id": fact.region if fact.region in known else None,
                      "fingerprint": fp, **_evidence_fields(fact.evidence)},
        )


def _save_meetings(article, meetings: list[MeetingFact], reviewed, known) -> None:
    for fact in meetings:
        people = [_person(PersonFact(name, None, None, fact.evidence), known) for name in fact.participants]
        regions = [code for code in fact.regions if code in known]
        fp = fingerprint("meeting", fact.kind, fact.date, sorted(p.key for p in people), sorted(regions))
        if fp in reviewed:
            continue
        meeting = find_same_meeting(fact, people, regions) or _new_meeting(fact, people, regions)
        MeetingSource.objects.get_or_create(article=article, meeting=meeting,
                                            defaults={"fingerprint": fp, **_evidence_fields(fact.evidence)})


def find_same_meeting(fact: MeetingFact, people: list[Person], regions: list[str]) -> Meeting | None:
    """An existing meeting of the same kind and day sharing a participant or a region."""
    if fact.date is None:
        return None
    candidates = Meeting.objects.filter(date=fact.date, kind=fact.kind)
    shared = candidates.filter(participants__in=[p.pk for p in people]) if people else candidates.none()
    shared = shared | (candidates.filter(regions__in=regions) if regions else candidates.none())
    return shared.distinct().order_by("pk").first()


def _new_meeting(fact: MeetingFact, people: list[Person], regions: list[str]) -> Meeting:
    meeting = Meeting.objects.create(date=fact.date, kind=fact.kind,
                                     date_precision=fact.date_precision or ("day" if fact.date else "unknown"))
    meeting.participants.set(people)
    meeting.regions.set(regions)
    return meeting


def _save_trade(article, figures: list[TradeFact], reviewed, known) -> None:
    for fact in figures:
        fp = fingerprint("trade", fact.region, fact.by_region, fact.period_start, fact.period_end,
                         fact.amount, fact.currency, fact.flow)
        if fp in reviewed or (fact.region != "RU" and fact.region not in known):
            continue
        TradeFigure.objects.create(
            article=article, region_id=None if fact.region == "RU" else fact.region,
            by_region_id=fact.by_region if fact.by_region in known else None,
            period_start=fact.period_start, period_end=fact.period_end, amount=fact.amount,
            currency=fact.currency, flow=fact.flow, qualifier=fact.qualifier,
            change_factor=(fact.change or {}).get("factor"), change_versus=str((fact.change or {}).get("versus") or ""),
            fingerprint=fp, **_evidence_fields(fact.evidence),
        )
