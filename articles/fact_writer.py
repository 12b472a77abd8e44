"""Write one parsed document's facts for its article, in the caller's transaction.

The article's earlier machine facts are replaced. Editors' facts (confirmed,
corrected, added) and rejected facts stay. A parser fact is not written when
an editor already dealt with it: its fingerprint is the first fingerprint of
a reviewed row (a rejected fact stays rejected, a corrected one is not brought
back), or it says what a reviewed row says now (an editor's correction or
addition is not duplicated).

The write path is set-based, so that a parse costs a few statements whatever
its facts: one read of what the article has (`ExistingFacts`), one of the
regions and sectors it names (`References`), one of the people (`People`,
and one upsert of the new ones), one of the meetings its reports could join
(`meeting_matching.ParseMeetings`), then one insert of every kind's new rows (`belregions.bulk_insert`: one
statement on PostgreSQL, with the regions' versions moved, `read_cache.region_bump`), and last
the dashboard's read models brought in line with the article's links and
meetings (`read_models`: a lock and one statement on PostgreSQL).
"""

from __future__ import annotations

import copy
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as Date

from django.db.models import BigIntegerField, CharField, F, IntegerField, Value
from django.db.models.functions import Cast

from articles.extraction.document import AgreementFact, Document, Evidence, MeetingFact, PersonFact, TradeFact
from articles.models import Article
from belregions import bulk_insert, meeting_matching, near_copies, read_cache, read_models, trade_keys
from belregions.fact_kinds import FACT_MODELS
from belregions.locks import advisory_locks
from belregions.models import (
    Agreement,
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
    TradeKey,
    fingerprint,
    meeting_fingerprint,
)

__all__ = ["batch", "clear_machine_facts", "find_same_meeting", "fingerprint", "person_key", "save_facts", "staged"]


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

    def write(self, article: Article, refs: References, also: tuple[str, list] | None = None) -> None:
        """Every kind's new rows in one insert (one per kind on SQLite), with `also` (a statement of the regions'
        versions); the new figures' trade keys added (the insert sends no signal)."""
        bulk_insert.insert_all(self.rows, also=also)
        if article.deleted_at is None:  # a deleted article's figures have no keys
            trade_keys.note_new(refs.trade_key(figure) for figure in self.rows.get(TradeFigure, ())
                                if figure.period_start is not None)


_batching = threading.local()


@dataclass
class BatchReads:
    """What the articles of a batch (`services.run_batch`) would each read before writing, read once for all of them,
    in the batch's transaction, before the first is written: their facts (one query), the regions and sectors they
    name (one), the people they name (one) and the meetings their reports could join (the locks of all their days
    and Russian sides, then one query). Each article's write takes its part; what an article wrote (its new people,
    its meetings) is kept for the next ones once its savepoint is released (`staged`), forgotten if it failed."""

    facts: dict[int, list[tuple]]
    refs: References
    people: dict[str, Person]
    meetings: meeting_matching.BatchMeetings
    staged: list = field(default_factory=list)  # what the article being written would keep

    @classmethod
    def read(cls, items: Sequence[tuple[Article, Document]], locks: Sequence[tuple] = ()) -> BatchReads:
        facts: dict[int, list[tuple]] = defaultdict(list)
        for row in _facts_of([article.pk for article, _doc in items]):
            facts[row[0]].append(row[1:])
        refs = References.read_all([doc for _article, doc in items])
        keys = {_key(fact.name) for _article, doc in items for fact in _named_people(doc)}
        people = {person.key: person for person in Person.objects.filter(key__in=keys)} if keys else {}
        reports = []
        for _article, doc in items:
            for fact in doc.meetings:
                known = {people[key].pk for key in map(_key, fact.participants) if key in people}
                regions = {code for code in fact.regions if code in refs.regions}
                reports.append((fact.kind, fact.date, _precision(fact), known, regions, bool(fact.participants)))
        advisory_locks([*locks, *meeting_matching.lock_keys((date, regions) for _k, date, _p, _n, regions, _a
                                                            in reports)])
        return cls(facts, refs, people, meeting_matching.BatchMeetings.read(reports))

    def existing(self, article: Article) -> ExistingFacts:
        return ExistingFacts.from_rows(self.facts.get(article.pk, ()))

    def people_of(self, refs: References) -> People:
        return People(refs, known=self.people)

    def keep(self) -> None:
        for people, matching, gone in self.staged:
            self.people.update({key: person for key, person in people.by_key.items() if person.pk is not None})
            self.meetings.keep(matching or meeting_matching.ParseMeetings(b"", None), gone)
        self.staged.clear()


@contextmanager
def batch(items: Sequence[tuple[Article, Document]], *, locks: Sequence[tuple] = ()) -> Iterator[BatchReads]:
    """Within (a batch's transaction, its articles locked): `save_facts` and `clear_machine_facts` of these articles
    take what they read from `BatchReads`, read here once for all, after these advisory `locks` (with the meetings')
    are taken. Each article's write goes in `staged()` inside its savepoint's block."""
    _batching.reads = reads = BatchReads.read(items, locks)
    try:
        yield reads
    finally:
        _batching.reads = None


@contextmanager
def staged() -> Iterator[None]:
    """Around an article's savepoint inside `batch()`: on a clean exit what it wrote is kept for the next articles;
    if it failed (its writes rolled back), forgotten."""
    reads = getattr(_batching, "reads", None)
    if reads is None:
        yield
        return
    reads.staged.clear()
    try:
        yield
    except BaseException:
        reads.staged.clear()
        raise
    reads.keep()


def _batch_reads() -> BatchReads | None:
    return getattr(_batching, "reads", None)


def save_facts(article: Article, doc: Document) -> None:
    # The dashboard's read models are refreshed once, last, for the article and the meetings its reports were and
    # are of (a lock and one statement on PostgreSQL): last, so that the counts' rows (the busiest are every
    # parse's) are held as briefly as can be. The caller holds the article's row lock.
    reads = _batch_reads()
    with read_models.deferred(articles_locked=True) as changed:
        copy_document_fields(article, doc)
        existing = reads.existing(article) if reads else ExistingFacts.read(article)
        regrouped = _kept_agreements_losing_their_meeting(article, existing)
        existing.clear()
        pending = Pending(reviewed_fingerprints(article, existing.kept))
        refs = reads.refs.of(doc) if reads else References.read(doc)
        people = (reads.people_of(refs) if reads else People(refs)).read(doc).write()
        _save_regions(article, doc, pending, refs)
        _save_sectors(article, doc, pending, refs)
        _save_people(article, doc.people, pending, people, refs)
        sketch = near_copies.sketch(doc.text)
        if MeetingSource in existing.kept:  # the editors' reports it keeps are of this text now
            MeetingSource.objects.filter(article=article).exclude(text_sketch=sketch).update(text_sketch=sketch)
        matching = _save_meetings(article, doc.meetings, pending, people, refs, sketch, existing)
        if reads:
            reads.staged.append((people, matching, existing.gone))
        _save_trade(article, doc.trade_figures, pending, refs)
        if doc.agreements or regrouped:
            _save_agreements(article, doc.agreements, pending, refs, existing, regrouped)
        changed.articles.add(article.pk)
        changed.meetings.update(existing.left_meetings, (s.meeting.pk for s in pending.rows.get(MeetingSource, ())))
        # The pages of the regions the article named before and names now, of its meetings' regions and of the
        # regions of the people it names, are recomputed; other regions' stay cached. Sent with the insert.
        people_regions = {person.region_id for person in people.by_key.values()}
        pending.write(article, refs, read_cache.region_bump(existing.regions | set(refs.regions) | people_regions,
                                                            changed.meetings))
        _write_links(pending.rows.get(Agreement, ()))


def copy_document_fields(article: Article, doc: Document) -> None:
    if not article.title_edited:  # an editor's title is kept, however the parser reads the page
        article.title = (doc.title or article.original_filename or "")[:500]
    article.text = doc.text
    article.text_sha256 = Article.text_checksum(doc.text)
    article.language = doc.language or ""
    article.published = doc.published


def clear_machine_facts(article: Article) -> None:
    """Delete the article's unreviewed parser facts, and the meetings only they reported."""
    reads = _batch_reads()
    with read_models.deferred(articles_locked=True) as changed:
        existing = reads.existing(article) if reads else ExistingFacts.read(article)
        existing.clear()
        if reads:
            reads.staged.append((People(References()), None, existing.gone))
        changed.articles.add(article.pk)
        changed.meetings.update(existing.left_meetings)
        read_cache.bump_regions(existing.regions, existing.left_meetings)


@dataclass
class ExistingFacts:
    """The article's facts before the parse, as one row each (read in one query): which to replace, which stay."""

    machine: dict[type, list[int]] = field(default_factory=lambda: defaultdict(list))  # unreviewed parser rows
    kept: set[type] = field(default_factory=set)  # kinds with rows an editor dealt with (or added)
    left_meetings: set[int] = field(default_factory=set)  # the meetings the replaced reports were of
    kept_meetings: set[int] = field(default_factory=set)  # the meetings the kept reports are of
    figure_pairs: set[tuple] = field(default_factory=set)  # the replaced figures' (region, partner)
    regions: set[str] = field(default_factory=set)  # the regions its links, people and figures name (kept ones too)
    gone: set[int] = field(default_factory=set)  # the meetings `clear` deleted (inside a batch only)

    @classmethod
    def read(cls, article: Article) -> ExistingFacts:
        return cls.from_rows(row[1:] for row in _facts_of([article.pk]))

    @classmethod
    def from_rows(cls, rows) -> ExistingFacts:
        found = cls()
        for kind, pk, origin, review, meeting, region, partner in rows:
            model = FACT_MODELS[kind]
            found.regions.update(code for code in (region, partner) if code)
            if origin == Origin.MACHINE and review == Review.UNREVIEWED:
                found.machine[model].append(pk)
                found.left_meetings.update([meeting] if meeting else [])
                if model is TradeFigure:
                    found.figure_pairs.add((region, partner))
            else:
                found.kept.add(model)
                found.kept_meetings.update([meeting] if meeting else [])
        return found

    def clear(self) -> None:
        """One delete per kind that has parser rows; then the meetings no report is left for."""
        for model, ids in self.machine.items():
            # No row points to a fact, and the figures' one listener is told below: a plain DELETE, not
            # the collector's read of every row to send it a signal; a fact's own links (an agreement's regions
            # and sectors) go first, one DELETE each.
            for links in model._meta.many_to_many:
                through = links.remote_field.through
                through.objects.filter(**{f"{links.m2m_field_name()}_id__in": ids})._raw_delete(through.objects.db)
            model.objects.filter(pk__in=ids)._raw_delete(model.objects.db)
        trade_keys.note(self.figure_pairs)
        if not self.left_meetings:
            return
        orphans = Meeting.objects.filter(pk__in=self.left_meetings, sources__isnull=True)
        if _batch_reads() is not None:  # the batch's next articles must not match them
            self.gone = set(orphans.values_list("pk", flat=True))
            orphans = Meeting.objects.filter(pk__in=self.gone) if self.gone else Meeting.objects.none()
        orphans.delete()


def _facts_of(article_ids: list[int]):
    """(article id, kind index, id, origin, review, meeting id, region, partner) of every fact of the articles: one
    UNION ALL."""
    # Typed NULLs: PostgreSQL types a UNION's column from its first branches, and an untyped NULL reads as text.
    no_id, no_code = Cast(Value(None), BigIntegerField()), Cast(Value(None), CharField())
    parts = []
    for index, model in enumerate(FACT_MODELS):
        columns = {"kind_index": Value(index, output_field=IntegerField()), "meeting_ref": no_id,
                   "region_ref": no_code, "partner_ref": no_code}
        if model is MeetingSource:
            columns["meeting_ref"] = F("meeting_id")
        elif model is TradeFigure:
            columns.update(region_ref=F("region_id"), partner_ref=F("by_region_id"))
        elif model in (ArticleRegion, ArticlePerson):  # the regions whose pages the article is on
            columns["region_ref"] = F("region_id")
        parts.append(model.objects.filter(article_id__in=article_ids).order_by().annotate(**columns).values_list(
            "article_id", "kind_index", "pk", "origin", "review", "meeting_ref", "region_ref", "partner_ref"))
    return parts[0].union(*parts[1:], all=True)


def reviewed_fingerprints(article: Article, kinds) -> set[str]:
    """Called after clearing: every row left of these kinds was reviewed by an editor (or added by one)."""
    seen: set[str] = set()
    for model in (model for model in FACT_MODELS if model in kinds):
        rows = model.objects.filter(article=article)
        if model is ArticlePerson:
            rows = rows.select_related("person")
        elif model is MeetingSource:
            rows = rows.prefetch_related("meeting__participants", "meeting__regions")
        elif model is Agreement:
            rows = rows.prefetch_related("regions", "sectors")
        for row in rows:
            seen.update((row.fingerprint, row.content_fingerprint()))
    return seen


@dataclass
class References:
    """The regions (with their federal district) and sectors the document names that exist: one query."""

    regions: dict[str, str] = field(default_factory=dict)
    sectors: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, doc: Document) -> References:
        return cls.read_all([doc])

    @classmethod
    def read_all(cls, docs: Sequence[Document]) -> References:
        codes = {code for doc in docs for code in _named_regions(doc)}
        slugs = {slug for doc in docs for slug in _named_sectors(doc)}
        found = cls()
        if not codes and not slugs:
            return found
        regions = Region.objects.filter(code__in=codes).order_by().values_list("code", "kind", "district_id")
        sectors = (Sector.objects.filter(slug__in=slugs).order_by()
                   .annotate(kind_=Value("sector", output_field=CharField()),
                             district_=Cast(Value(None), CharField()))
                   .values_list("slug", "kind_", "district_"))
        for code, kind, district in regions.union(sectors, all=True):
            if kind == "sector":  # no region kind is called so
                found.sectors.add(code)
            else:
                found.regions[code] = trade_keys.district_of(code, kind, district)
        return found

    def of(self, doc: Document) -> References:
        """The part of these (a batch's) that this document names."""
        codes, slugs = _named_regions(doc), _named_sectors(doc)
        return References({code: district for code, district in self.regions.items() if code in codes},
                          self.sectors & slugs)

    def region(self, code: str | None) -> str | None:
        return code if code in self.regions else None

    def trade_key(self, figure: TradeFigure) -> TradeKey:
        return trade_keys.new_key(figure.region_id, figure.by_region_id, figure.period_start.year, figure.flow,
                                  self.regions.get(figure.region_id or "", ""), figure=figure)


def _named_sectors(doc: Document) -> set[str]:
    return {span.value for span in doc.spans_of("SECTOR")} | {slug for fact in doc.agreements for slug in fact.sectors}


def _named_people(doc: Document) -> list[PersonFact]:
    """A parse's people: its people and its meetings' participants."""
    participants = (PersonFact(name, None, None, m.evidence) for m in doc.meetings for name in m.participants)
    return [*doc.people, *participants]


def _named_regions(doc: Document) -> set[str]:
    codes = {span.value for span in doc.spans_of("REGION")}
    codes |= {fact.region for fact in doc.people if fact.region}
    codes |= {code for fact in doc.meetings for code in fact.regions}
    codes |= {code for fact in doc.trade_figures for code in (fact.region, fact.by_region) if code}
    codes |= {code for fact in doc.agreements for code in fact.regions}
    return codes


@dataclass
class People:
    """The people a parse names (its people and its meetings' participants), read by key in one query.

    As `get_or_create` one by one would: a new person takes the first fact's name, role and region; a
    known one (or one met earlier in this parse) gains the later facts' spellings. The new ones and the
    ones with new spellings are written in one upsert.
    """

    refs: References
    by_key: dict[str, Person] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    known: dict[str, Person] | None = None  # a batch's people, read once (copied: a parse changes its spellings)

    def read(self, doc: Document) -> People:
        facts = _named_people(doc)
        keys = {_key(fact.name) for fact in facts}
        if self.known is not None:
            self.by_key = {key: copy.copy(self.known[key]) for key in keys if key in self.known}
        else:
            self.by_key = {person.key: person for person in Person.objects.filter(key__in=keys)} if keys else {}
        for fact in facts:
            self._take(fact)
        return self

    def _take(self, fact: PersonFact) -> None:
        key = _key(fact.name)
        person = self.by_key.get(key)
        if person is None:
            self.by_key[key] = Person(key=key, name=fact.name[:200], role=(fact.role or "")[:300],
                                      region_id=self.refs.region(fact.region))
            self.changed.add(key)
            return
        spellings = set(person.other_spellings) | set(fact.aliases) | {fact.name}
        spellings.discard(person.name)
        if sorted(spellings) != sorted(person.other_spellings):
            person.other_spellings = sorted(spellings)
            self.changed.add(key)

    def write(self) -> People:
        """Insert the new people, store the known ones' new spellings: one statement, in key order."""
        rows = [self._row(key) for key in sorted(self.changed)]
        if rows:
            # Another parse may have added one of them meanwhile: its row is kept (with these spellings).
            Person.objects.bulk_create(rows, update_conflicts=True, unique_fields=["key"],
                                       update_fields=["other_spellings"])
        return self

    def _row(self, key: str) -> Person:
        person = self.by_key[key]
        if person.pk is None:
            return person  # its id is set by the insert
        return Person(key=key, name=person.name, role=person.role, region_id=person.region_id,
                      other_spellings=person.other_spellings)

    def get(self, name: str) -> Person:
        return self.by_key[_key(name)]


def _key(name: str) -> str:
    return person_key(name)[:200]


def _evidence_fields(evidence: Evidence | None) -> dict:
    if evidence is None:
        return {}
    return {"evidence": evidence.sentence, "evidence_start": evidence.start,
            "evidence_end": evidence.end, "rule": evidence.rule[:100]}


def _first_evidence(doc: Document, label: str, value) -> Evidence | None:
    span = next((s for s in doc.spans_of(label) if s.value == value), None)
    return doc.evidence(span.start, span.end, span.rule) if span else None


def _save_regions(article, doc, pending: Pending, refs: References) -> None:
    counts = Counter(s.value for s in doc.spans_of("REGION") if s.value in refs.regions)
    for code, mentions in counts.items():
        evidence = _evidence_fields(_first_evidence(doc, "REGION", code))
        pending.add(ArticleRegion(article=article, region_id=code, mentions=mentions, **evidence))


def _save_sectors(article, doc, pending: Pending, refs: References) -> None:
    counts = Counter(s.value for s in doc.spans_of("SECTOR") if s.value in refs.sectors)
    for slug, mentions in counts.items():
        evidence = _evidence_fields(_first_evidence(doc, "SECTOR", slug))
        pending.add(ArticleSector(article=article, sector_id=slug, mentions=mentions, **evidence))


def _save_people(article, facts: list[PersonFact], pending: Pending, people: People, refs: References) -> None:
    """One row per person; a later fact of the same person says its role and evidence (as an update would)."""
    rows: dict[str, ArticlePerson] = {}
    for fact in facts:
        person = people.get(fact.name)
        fp = fingerprint("person", person.key)
        if fp not in pending.skip:
            rows[person.key] = ArticlePerson(article=article, person=person, role=(fact.role or "")[:300],
                                             region_id=refs.region(fact.region), fingerprint=fp,
                                             **_evidence_fields(fact.evidence))
    pending.rows[ArticlePerson].extend(rows.values())


def _save_meetings(article, facts: list[MeetingFact], pending: Pending, people: People, refs: References,
                   sketch: bytes, existing: ExistingFacts) -> meeting_matching.ParseMeetings | None:
    """Match the reports to recorded meetings (under the locks of their days and Russian sides), one report each;
    the matching (None: no report to match)."""
    kept_meetings = existing.kept_meetings
    reports = []
    for fact in facts:
        persons = [people.get(name) for name in fact.participants]
        regions = [code for code in fact.regions if code in refs.regions]
        fp = meeting_fingerprint(fact.kind, fact.date, [p.key for p in persons], regions)
        if fp not in pending.skip:
            report = meeting_matching.Report(fact.kind, fact.date, _precision(fact), persons, regions)
            reports.append((fact, fp, report))
    if not reports:
        return None
    reads = _batch_reads()
    if reads:  # the batch took the locks and read the meetings
        matching = reads.meetings.parse(sketch, article.pk, kept_meetings, existing.gone)
    else:
        advisory_locks(meeting_matching.lock_keys((report.date, report.regions) for _, _, report in reports))
        matching = meeting_matching.ParseMeetings(sketch, article.pk).read([report for _, _, report in reports])
    reported: list[Meeting] = []
    for fact, fp, report in reports:
        meeting = matching.record(report)
        if meeting.pk in kept_meetings or any(meeting is other for other in reported):
            continue  # the article reports it already: that report stays as it is
        reported.append(meeting)
        pending.rows[MeetingSource].append(MeetingSource(article=article, meeting=meeting, fingerprint=fp,
                                                         text_sketch=sketch, **_evidence_fields(fact.evidence)))
    matching.write()
    return matching


def _precision(fact: MeetingFact) -> str:
    return fact.date_precision or (DatePrecision.DAY if fact.date else DatePrecision.UNKNOWN)


def find_same_meeting(fact: MeetingFact, people: list[Person], regions: list[str]) -> Meeting | None:
    """The recorded meeting a parsed report describes (see `meeting_matching.same_event`)."""
    return meeting_matching.same_event(fact.kind, fact.date, _precision(fact), {p.pk for p in people}, set(regions))


def _save_trade(article, figures: list[TradeFact], pending: Pending, refs: References) -> None:
    for fact in figures:
        russia = fact.region == Country.RUSSIA  # Russia as a whole: the figure has no region
        if not russia and fact.region not in refs.regions:
            continue
        pending.add(TradeFigure(
            article=article, region_id=None if russia else fact.region,
            by_region_id=refs.region(fact.by_region),
            period_start=fact.period_start, period_end=fact.period_end, amount=fact.amount,
            currency=fact.currency, flow=fact.flow, qualifier=fact.qualifier,
            change_factor=(fact.change or {}).get("factor"), change_versus=str((fact.change or {}).get("versus") or ""),
            **_evidence_fields(fact.evidence),
        ))


def _kept_agreements_losing_their_meeting(article, existing: ExistingFacts) -> dict[int, Date | None]:
    """{id: date} of the editors' agreements at a meeting the parse's reports are replaced for (read only when there
    are such): the meeting may go with its report, and they are put at the article's meeting again."""
    if Agreement not in existing.kept or not existing.left_meetings:
        return {}
    kept = Agreement.objects.filter(article=article, meeting_id__in=existing.left_meetings)
    return dict(kept.exclude(origin=Origin.MACHINE, review=Review.UNREVIEWED).values_list("pk", "date"))


def _save_agreements(article, facts: list[AgreementFact], pending: Pending, refs: References,
                     existing: ExistingFacts, regrouped: dict[int, Date | None]) -> None:
    """Each outcome at the meeting the article reports (`agreed_at`), its links kept for `_write_links`."""
    meetings = _reported_meetings(article, pending, existing)
    moves = defaultdict(list)
    for pk, day in regrouped.items():
        moves[agreed_at(day, meetings)].append(pk)
    for meeting_id, ids in moves.items():
        Agreement.objects.filter(pk__in=ids).update(meeting_id=meeting_id)
    for fact in facts:
        agreement = Agreement(article=article, kind=fact.kind, parties=[p[:300] for p in fact.parties],
                              amount=fact.amount, currency=fact.currency, date=fact.date,
                              meeting_id=agreed_at(fact.date, meetings), **_evidence_fields(fact.evidence))
        agreement.set_links(regions=[code for code in fact.regions if code in refs.regions],
                            sectors=[slug for slug in fact.sectors if slug in refs.sectors])
        pending.add(agreement)


def _reported_meetings(article, pending: Pending, existing: ExistingFacts) -> dict[int, Date | None]:
    """{meeting id: date} of the meetings the article reports: this parse's reports, and the editors' it keeps
    (read only when it keeps any)."""
    meetings = {source.meeting.pk: source.meeting.date for source in pending.rows.get(MeetingSource, ())}
    if existing.kept_meetings:
        kept = MeetingSource.objects.filter(article=article).exclude(review=Review.REJECTED)
        meetings.update(kept.values_list("meeting_id", "meeting__date"))
    return meetings


def agreed_at(day: Date | None, meetings: dict[int, Date | None]) -> int | None:
    """The meeting an outcome was reached at: the one of its date, else the article's only meeting, else none."""
    same_day = sorted(pk for pk, date in meetings.items() if day is not None and date == day)
    if same_day:
        return same_day[0]
    return next(iter(meetings)) if len(meetings) == 1 else None


def _write_links(agreements) -> None:
    """The new agreements' regions and sectors: one insert per table, none when no agreement has any."""
    for name in ("regions", "sectors"):
        field = Agreement._meta.get_field(name)
        through, own, other = field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = [through(**{f"{own}_id": agreement.pk, f"{other}_id": key})
                for agreement in agreements for key in agreement.linked(name)]
        if rows:
            through.objects.bulk_create(rows)
