"""Write one parsed document's facts for its article, in the caller's transaction.

The article's earlier machine facts are replaced. Editors' facts (confirmed,
corrected, added) and rejected facts stay. A parser fact is not written when
an editor already dealt with it: its fingerprint is the first fingerprint of
a reviewed row (a rejected fact stays rejected, a corrected one is not brought
back), or it says what a reviewed row says now (an editor's correction or
addition is not duplicated).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from articles.extraction.document import Document, Evidence, MeetingFact, PersonFact, TradeFact
from articles.models import Article
from belregions import meeting_matching, near_copies, trade_keys
from belregions.fact_kinds import FACT_MODELS
from belregions.locks import advisory_lock
from belregions.models import (
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Country,
    DatePrecision,
    Meeting,
    MeetingSource,
    Origin,
    Person,
    Region,
    Review,
    Sector,
    TradeFigure,
    fingerprint,
    meeting_fingerprint,
)

__all__ = ["clear_machine_facts", "find_same_meeting", "fingerprint", "person_key", "save_facts"]


def person_key(name: str) -> str:
    """Surname and first initial: "Aleksandr"/"Alexander" Lukashenko are one person."""
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", name.casefold())
    if not words:
        return name.casefold()
    return f"{words[-1]} {words[0][0]}" if len(words) > 1 else words[-1]


@dataclass
class Pending:
    """The parse's new rows, written together at the end; `skip` holds the claims not to write again."""

    skip: set[str]
    rows: dict[type, list] = field(default_factory=lambda: defaultdict(list))

    def add(self, fact) -> None:
        """Keep a parser fact unless an editor dealt with it, or this parse already said it."""
        fact.fingerprint = fact.content_fingerprint()
        if fact.fingerprint not in self.skip:
            self.skip.add(fact.fingerprint)
            self.rows[type(fact)].append(fact)

    def write(self) -> None:
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows)
        # bulk_create sends no signal: the consolidated trade's keys are told here.
        trade_keys.note((figure.region_id, figure.by_region_id) for figure in self.rows.get(TradeFigure, ()))


def save_facts(article: Article, doc: Document) -> None:
    copy_document_fields(article, doc)
    clear_machine_facts(article)
    pending = Pending(reviewed_fingerprints(article))
    known_regions = set(Region.objects.values_list("code", flat=True))
    _save_regions(article, doc, pending, known_regions)
    _save_sectors(article, doc, pending)
    _save_people(article, doc.people, pending.skip, known_regions)
    _save_meetings(article, doc.meetings, pending.skip, known_regions, _text_sketch(article, doc))
    _save_trade(article, doc.trade_figures, pending, known_regions)
    pending.write()


def copy_document_fields(article: Article, doc: Document) -> None:
    if not article.title_edited:  # an editor's title is kept, however the parser reads the page
        article.title = (doc.title or article.original_filename or "")[:500]
    article.text = doc.text
    article.text_sha256 = Article.text_checksum(doc.text)
    article.language = doc.language or ""
    article.published = doc.published


def clear_machine_facts(article: Article) -> None:
    """Delete the article's unreviewed parser facts, and the meetings only they reported."""
    left = set(MeetingSource.objects.filter(article=article, origin=Origin.MACHINE, review=Review.UNREVIEWED)
               .values_list("meeting_id", flat=True))
    for model in FACT_MODELS:
        model.objects.filter(article=article, origin=Origin.MACHINE, review=Review.UNREVIEWED).delete()
    if left:
        Meeting.objects.filter(pk__in=left, sources__isnull=True).delete()


def reviewed_fingerprints(article: Article) -> set[str]:
    """Called after clearing: every row left was reviewed by an editor (or added by one)."""
    seen: set[str] = set()
    for model in FACT_MODELS:
        rows = model.objects.filter(article=article)
        if model is ArticlePerson:
            rows = rows.select_related("person")
        elif model is MeetingSource:
            rows = rows.prefetch_related("meeting__participants", "meeting__regions")
        for row in rows:
            seen.update((row.fingerprint, row.content_fingerprint()))
    return seen


def _evidence_fields(evidence: Evidence | None) -> dict:
    if evidence is None:
        return {}
    return {"evidence": evidence.sentence, "evidence_start": evidence.start,
            "evidence_end": evidence.end, "rule": evidence.rule[:100]}


def _first_evidence(doc: Document, label: str, value) -> Evidence | None:
    span = next((s for s in doc.spans_of(label) if s.value == value), None)
    return doc.evidence(span.start, span.end, span.rule) if span else None


def _save_regions(article, doc, pending: Pending, known) -> None:
    counts = Counter(s.value for s in doc.spans_of("REGION") if s.value in known)
    for code, mentions in counts.items():
        evidence = _evidence_fields(_first_evidence(doc, "REGION", code))
        pending.add(ArticleRegion(article=article, region_id=code, mentions=mentions, **evidence))


def _save_sectors(article, doc, pending: Pending) -> None:
    known = set(Sector.objects.values_list("slug", flat=True))
    counts = Counter(s.value for s in doc.spans_of("SECTOR") if s.value in known)
    for slug, mentions in counts.items():
        evidence = _evidence_fields(_first_evidence(doc, "SECTOR", slug))
        pending.add(ArticleSector(article=article, sector_id=slug, mentions=mentions, **evidence))


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


def _text_sketch(article: Article, doc: Document) -> bytes:
    """The new text's sketch, for this parse's meeting reports and the editors' reports it keeps."""
    sketch = near_copies.sketch(doc.text)
    MeetingSource.objects.filter(article=article).exclude(text_sketch=sketch).update(text_sketch=sketch)
    return sketch


def _save_meetings(article, meetings: list[MeetingFact], reviewed, known, sketch: bytes) -> None:
    # Lock every day, and every set of Russian regions a near copy's meeting could share (whatever its day),
    # first and in one order: two workers never wait on each other's locks crosswise.
    keys = {("meeting-day", str(fact.date)) for fact in meetings}
    keys |= {("meeting-near", meeting_matching.near_copy_lock_key(c for c in fact.regions if c in known))
             for fact in meetings}
    for key in sorted(keys):
        advisory_lock(*key)
    for fact in meetings:
        people = [_person(PersonFact(name, None, None, fact.evidence), known) for name in fact.participants]
        regions = [code for code in fact.regions if code in known]
        fp = meeting_fingerprint(fact.kind, fact.date, [p.key for p in people], regions)
        if fp in reviewed:
            continue
        meeting = meeting_matching.record(fact.kind, fact.date, _precision(fact), people, regions,
                                          sketch=sketch, article_id=article.pk)
        MeetingSource.objects.get_or_create(
            article=article, meeting=meeting,
            defaults={"fingerprint": fp, "text_sketch": sketch, **_evidence_fields(fact.evidence)},
        )


def _precision(fact: MeetingFact) -> str:
    return fact.date_precision or (DatePrecision.DAY if fact.date else DatePrecision.UNKNOWN)


def find_same_meeting(fact: MeetingFact, people: list[Person], regions: list[str]) -> Meeting | None:
    """The recorded meeting a parsed report describes (see `meeting_matching.same_event`)."""
    return meeting_matching.same_event(fact.kind, fact.date, _precision(fact), {p.pk for p in people}, set(regions))


def _save_trade(article, figures: list[TradeFact], pending: Pending, known) -> None:
    for fact in figures:
        russia = fact.region == Country.RUSSIA  # Russia as a whole: the figure has no region
        if not russia and fact.region not in known:
            continue
        pending.add(TradeFigure(
            article=article, region_id=None if russia else fact.region,
            by_region_id=fact.by_region if fact.by_region in known else None,
            period_start=fact.period_start, period_end=fact.period_end, amount=fact.amount,
            currency=fact.currency, flow=fact.flow, qualifier=fact.qualifier,
            change_factor=(fact.change or {}).get("factor"), change_versus=str((fact.change or {}).get("versus") or ""),
            **_evidence_fields(fact.evidence),
        ))
