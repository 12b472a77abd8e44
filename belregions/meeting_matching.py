"""Which recorded meeting a report describes: the same event told by another article, or a new one.

One event is one `Meeting`, however many articles report it (`MeetingSource`).
A parse records its reports through `record`; an editor's correction moves a
report with `attach`. Two reports are one event when they are dated alike and
share their Russian side or their people (`same_event`), or when their
articles are near copies of one story (`near_copy_of`, `belregions.near_copies`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from belregions import near_copies
from belregions.locks import advisory_lock
from belregions.models import (
    DatePrecision,
    Meeting,
    MeetingKind,
    MeetingSource,
    Person,
    is_russian_region,
    meeting_fingerprint,
)

# Kinds that name one event from different sides: the governor's "visit" is
# the President's "meeting", and the agreement is signed at it. "other" goes
# with any kind.
SAME_EVENT_KINDS = (
    frozenset({MeetingKind.MEETING, MeetingKind.VISIT, MeetingKind.AGREEMENT}),
    frozenset({MeetingKind.FORUM, MeetingKind.EXHIBITION}),
)

# Near copies of one story (see `belregions.near_copies`) date one event up to this many days apart: the day
# of the talks against the day of the report, "on Friday" counted from another published day, a time zone.
# Farther apart, the same people in the same region met again (the same story is not reprinted a week on).
NEAR_COPY_DAYS = 3
# A meeting's latest reports a parse compares its text with (issue 15): a story reprinted hundreds of times
# costs what this many copies do.
NEAR_COPY_REPORTS = 50

# From the most precise: a report dated to the day dates a meeting known only by its month or not at all.
PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN)

# How many days past its date a date of this precision may reach (a month's last day, a year's).
LONGEST_PERIOD_DAYS = {DatePrecision.DAY: 0, DatePrecision.MONTH: 30, DatePrecision.YEAR: 365}


def kinds_match(a: str, b: str) -> bool:
    if a == b or MeetingKind.OTHER in (a, b):
        return True
    return any(a in group and b in group for group in SAME_EVENT_KINDS)


def _kinds_matching(kind: str) -> set[str]:
    return {k for k in MeetingKind.values if kinds_match(kind, k)}


def _russian(codes: set[str]) -> set[str]:
    return {code for code in codes if is_russian_region(code)}


def event_overlap(people_a: set, regions_a: set[str], people_b: set, regions_b: set[str]) -> int:
    """How strongly two same-day reports look like one event; 0: not the same event.

    Different Russian regions mean different events (the President meets two
    governors in a day). Otherwise a shared Russian region (or, with no Russian
    region on either side, any shared region), at least two shared people, or
    exactly the same people make it one event.
    """
    ru_a, ru_b = _russian(regions_a), _russian(regions_b)
    if ru_a and ru_b and not ru_a & ru_b:
        return 0
    shared_regions = (ru_a & ru_b) if (ru_a or ru_b) else (regions_a & regions_b)
    shared_people = people_a & people_b
    if shared_regions or len(shared_people) >= 2 or (people_a and people_a == people_b):
        return 1 + len(shared_regions) + len(shared_people)
    return 0


def _undated(date: Date | None, precision: str) -> bool:
    return date is None or precision == DatePrecision.UNKNOWN


def _period(date: Date, precision: str) -> tuple[Date, Date]:
    """The days a date of this precision stands for."""
    if precision == DatePrecision.YEAR:
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return date.replace(day=1), date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date, date


def days_apart(a: Date | None, precision_a: str, b: Date | None, precision_b: str) -> int | None:
    """Days between two dates' periods (0 when they overlap); None when either is undated."""
    if _undated(a, precision_a) or _undated(b, precision_b):
        return None
    (start_a, end_a), (start_b, end_b) = _period(a, precision_a), _period(b, precision_b)
    return max(0, (start_b - end_a).days, (start_a - end_b).days)


def near_copy_lock_key(regions) -> str:
    """What two reports a near-copy match could join share: their Russian regions (see `near_copy_of`)."""
    return ",".join(sorted(_russian(set(regions))))


def _ids(meeting: Meeting) -> tuple[set[int], set[str]]:
    """A meeting's people and regions, as ids (prefetched)."""
    return {p.pk for p in meeting.participants.all()}, {r.pk for r in meeting.regions.all()}


def same_event(kind: str, date: Date | None, precision: str, people: set[int], regions: set[str], *,
               among: QuerySet[Meeting] | None = None) -> Meeting | None:
    """The meeting already recorded that a new report describes, or None (best match first)."""
    if _undated(date, precision):
        return None
    meetings = Meeting.objects.all() if among is None else among
    candidates = meetings.filter(date=date, date_precision=precision).prefetch_related("participants", "regions")
    scored = [(event_overlap(people, regions, *_ids(m)), -m.pk, m) for m in candidates if kinds_match(kind, m.kind)]
    best = max((item for item in scored if item[0] > 0), default=None, key=lambda item: item[:2])
    return best[2] if best else None


def near_copy_of(kind: str, date: Date | None, precision: str, people: set[int], regions: set[str],
                 sketch: bytes, article_id: int | None) -> Meeting | None:
    """The meeting a near copy of this report's article already recorded, or None (best match first).

    One story reprinted by several agencies is one event even where one copy
    leaves the date out or dates it a day or two apart: a recorded meeting of
    the same kind group, with the same Russian regions and shared participants
    (or none named on one side), undated on either side or dated within
    `NEAR_COPY_DAYS`, one of whose articles is a near copy of this report's
    (`near_copies.NEAR_COPY_SIMILARITY`). Two visits of one governor told by
    two different stories stay two meetings, dated or not.

    The candidates are found by indexed queries (kind and date window, a
    Russian region or a participant), never by reading every article; the
    texts are compared through their stored sketches.
    """
    if not sketch or not (_russian(regions) or people):
        return None
    candidates = _near_copy_candidates(kind, date, precision, people, _russian(regions), article_id)
    scored = _score_near_copies(((m, *_ids(m)) for m in candidates), date, precision, people, regions)
    return _closest_copy(scored, sketch, article_id) if scored else None


def _near_copy_candidates(kind: str, date: Date | None, precision: str, people: set[int], ru: set[str],
                          article_id: int | None) -> QuerySet[Meeting]:
    candidates = Meeting.objects.exclude(sources__article_id=article_id) if article_id else Meeting.objects.all()
    if kind != MeetingKind.OTHER:
        candidates = candidates.filter(kind__in=_kinds_matching(kind))
    if not _undated(date, precision):
        candidates = candidates.filter(_undated_or_near(date, precision))
    if ru:
        located = Meeting.regions.through.objects.filter(meeting_id=OuterRef("pk"), region_id__in=ru)
        candidates = candidates.filter(Exists(located))
    if people:
        named = Meeting.participants.through.objects.filter(meeting_id=OuterRef("pk"))
        candidates = candidates.filter(Exists(named.filter(person_id__in=people)) | ~Exists(named))
    return candidates.prefetch_related("participants", "regions")


def _undated_or_near(date: Date, precision: str) -> Q:
    """Meetings undated, or dated (at any precision) within `NEAR_COPY_DAYS` of this date's period."""
    start, end = _period(date, precision)
    near = timedelta(days=NEAR_COPY_DAYS)
    dated_near = [Q(date_precision=p, date__gte=start - near - timedelta(days=span), date__lte=end + near)
                  for p, span in LONGEST_PERIOD_DAYS.items()]
    return Q(date__isnull=True) | Q(date_precision=DatePrecision.UNKNOWN) | Q(*dated_near, _connector=Q.OR)


def _score_near_copies(candidates: Iterable[tuple[Meeting, set[int], set[str]]], date: Date | None,
                       precision: str, people: set[int], regions: set[str]) -> dict[int, tuple[Meeting, int, int]]:
    """{meeting id: (meeting, overlap, -days apart)} for the candidates that could be this report's event."""
    ru, scored = _russian(regions), {}
    for m, theirs, their_regions in candidates:
        if _russian(their_regions) != ru or (people and theirs and not people & theirs):
            continue
        if not ru and not event_overlap(people, regions, theirs, their_regions):
            continue  # no Russian side to tie them: their people must, as on the same day
        apart = days_apart(date, precision, m.date, m.date_precision)
        if apart is None or apart <= NEAR_COPY_DAYS:
            scored[m.pk] = (m, event_overlap(people, regions, theirs, their_regions), -(apart or 0))
    return scored


def _closest_copy(scored: dict[int, tuple[Meeting, int, int]], sketch: bytes, article_id: int | None):
    """The scored meeting one of whose reports' articles is the nearest copy of this text, if near enough.

    Only each meeting's latest `NEAR_COPY_REPORTS` reports are compared, and a sketch that several of them share
    once: a much-reprinted story (hundreds of copies) costs what a few dozen do, and its latest reports are the
    copies an agency's reprint is likeliest to follow.
    """
    best = None
    reports = MeetingSource.objects.filter(meeting_id__in=scored).exclude(text_sketch=b"")
    if article_id:
        reports = reports.exclude(article_id=article_id)
    latest = Window(RowNumber(), partition_by=F("meeting_id"), order_by=F("pk").desc())
    rows = list(reports.annotate(latest=latest).filter(latest__lte=NEAR_COPY_REPORTS)
                .values_list("meeting_id", "text_sketch"))
    rows = list(dict.fromkeys((meeting_id, bytes(their_sketch)) for meeting_id, their_sketch in rows))
    unique = list(dict.fromkeys(their_sketch for _meeting, their_sketch in rows))
    alike_by_sketch = dict(zip(unique, near_copies.similarities(sketch, unique), strict=True))
    for meeting_id, their_sketch in rows:
        alike = alike_by_sketch[their_sketch]
        if alike < near_copies.NEAR_COPY_SIMILARITY:
            continue
        meeting, overlap, closeness = scored[meeting_id]
        key = (alike, overlap, closeness, -meeting_id)
        if best is None or key > best[0]:
            best = (key, meeting)
    return best[1] if best else None


def record(kind: str, date: Date | None, precision: str, people: list[Person], regions: list[str], *,
           sketch: bytes = b"", article_id: int | None = None) -> Meeting:
    """The meeting for this report: an existing one of the same event (completed with it), or a new one.

    With the sketch of the report's article (a parse gives it), a meeting
    recorded from a near copy of the article is the same event too.
    """
    advisory_lock("meeting-day", date)
    people_ids = {p.pk for p in people}
    meeting = same_event(kind, date, precision, people_ids, set(regions))
    if meeting is None and sketch:
        meeting = near_copy_of(kind, date, precision, people_ids, set(regions), sketch, article_id)
    if meeting is None:
        meeting = Meeting.objects.create(date=date, kind=kind, date_precision=precision)
    absorb(meeting, kind, people, regions, date=date, precision=precision)
    return meeting


def absorb(meeting: Meeting, kind: str, people: list[Person], regions: list[str], *, date: Date | None = None,
           precision: str = "") -> None:
    """Add what another report of this event says: its people, regions, a more precise kind and date."""
    changed = _complete(meeting, kind, date, precision)
    if changed:
        meeting.save(update_fields=changed)
    meeting.participants.add(*people)
    meeting.regions.add(*regions)


def _complete(meeting: Meeting, kind: str, date: Date | None, precision: str) -> list[str]:
    """Take a more precise kind and date from a report of this meeting; the names of the fields changed."""
    changed = []
    if meeting.kind == MeetingKind.OTHER and kind != MeetingKind.OTHER:
        meeting.kind = kind
        changed.append("kind")
    if date is not None and precision in PRECISIONS and _finer(precision, meeting.date_precision, meeting.date):
        meeting.date, meeting.date_precision = date, precision  # an undated copy of the story met a dated one
        changed += ["date", "date_precision"]
    return changed


def _finer(precision: str, than: str, date: Date | None) -> bool:
    known = than if date is not None and than in PRECISIONS else DatePrecision.UNKNOWN
    return PRECISIONS.index(precision) < PRECISIONS.index(known)


def restate(meeting: Meeting, kind: str, date: Date | None, precision: str, people: list[Person],
            regions: list[str]) -> Meeting:
    """An editor corrected this meeting's only report: it says exactly that now.

    If it then is the same event as another meeting, that one is returned
    (completed) and this one is left without reports, for the caller to delete.
    """
    advisory_lock("meeting-day", date)
    others = Meeting.objects.exclude(pk=meeting.pk)
    other = same_event(kind, date, precision, {p.pk for p in people}, set(regions), among=others)
    if other is not None:
        absorb(other, kind, people, regions)
        return other
    meeting.kind, meeting.date, meeting.date_precision = kind, date, precision
    meeting.save(update_fields=["kind", "date", "date_precision"])
    meeting.participants.set(people)
    meeting.regions.set(regions)
    return meeting


def claim_of(meeting: Meeting) -> dict[str, Any]:
    """What a meeting says, as the fields a report's correction takes (`attach`)."""
    return {"kind": meeting.kind, "date": meeting.date, "date_precision": meeting.date_precision,
            "participants": list(meeting.participants.all()), "regions": [r.pk for r in meeting.regions.all()]}


def attach(source: MeetingSource, *, kind: str, date: Date | None, participants, regions,
           date_precision: str = "") -> None:
    """Point this report at the meeting it describes, recording the meeting if it is new.

    The meeting it left keeps its other reports; if it had none, it is
    restated (or merged into the event it now matches).
    """
    people, codes = list(participants), [getattr(r, "pk", r) for r in regions]
    precision = date_precision or (DatePrecision.DAY if date else DatePrecision.UNKNOWN)
    source.claim_fingerprint = meeting_fingerprint(kind, date, [p.key for p in people], codes)
    if not source.text_sketch and source.article_id:
        source.text_sketch = near_copies.sketch(source.article.text)
    left = source.meeting if source.pk else None
    if left is not None and not left.sources.exclude(pk=source.pk).exists():
        source.meeting = restate(left, kind, date, precision, people, codes)
    else:
        source.meeting = record(kind, date, precision, people, codes)


# A parse's reports, matched together: the meetings they could join are read in one query, matched in memory
# (the rules above), and what changes is written at the end in a few set-based statements.

@dataclass
class Report:
    """One parsed report of a meeting, its people saved (they have ids)."""

    kind: str
    date: Date | None
    precision: str
    people: list[Person]
    regions: list[str]


@dataclass
class _Known:
    """A meeting as the matching sees it: what it says, and whether this parse's article reports it."""

    meeting: Meeting
    people: set[int]
    regions: set[str]
    reported_here: bool
    rank: int  # ties go to the oldest meeting, as in `same_event`; this parse's new ones come last


@dataclass
class ParseMeetings:
    """The meetings a parse's reports describe, matched as `record` matches each one, with writes batched.

    The caller holds the locks `lock_keys` names (the reports' days and Russian sides) for its transaction.
    """

    sketch: bytes
    article_id: int | None
    known: list[_Known] = field(default_factory=list)
    changed: dict[int, set[str]] = field(default_factory=dict)
    new_people: list[tuple[Meeting, int]] = field(default_factory=list)
    new_regions: list[tuple[Meeting, str]] = field(default_factory=list)

    def read(self, reports: list[Report]) -> ParseMeetings:
        """The recorded meetings any of the reports could join (same day, or a near copy's), in one query."""
        condition = Q(pk__in=[])
        for report in reports:
            condition |= _could_join(report, bool(self.sketch), self.article_id)
        self.known = list(_read_known(condition, self.article_id).values())
        return self

    def record(self, report: Report) -> Meeting:
        """The meeting for this report (`record`'s rules), completed with it in memory until `write`."""
        people, regions = {p.pk for p in report.people}, set(report.regions)
        found = self._same_event(report, people, regions)
        if found is None and self.sketch:
            found = self._near_copy(report, people, regions)
        if found is None:
            meeting = Meeting(date=report.date, kind=report.kind, date_precision=report.precision)
            found = _Known(meeting, set(), set(), True, -(10**18) - len(self.known))
            self.known.append(found)
        self._absorb(found, report, people)
        found.reported_here = True  # its report is this article's now: no near copy of itself
        return found.meeting

    def _same_event(self, report: Report, people: set[int], regions: set[str]) -> _Known | None:
        if _undated(report.date, report.precision):
            return None
        scored = [(event_overlap(people, regions, k.people, k.regions), k.rank, k) for k in self.known
                  if k.meeting.date == report.date and k.meeting.date_precision == report.precision
                  and kinds_match(report.kind, k.meeting.kind)]
        best = max((item for item in scored if item[0] > 0), default=None, key=lambda item: item[:2])
        return best[2] if best else None

    def _near_copy(self, report: Report, people: set[int], regions: set[str]) -> _Known | None:
        ru = _russian(regions)
        if not (ru or people):
            return None
        candidates = {k.meeting.pk: k for k in self.known if _near_copy_candidate(k, report, people, ru)}
        scored = _score_near_copies(((k.meeting, k.people, k.regions) for k in candidates.values()),
                                    report.date, report.precision, people, regions)
        meeting = _closest_copy(scored, self.sketch, self.article_id) if scored else None
        return candidates[meeting.pk] if meeting else None

    def _absorb(self, known: _Known, report: Report, people: set[int]) -> None:
        changed = _complete(known.meeting, report.kind, report.date, report.precision)
        if changed and known.meeting.pk:
            self.changed.setdefault(known.meeting.pk, set()).update(changed)
        self.new_people += [(known.meeting, pk) for pk in sorted(people - known.people)]
        self.new_regions += [(known.meeting, code) for code in dict.fromkeys(report.regions)
                             if code not in known.regions]
        known.people |= people
        known.regions |= set(report.regions)

    def write(self) -> None:
        """New meetings in one insert, completed ones saved, their new people and regions in one insert each."""
        Meeting.objects.bulk_create([k.meeting for k in self.known if k.meeting.pk is None])
        by_pk = {k.meeting.pk: k.meeting for k in self.known}
        for pk, fields in self.changed.items():
            by_pk[pk].save(update_fields=sorted(fields))
        people = Meeting.participants.through
        people.objects.bulk_create([people(meeting_id=m.pk, person_id=pk) for m, pk in self.new_people],
                                   ignore_conflicts=True)
        places = Meeting.regions.through
        places.objects.bulk_create([places(meeting_id=m.pk, region_id=code) for m, code in self.new_regions],
                                   ignore_conflicts=True)


def _read_known(condition: Q, article_id: int | None) -> dict[int, _Known]:
    """The meetings `condition` picks, as the matching sees them (`reported_here`: this article reports them)."""
    here = MeetingSource.objects.filter(meeting=OuterRef("pk"), article_id=article_id or 0)
    rows = Meeting.objects.filter(condition)
    rows = (rows.annotate(here=Exists(here)) if article_id else rows.annotate(here=Value(False)))
    by_id: dict[int, _Known] = {}
    for pk, kind, date, precision, reported_here, person, region in rows.order_by("pk").values_list(
            "pk", "kind", "date", "date_precision", "here", "participants", "regions"):  # a row per person and region
        if pk not in by_id:
            meeting = Meeting(pk=pk, kind=kind, date=date, date_precision=precision)
            meeting._state.adding, meeting._state.db = False, Meeting.objects.db
            by_id[pk] = _Known(meeting, set(), set(), reported_here, -pk)
        by_id[pk].people.update([person] if person else [])
        by_id[pk].regions.update([region] if region else [])
    return by_id


@dataclass
class BatchMeetings:
    """The meetings a batch of parses' reports could join, read once for all of them (`services.run_batch`).

    `read` takes every report of every article of the batch (read before any is written, under the locks of all
    their days and Russian sides, which the caller holds for its transaction): a superset of what each article's
    own `ParseMeetings.read` would find, since the matching in memory applies the rules in full. Each article
    matches against a copy (`parse`); once its savepoint is released, what it recorded and completed is kept for
    the next articles (`keep`), and the meetings its re-parse deleted are forgotten. A meeting no article of the
    batch touched is as it was read; one it touched is in here.
    """

    known: dict[int, _Known] = field(default_factory=dict)

    @classmethod
    def read(cls, reports: Iterable[tuple[str, Date | None, str, set[int], set[str], bool]]) -> BatchMeetings:
        """(kind, date, precision, ids of the people known, regions, names anyone) of each report of the batch."""
        condition, seen = Q(pk__in=[]), set()
        for kind, date, precision, people, regions, named in reports:
            key = (kind, date, precision, frozenset(people), frozenset(_russian(set(regions))), named)
            if key not in seen:  # copies of one story report one meeting alike: its condition once
                seen.add(key)
                condition |= _could_join_ids(kind, date, precision, people, set(regions), named)
        return cls(_read_known(condition, None) if seen else {})

    def parse(self, sketch: bytes, article_id: int | None, reported: set[int], gone: set[int]) -> ParseMeetings:
        """An article's matching over a copy of the batch's meetings: `reported`, the meetings its kept reports are
        of; `gone`, the meetings its re-parse deleted."""
        matching = ParseMeetings(sketch, article_id)
        for pk, known in self.known.items():
            if pk not in gone:
                meeting = Meeting(pk=pk, kind=known.meeting.kind, date=known.meeting.date,
                                  date_precision=known.meeting.date_precision)
                meeting._state.adding, meeting._state.db = False, Meeting.objects.db
                matching.known.append(_Known(meeting, set(known.people), set(known.regions), pk in reported, -pk))
        return matching

    def keep(self, matching: ParseMeetings, gone: set[int]) -> None:
        """After the article's savepoint is released: its meetings, as it left them, for the next articles."""
        for pk in gone:
            self.known.pop(pk, None)
        for known in matching.known:
            if known.meeting.pk is not None:
                self.known[known.meeting.pk] = known


def lock_keys(reports: Iterable[tuple[Date | None, Iterable[str]]]) -> set[tuple[str, str]]:
    """The locks a parse holds while it matches these (date, regions) reports: their days and Russian sides."""
    keys = set()
    for date, regions in reports:
        keys |= {("meeting-day", str(date)), ("meeting-near", near_copy_lock_key(regions))}
    return keys


def _could_join(report: Report, near: bool, article_id: int | None) -> Q:
    """The meetings this report could join: same day and precision, or (with a sketch) a near copy's."""
    people = {p.pk for p in report.people}
    return _could_join_ids(report.kind, report.date, report.precision, people, set(report.regions), bool(people),
                           near=near, article_id=article_id)


def _could_join_ids(kind: str, date: Date | None, precision: str, people: set[int], regions: set[str], named: bool,
                    *, near: bool = True, article_id: int | None = None) -> Q:
    """`_could_join` of a report by its people's ids (those known: `named` says whether it names anyone, since
    one not recorded yet still makes a near copy's meeting a candidate; with none known, any people's meeting)."""
    same_day = Q(pk__in=[]) if _undated(date, precision) else Q(date=date, date_precision=precision)
    ru = _russian(regions)
    if not near or not (ru or named):
        return same_day
    return same_day | Q(pk__in=_near_copy_candidates(kind, date, precision, {pk for pk in people if pk}, ru,
                                                     article_id).values("pk"))


def _near_copy_candidate(known: _Known, report: Report, people: set[int], ru: set[str]) -> bool:
    """`_near_copy_candidates`' conditions, on a meeting in memory."""
    m = known.meeting
    if known.reported_here or (report.kind != MeetingKind.OTHER and m.kind not in _kinds_matching(report.kind)):
        return False
    if not _undated(report.date, report.precision) and not _undated_or_near_day(m, report.date, report.precision):
        return False
    if ru and not known.regions & ru:
        return False
    return not people or not known.people or bool(known.people & people)


def _undated_or_near_day(meeting: Meeting, date: Date, precision: str) -> bool:
    """`_undated_or_near`, on a meeting in memory."""
    if meeting.date is None or meeting.date_precision == DatePrecision.UNKNOWN:
        return True
    if meeting.date_precision not in LONGEST_PERIOD_DAYS:
        return False
    start, end = _period(date, precision)
    near = timedelta(days=NEAR_COPY_DAYS + LONGEST_PERIOD_DAYS[meeting.date_precision])
    return start - near <= meeting.date <= end + timedelta(days=NEAR_COPY_DAYS)
