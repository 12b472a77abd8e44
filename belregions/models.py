"""The domain: regions, sectors, people, meetings and trade figures.

Every fact row points to the article and sentence it came from and says who
made it: the parser (`machine`) or an editor (`editor`). Re-parsing replaces
an article's machine facts and leaves editors' facts alone; a machine fact an
editor rejected stays as a `rejected` row so that the parser cannot bring it
back (its `fingerprint` is how a re-parse recognises it).

Editors act on facts through `confirm(user)`, `reject(user)`,
`correct(user, **fields)` and `Fact.add(user, article, **fields)`; each keeps
the fact's first fingerprint and writes a `FactChange` row.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from belregions import near_copies

# The codes of the two countries as a whole: a trade figure with no region is Russia's, with no oblast Belarus'.
RUSSIA, BELARUS = "RU", "BY"


def fingerprint(*parts) -> str:
    """What a fact says, hashed: the same claim from any parse gives the same value."""
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()  # noqa: S324 - not security


def advisory_lock(*parts) -> None:
    """Hold a PostgreSQL lock on `parts` until the transaction ends (SQLite serialises writes anyway).

    Two workers parsing two reports of one meeting, or two copies of one text,
    must not both decide "there is none yet".
    """
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha1("|".join(map(str, parts)).encode()).digest()[:8], "big", signed=True)  # noqa: S324
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


class RegionKind(models.TextChoices):
    OBLAST = "oblast", "Oblast"
    KRAI = "krai", "Krai"
    REPUBLIC = "republic", "Republic"
    FEDERAL_CITY = "federal_city", "Federal city"
    AUTONOMOUS_OKRUG = "autonomous_okrug", "Autonomous okrug"
    AUTONOMOUS_OBLAST = "autonomous_oblast", "Autonomous oblast"
    FEDERAL_DISTRICT = "federal_district", "Federal district"
    BY_OBLAST = "by_oblast", "Belarusian oblast"
    CITY = "city", "City"


class Region(models.Model):
    """A Russian federal subject or district, or a Belarusian oblast or Minsk."""

    code = models.CharField(primary_key=True, max_length=12, help_text="ISO 3166-2, or RU-FD-* for districts")
    name_en = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=RegionKind.choices)
    country = models.CharField(max_length=2, choices=[("RU", "Russia"), ("BY", "Belarus")])
    district = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subjects",
        limit_choices_to={"kind": RegionKind.FEDERAL_DISTRICT},
    )
    latitude = models.FloatField()
    longitude = models.FloatField()
    variants_en = models.JSONField(default=list, blank=True)
    variants_ru = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name_en"]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.name_en

    @property
    def is_district(self) -> bool:
        return self.kind == RegionKind.FEDERAL_DISTRICT


class Sector(models.Model):
    slug = models.SlugField(primary_key=True, max_length=30)
    name_en = models.CharField(max_length=100)
    name_ru = models.CharField(max_length=100)
    signals = models.CharField(max_length=300, blank=True, help_text="The kind of words that signal it")

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Person(models.Model):
    name = models.CharField(max_length=200)
    # Lower-cased surname + canonical first name: one person under spelling
    # variants ("Aleksandr"/"Alexander" Lukashenko) gets one key.
    key = models.CharField(max_length=200, unique=True)
    other_spellings = models.JSONField(default=list, blank=True)
    role = models.CharField(max_length=300, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    MACHINE = "machine", "Parser"
    EDITOR = "editor", "Editor"


class Review(models.TextChoices):
    UNREVIEWED = "unreviewed", "Not reviewed"
    CONFIRMED = "confirmed", "Confirmed"
    CORRECTED = "corrected", "Corrected"
    ADDED = "added", "Added by editor"
    REJECTED = "rejected", "Rejected"


class FactQuerySet(models.QuerySet):
    def active(self):
        """What readers count: not rejected, and of an article not deleted."""
        return self.exclude(review=Review.REJECTED).shown()

    def shown(self):
        """Facts of articles not deleted: a soft-deleted article's facts are kept but hidden from every reader.

        A NOT IN over the few deleted articles (a partial index), not a join: readers' queries keep their shape.
        """
        from articles.models import Article  # articles' models import nothing of ours; imported here for order

        return self.exclude(article_id__in=Article.all_objects.deleted().values("pk"))

    def machine_made(self):
        return self.filter(origin=Origin.MACHINE)


class Fact(models.Model):
    """What every extracted fact has: its article, its evidence, its maker."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="%(class)s_facts")
    evidence = models.TextField(blank=True, help_text="The sentence the fact was read from")
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    rule = models.CharField(max_length=100, blank=True, help_text="The parser rule that found it")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    review = models.CharField(max_length=12, choices=Review.choices, default=Review.UNREVIEWED)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = FactQuerySet.as_manager()

    # The fields an editor may correct; the rest say where the fact came from.
    CONTENT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def content_fingerprint(self) -> str:
        """The fingerprint a parse would give a fact saying what this row says now."""
        raise NotImplementedError

    def snapshot(self) -> dict[str, Any]:
        """What the row says, as JSON, for the history."""
        return {name: _jsonable(getattr(self, _attname(self, name))) for name in (*self.CONTENT_FIELDS, "evidence")}

    @property
    def is_editors(self) -> bool:
        """Confirmed, corrected or added by an editor: a re-parse leaves it alone."""
        return self.review in (Review.CONFIRMED, Review.CORRECTED, Review.ADDED)

    def confirm(self, user) -> None:
        self._record(user, FactChange.Action.CONFIRM, Review.CONFIRMED)

    def reject(self, user) -> None:
        self._record(user, FactChange.Action.REJECT, Review.REJECTED)

    def correct(self, user, **fields) -> None:
        """Change what the fact says; its fingerprint stays, so the parser's version stays out."""
        before = self._saved_snapshot()
        self._set_content(fields)
        self._record(user, FactChange.Action.CORRECT, Review.CORRECTED, before)

    @classmethod
    def add(cls, user, article, **fields) -> Fact:
        fact = cls(article=article)
        fact._set_content(fields)
        fact.save_added(user)
        return fact

    def save_added(self, user) -> None:
        """Save a new fact made by an editor (the admin's add form ends here)."""
        self.origin = Origin.EDITOR
        self.fingerprint = self.content_fingerprint()
        self._record(user, FactChange.Action.ADD, Review.ADDED)

    def _set_content(self, fields: dict[str, Any]) -> None:
        unknown = set(fields) - {*self.CONTENT_FIELDS, "evidence"}
        if unknown:
            raise TypeError(f"{type(self).__name__} has no editable field(s) {sorted(unknown)}")
        for name, value in fields.items():
            setattr(self, name, value)

    def _saved_snapshot(self) -> dict[str, Any]:
        """The row as stored (the admin's form has already changed this instance)."""
        return type(self).objects.get(pk=self.pk).snapshot() if self.pk else {}

    def _record(self, user, action: str, review: str, before: dict[str, Any] | None = None) -> None:
        with transaction.atomic():
            before = self._saved_snapshot() if before is None else before
            self.review, self.reviewed_by = review, user
            self._drop_machine_twins()
            self.save()
            FactChange.objects.create(
                article_id=self.article_id, fact_type=self._meta.model_name, fact_id=self.pk, action=action,
                user=user, before=before, after=self.snapshot(),
            )

    def _drop_machine_twins(self) -> None:
        """An unreviewed parser row saying what the editor now says is superseded by the editor's row."""
        twins = type(self).objects.filter(
            article_id=self.article_id, origin=Origin.MACHINE, review=Review.UNREVIEWED,
            fingerprint=self.content_fingerprint(),
        )
        twins.exclude(pk=self.pk).delete()


def _attname(fact: models.Model, name: str) -> str:
    field = fact._meta.get_field(name)
    return field.attname if field.many_to_one else name


def _jsonable(value: Any) -> Any:
    if isinstance(value, Date | Decimal):
        return str(value)
    return value


class FactChange(models.Model):
    """The history of editors' work: who did what to which fact, and when."""

    class Action(models.TextChoices):
        CONFIRM = "confirm", "Confirmed"
        REJECT = "reject", "Rejected"
        CORRECT = "correct", "Corrected"
        ADD = "add", "Added"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="fact_changes")
    fact_type = models.CharField(max_length=40, help_text="The fact's model, e.g. tradefigure")
    fact_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="fact_changes"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["fact_type", "fact_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.fact_type} {self.fact_id}"


class ArticleRegion(Fact):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="article_links")
    mentions = models.PositiveIntegerField(default=1)

    CONTENT_FIELDS = ("region",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "region"], name="article_region_once")]

    def __str__(self) -> str:
        return f"{self.region_id} ×{self.mentions}"

    def content_fingerprint(self) -> str:
        return fingerprint("region", self.region_id)


class ArticleSector(Fact):
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="article_links")
    mentions = models.PositiveIntegerField(default=1)

    CONTENT_FIELDS = ("sector",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "sector"], name="article_sector_once")]

    def __str__(self) -> str:
        return f"{self.sector_id} ×{self.mentions}"

    def content_fingerprint(self) -> str:
        return fingerprint("sector", self.sector_id)


class ArticlePerson(Fact):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="article_links")
    role = models.CharField(max_length=300, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    CONTENT_FIELDS = ("person", "role", "region")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="article_person_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)

    def content_fingerprint(self) -> str:
        return fingerprint("person", self.person.key)


class MeetingKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    FORUM = "forum", "Forum"
    EXHIBITION = "exhibition", "Exhibition"
    AGREEMENT = "agreement", "Agreement"
    OTHER = "other", "Other"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


# Kinds that name one event from different sides: the governor's "visit" is
# the President's "meeting", and the agreement is signed at it. "other" goes
# with any kind.
SAME_EVENT_KINDS = (
    frozenset({MeetingKind.MEETING, MeetingKind.VISIT, MeetingKind.AGREEMENT}),
    frozenset({MeetingKind.FORUM, MeetingKind.EXHIBITION}),
)


def kinds_match(a: str, b: str) -> bool:
    if a == b or MeetingKind.OTHER in (a, b):
        return True
    return any(a in group and b in group for group in SAME_EVENT_KINDS)


def _russian(codes: set[str]) -> set[str]:
    return {code for code in codes if code.startswith("RU-")}


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


# Near copies of one story (see `belregions.near_copies`) date one event up to this many days apart: the day
# of the talks against the day of the report, "on Friday" counted from another published day, a time zone.
# Farther apart, the same people in the same region met again (the same story is not reprinted a week on).
NEAR_COPY_DAYS = 3

# From the most precise: a report dated to the day dates a meeting known only by its month or not at all.
PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN)


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


class MeetingQuerySet(models.QuerySet):
    def same_event(self, kind: str, date: Date | None, precision: str, people: set[int], regions: set[str]):
        """The meeting already recorded that a new report describes, or None (best match first)."""
        if date is None or precision == DatePrecision.UNKNOWN:
            return None
        candidates = self.filter(date=date, date_precision=precision).prefetch_related("participants", "regions")
        scored = [
            (event_overlap(people, regions, {p.pk for p in m.participants.all()}, {r.pk for r in m.regions.all()}),
             -m.pk, m)
            for m in candidates if kinds_match(kind, m.kind)
        ]
        best = max((item for item in scored if item[0] > 0), default=None, key=lambda item: item[:2])
        return best[2] if best else None

    def near_copy_of(self, kind: str, date: Date | None, precision: str, people: set[int], regions: set[str],
                     sketch: bytes, article_id: int | None):
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
        ru = _russian(regions)
        if not sketch or not (ru or people):
            return None
        candidates = self.exclude(sources__article_id=article_id) if article_id else self
        if kind != MeetingKind.OTHER:
            candidates = candidates.filter(kind__in=_kinds_matching(kind))
        if not _undated(date, precision):
            start, end = _period(date, precision)
            near = timedelta(days=NEAR_COPY_DAYS)
            longest = {DatePrecision.DAY: 0, DatePrecision.MONTH: 30, DatePrecision.YEAR: 365}
            candidates = candidates.filter(
                Q(date__isnull=True) | Q(date_precision=DatePrecision.UNKNOWN)
                | Q(*[Q(date_precision=p, date__gte=start - near - timedelta(days=span), date__lte=end + near)
                      for p, span in longest.items()], _connector=Q.OR))
        if ru:
            located = Meeting.regions.through.objects.filter(meeting_id=OuterRef("pk"), region_id__in=ru)
            candidates = candidates.filter(Exists(located))
        if people:
            named = Meeting.participants.through.objects.filter(meeting_id=OuterRef("pk"))
            candidates = candidates.filter(Exists(named.filter(person_id__in=people)) | ~Exists(named))
        scored = {}
        for m in candidates.prefetch_related("participants", "regions"):
            theirs, their_regions = {p.pk for p in m.participants.all()}, {r.pk for r in m.regions.all()}
            if _russian(their_regions) != ru or (people and theirs and not people & theirs):
                continue
            if not ru and not event_overlap(people, regions, theirs, their_regions):
                continue  # no Russian side to tie them: their people must, as on the same day
            apart = days_apart(date, precision, m.date, m.date_precision)
            if apart is None or apart <= NEAR_COPY_DAYS:
                scored[m.pk] = (m, event_overlap(people, regions, theirs, their_regions), -(apart or 0))
        if not scored:
            return None
        best = None
        reports = MeetingSource.objects.filter(meeting_id__in=scored).exclude(text_sketch=b"")
        if article_id:
            reports = reports.exclude(article_id=article_id)
        for meeting_id, their_sketch in reports.values_list("meeting_id", "text_sketch"):
            alike = near_copies.similarity(sketch, their_sketch)
            if alike < near_copies.NEAR_COPY_SIMILARITY:
                continue
            meeting, overlap, closeness = scored[meeting_id]
            key = (alike, overlap, closeness, -meeting_id)
            if best is None or key > best[0]:
                best = (key, meeting)
        return best[1] if best else None

    def record(self, kind: str, date: Date | None, precision: str, people: list[Person], regions: list[str], *,
               sketch: bytes = b"", article_id: int | None = None):
        """The meeting for this report: an existing one of the same event (completed with it), or a new one.

        With the sketch of the report's article (a parse gives it), a meeting
        recorded from a near copy of the article is the same event too.
        """
        advisory_lock("meeting-day", date)
        people_ids = {p.pk for p in people}
        meeting = self.same_event(kind, date, precision, people_ids, set(regions))
        if meeting is None and sketch:
            meeting = self.near_copy_of(kind, date, precision, people_ids, set(regions), sketch, article_id)
        if meeting is None:
            meeting = self.create(date=date, kind=kind, date_precision=precision)
        meeting.absorb(kind, people, regions, date=date, precision=precision)
        return meeting


class Meeting(models.Model):
    """One event, however many articles report it (see MeetingSource)."""

    date = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    kind = models.CharField(max_length=12, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    regions = models.ManyToManyField(Region, blank=True, related_name="meetings")
    participants = models.ManyToManyField(Person, blank=True, related_name="meetings")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date or 'unknown date'}"

    def absorb(self, kind: str, people: list[Person], regions: list[str], *, date: Date | None = None,
               precision: str = "") -> None:
        """Add what another report of this event says: its people, regions, a more precise kind and date."""
        changed = []
        if self.kind == MeetingKind.OTHER and kind != MeetingKind.OTHER:
            self.kind = kind
            changed.append("kind")
        if date is not None and precision in PRECISIONS and _finer(precision, self.date_precision, self.date):
            self.date, self.date_precision = date, precision  # an undated copy of the story met a dated one
            changed += ["date", "date_precision"]
        if changed:
            self.save(update_fields=changed)
        self.participants.add(*people)
        self.regions.add(*regions)

    def restate(self, kind: str, date: Date | None, precision: str, people: list[Person], regions: list[str]):
        """An editor corrected this meeting's only report: it says exactly that now.

        If it then is the same event as another meeting, that one is returned
        (completed) and this one is left without reports, for the caller to delete.
        """
        advisory_lock("meeting-day", date)
        other = Meeting.objects.exclude(pk=self.pk).same_event(kind, date, precision, {p.pk for p in people},
                                                               set(regions))
        if other is not None:
            other.absorb(kind, people, regions)
            return other
        self.kind, self.date, self.date_precision = kind, date, precision
        self.save(update_fields=["kind", "date", "date_precision"])
        self.participants.set(people)
        self.regions.set(regions)
        return self


def _finer(precision: str, than: str, date: Date | None) -> bool:
    known = than if date is not None and than in PRECISIONS else DatePrecision.UNKNOWN
    return PRECISIONS.index(precision) < PRECISIONS.index(known)


def _kinds_matching(kind: str) -> set[str]:
    return {k for k in MeetingKind.values if kinds_match(kind, k)}


def meeting_fingerprint(kind: str, date: Date | None, person_keys, region_codes) -> str:
    return fingerprint("meeting", kind, date, sorted(person_keys), sorted(region_codes))


class MeetingSource(Fact):
    """An article's report of a meeting: the fact an editor reviews.

    Correcting it moves the report to the meeting it really describes (found
    or created); the meeting it left keeps its other sources.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources")
    text_sketch = models.BinaryField(
        default=b"", blank=True, editable=False,
        help_text="The article's clean text in brief (belregions.near_copies): near copies of one story match",
    )

    MEETING_FIELDS = ("kind", "date", "date_precision", "participants", "regions")
    CONTENT_FIELDS = ("meeting",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "meeting"], name="meeting_source_once")]
        # "Reported": the meetings the API lists have a source not rejected; counting them reads only this.
        indexes = [models.Index(fields=["meeting", "article"], condition=~Q(review=Review.REJECTED),
                                name="meeting_source_active")]

    def __str__(self) -> str:
        return f"{self.meeting} in article {self.article_id}"

    def content_fingerprint(self) -> str:
        claim = getattr(self, "_claim_fingerprint", None)
        if claim:
            return claim
        m = self.meeting
        return meeting_fingerprint(m.kind, m.date, [p.key for p in m.participants.all()],
                                   [r.pk for r in m.regions.all()])

    def snapshot(self) -> dict[str, Any]:
        m = self.meeting
        return {"meeting": m.pk, "kind": m.kind, "date": _jsonable(m.date), "date_precision": m.date_precision,
                "participants": sorted(p.name for p in m.participants.all()),
                "regions": sorted(r.pk for r in m.regions.all()), "evidence": self.evidence}

    def attach(self, *, kind: str, date: Date | None, participants, regions, date_precision: str = "") -> None:
        """Point this report at the meeting it describes, recording the meeting if it is new."""
        people, codes = list(participants), [getattr(r, "pk", r) for r in regions]
        precision = date_precision or (DatePrecision.DAY if date else DatePrecision.UNKNOWN)
        self._claim_fingerprint = meeting_fingerprint(kind, date, [p.key for p in people], codes)
        if not self.text_sketch and self.article_id:
            self.text_sketch = near_copies.sketch(self.article.text)
        left = self.meeting if self.pk else None
        if left is not None and not left.sources.exclude(pk=self.pk).exists():
            self.meeting = left.restate(kind, date, precision, people, codes)
        else:
            self.meeting = Meeting.objects.record(kind, date, precision, people, codes)

    def correct(self, user, **fields) -> None:
        meeting_fields = {k: fields.pop(k) for k in self.MEETING_FIELDS if k in fields}
        with transaction.atomic():
            before, left = self._saved_snapshot(), Meeting.objects.get(pk=self.meeting_id)
            if meeting_fields:
                self.attach(**{**self._meeting_claim(left), **meeting_fields})
                self._refuse_second_report()
            self._set_content(fields)
            self._record(user, FactChange.Action.CORRECT, Review.CORRECTED, before)
            if not left.sources.exists():
                left.delete()

    @classmethod
    def add(cls, user, article, *, evidence: str = "", **meeting_fields) -> MeetingSource:
        with transaction.atomic():
            source = cls(article=article, evidence=evidence)
            source.attach(**meeting_fields)
            source._refuse_second_report()
            source.save_added(user)
        return source

    @staticmethod
    def _meeting_claim(m: Meeting) -> dict[str, Any]:
        return {"kind": m.kind, "date": m.date, "date_precision": m.date_precision,
                "participants": list(m.participants.all()), "regions": [r.pk for r in m.regions.all()]}

    def _refuse_second_report(self) -> None:
        """One report per article and meeting: an unreviewed parser row gives way, an editor's does not."""
        others = MeetingSource.objects.filter(article_id=self.article_id, meeting=self.meeting).exclude(pk=self.pk)
        others.filter(origin=Origin.MACHINE, review=Review.UNREVIEWED).delete()
        if others.exists():
            raise ValidationError("This article already has a reviewed report of that meeting.")


class Flow(models.TextChoices):
    TURNOVER = "turnover", "Turnover"
    EXPORT = "export", "Belarus' exports"
    IMPORT = "import", "Belarus' imports"


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exact"
    ABOUT = "about", "About"
    OVER = "over", "Over"
    UNDER = "under", "Under"


class TradeFigure(Fact):
    """Trade between Belarus (or one oblast) and a Russian region over a period.

    `region` is the Russian side; NULL means Russia as a whole ("RU").
    """

    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="trade_figures"
    )
    by_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="oblast_trade_figures",
        limit_choices_to={"country": "BY"},
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=20, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    flow = models.CharField(max_length=10, choices=Flow.choices, default=Flow.TURNOVER)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    change_factor = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    change_versus = models.CharField(max_length=50, blank=True)

    CONTENT_FIELDS = ("region", "by_region", "period_start", "period_end", "amount", "currency", "flow",
                      "qualifier", "change_factor", "change_versus")

    class Meta:
        ordering = ["-period_start", "region_id"]
        indexes = [
            models.Index(fields=["region", "period_start"]),
            models.Index(fields=["flow", "period_start"]),
            models.Index(fields=["amount", "id"], name="trade_amount"),  # the API's ?ordering=amount / -amount
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="trade_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="trade_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.period_start} {self.amount} {self.currency}"

    def content_fingerprint(self) -> str:
        amount = Decimal(self.amount).quantize(Decimal("0.01"))
        return fingerprint("trade", self.region_code, self.by_region_id, self.period_start, self.period_end,
                           amount, self.currency, self.flow)

    @property
    def region_code(self) -> str:
        return self.region_id or RUSSIA

    @property
    def year(self) -> int | None:
        return self.period_start.year if self.period_start else None


class TradeKey(models.Model):
    """One row per region, partner, year and flow that has a trade figure not rejected.

    The consolidated trade has one point per such key (`belregions.selectors`).
    A paged reader (the API's stats/trade) counts and pages these rows and
    consolidates only the figures of its page, instead of every figure there
    is. Kept in step with the figures by `belregions.trade_keys`, in the
    transaction that writes them; `manage.py rebuild_trade_keys` rebuilds it.
    """

    region_code = models.CharField(max_length=12, help_text='The Russian side; "RU" for Russia as a whole')
    partner_code = models.CharField(max_length=12, help_text='The Belarusian side; "BY" for Belarus as a whole')
    district_code = models.CharField(max_length=12, blank=True, help_text="The Russian side's federal district")
    year = models.PositiveSmallIntegerField()
    flow = models.CharField(max_length=10, choices=Flow.choices)

    class Meta:
        ordering = ["region_code", "partner_code", "year", "flow"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "partner_code", "year", "flow"], name="trade_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code}–{self.partner_code} {self.year} {self.flow}"

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.region_code, self.partner_code, self.year, self.flow)
