"""The domain: regions, sectors, people, meetings, trade figures and what was agreed.

Every fact row points to the article and sentence it came from and says who
made it: the parser (`machine`) or an editor (`editor`). Re-parsing replaces
an article's machine facts and leaves editors' facts alone; a machine fact an
editor rejected stays as a `rejected` row so that the parser cannot bring it
back (its `fingerprint` is how a re-parse recognises it).

The models own single rows and the readers' words (`Fact.objects.active()`,
`Meeting.objects.reported()`). Editors' actions on facts are services in
`belregions.review`; which meeting a report describes is `belregions.meeting_matching`;
the kinds of fact in order are `belregions.fact_kinds`.

Every name a person reads (a model's, a field's, a choice's) is marked for translation: the admin shows it in
the page's language, the dashboard and the API name the same codes with the same catalogue entries
(`dashboard/labels.py`, `api/labels.py`).
"""

from __future__ import annotations

import hashlib
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Country(models.TextChoices):
    RUSSIA = "RU", _("Russia")
    BELARUS = "BY", _("Belarus")


# The codes of the two countries as a whole: a trade figure with no region is Russia's, with no oblast Belarus'.
RUSSIA, BELARUS = Country.RUSSIA, Country.BELARUS


def is_russian_region(code: str) -> bool:
    """A Russian subject's or district's code (RU-MOW, RU-FD-CEN); "RU" alone is Russia as a whole."""
    return code.startswith(f"{Country.RUSSIA}-")


def fingerprint(*parts) -> str:
    """What a fact says, hashed: the same claim from any parse gives the same value."""
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()  # noqa: S324 - not security


class RegionKind(models.TextChoices):
    OBLAST = "oblast", pgettext_lazy("region kind", "Oblast")
    KRAI = "krai", pgettext_lazy("region kind", "Krai")
    REPUBLIC = "republic", pgettext_lazy("region kind", "Republic")
    FEDERAL_CITY = "federal_city", pgettext_lazy("region kind", "Federal city")
    AUTONOMOUS_OKRUG = "autonomous_okrug", pgettext_lazy("region kind", "Autonomous okrug")
    AUTONOMOUS_OBLAST = "autonomous_oblast", pgettext_lazy("region kind", "Autonomous oblast")
    FEDERAL_DISTRICT = "federal_district", pgettext_lazy("region kind", "Federal district")
    BY_OBLAST = "by_oblast", pgettext_lazy("region kind", "Belarusian oblast")
    CITY = "city", pgettext_lazy("region kind", "City")


class Region(models.Model):
    """A Russian federal subject or district, or a Belarusian oblast or Minsk."""

    code = models.CharField(_("code"), primary_key=True, max_length=12,
                            help_text=_("ISO 3166-2, or RU-FD-* for districts"))
    name_en = models.CharField(_("name in English"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    district = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subjects",
        limit_choices_to={"kind": RegionKind.FEDERAL_DISTRICT}, verbose_name=_("federal district"),
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    variants_en = models.JSONField(_("spellings in English"), default=list, blank=True)
    variants_ru = models.JSONField(_("spellings in Russian"), default=list, blank=True)

    class Meta:
        ordering = ["name_en"]
        indexes = [models.Index(fields=["country", "kind"])]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name_en

    @property
    def is_district(self) -> bool:
        return self.kind == RegionKind.FEDERAL_DISTRICT


class Sector(models.Model):
    slug = models.SlugField(_("slug"), primary_key=True, max_length=30)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    signals = models.CharField(_("signals"), max_length=300, blank=True,
                               help_text=_("The kind of words that signal it"))

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name_en


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Lower-cased surname + canonical first name: one person under spelling
    # variants ("Aleksandr"/"Alexander" Lukashenko) gets one key.
    key = models.CharField(_("key"), max_length=200, unique=True)
    other_spellings = models.JSONField(_("other spellings"), default=list, blank=True)
    role = models.CharField(_("role"), max_length=300, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="people",
                               verbose_name=_("region"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    MACHINE = "machine", pgettext_lazy("made by", "Parser")
    EDITOR = "editor", pgettext_lazy("made by", "Editor")


class Review(models.TextChoices):
    UNREVIEWED = "unreviewed", pgettext_lazy("review", "Not reviewed")
    CONFIRMED = "confirmed", pgettext_lazy("review", "Confirmed")
    CORRECTED = "corrected", pgettext_lazy("review", "Corrected")
    ADDED = "added", pgettext_lazy("review", "Added by editor")
    REJECTED = "rejected", pgettext_lazy("review", "Rejected")


# What readers count: every review but a rejection (for a filter across a join, where `active()` cannot go).
COUNTED_REVIEWS = tuple(review for review in Review.values if review != Review.REJECTED)


class FactQuerySet(models.QuerySet):
    def active(self):
        """What readers count: not rejected, and of an article not deleted."""
        return self.not_rejected().shown()

    def not_rejected(self):
        return self.exclude(review=Review.REJECTED)

    def shown(self):
        """Facts of articles not deleted: a soft-deleted article's facts are kept but hidden from every reader.

        A NOT IN over the few deleted articles (a partial index), not a join: readers' queries keep their shape.
        """
        article = self.model._meta.get_field("article").related_model  # the domain imports nothing from articles
        return self.exclude(article_id__in=article.all_objects.deleted().values("pk"))

    def machine_made(self):
        return self.filter(origin=Origin.MACHINE)


class Fact(models.Model):
    """What every extracted fact has: its article, its evidence, its maker."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="%(class)s_facts",
                                verbose_name=_("article"))
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("The sentence the fact was read from"))
    evidence_start = models.PositiveIntegerField(_("evidence start"), null=True, blank=True)
    evidence_end = models.PositiveIntegerField(_("evidence end"), null=True, blank=True)
    rule = models.CharField(_("rule"), max_length=100, blank=True, help_text=_("The parser rule that found it"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.MACHINE)
    review = models.CharField(_("review"), max_length=12, choices=Review.choices, default=Review.UNREVIEWED)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reviewed by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
        return {name: self._content_value(name) for name in (*self.CONTENT_FIELDS, "evidence")}

    def _content_value(self, name: str) -> Any:
        if self._meta.get_field(name).many_to_many:
            return self.linked(name)
        return _jsonable(getattr(self, _attname(self, name)))

    def set_links(self, **links) -> None:
        """Many-to-many values (rows or keys) the fact says before it is saved: its fingerprint and snapshot read
        them, `save_links` stores them once the row has its id (an unsaved row cannot hold links)."""
        pending = self.__dict__.setdefault("_pending_links", {})
        for name, values in links.items():
            pending[name] = sorted(getattr(value, "pk", value) for value in values)

    def linked(self, name: str) -> list:
        """The keys of a many-to-many field, sorted: the ones set and not saved yet, else the stored ones."""
        pending = self.__dict__.get("_pending_links", {})
        if name in pending:
            return pending[name]
        return sorted(row.pk for row in getattr(self, name).all()) if self.pk else []

    def save_links(self) -> None:
        for name, keys in self.__dict__.pop("_pending_links", {}).items():
            getattr(self, name).set(keys)

    @property
    def is_editors(self) -> bool:
        """Confirmed, corrected or added by an editor: a re-parse leaves it alone."""
        return self.review in (Review.CONFIRMED, Review.CORRECTED, Review.ADDED)

    @property
    def is_rejected(self) -> bool:
        return self.review == Review.REJECTED


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
        CONFIRM = "confirm", pgettext_lazy("fact change", "Confirmed")
        REJECT = "reject", pgettext_lazy("fact change", "Rejected")
        CORRECT = "correct", pgettext_lazy("fact change", "Corrected")
        ADD = "add", pgettext_lazy("fact change", "Added")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="fact_changes",
                                verbose_name=_("article"))
    fact_type = models.CharField(_("fact type"), max_length=40, help_text=_("The fact's model, e.g. tradefigure"))
    fact_id = models.PositiveBigIntegerField(_("fact id"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="fact_changes",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["fact_type", "fact_id"])]
        verbose_name = _("fact change")
        verbose_name_plural = _("fact changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.fact_type} {self.fact_id}"


class RegionVersion(models.Model):
    """A region's (or district's) part of the data version: moved by every parse that touches it.

    A region's page and its API answers are kept under it (`belregions.read_cache.region_data_version`), so
    that a parse of another region's article leaves them cached. The code is no foreign key: the bump writes
    the codes it is given in one statement, whatever they are.
    """

    code = models.CharField(max_length=12, primary_key=True)
    version = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.code}: {self.version}"


class ArticleRegion(Fact):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="article_links",
                               verbose_name=_("region"))
    mentions = models.PositiveIntegerField(_("mentions"), default=1)

    CONTENT_FIELDS = ("region",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "region"], name="article_region_once")]
        verbose_name = _("article region")
        verbose_name_plural = _("article regions")

    def __str__(self) -> str:
        return f"{self.region_id} ×{self.mentions}"

    def content_fingerprint(self) -> str:
        return fingerprint("region", self.region_id)


class ArticleSector(Fact):
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="article_links",
                               verbose_name=_("sector"))
    mentions = models.PositiveIntegerField(_("mentions"), default=1)

    CONTENT_FIELDS = ("sector",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "sector"], name="article_sector_once")]
        verbose_name = _("article sector")
        verbose_name_plural = _("article sectors")

    def __str__(self) -> str:
        return f"{self.sector_id} ×{self.mentions}"

    def content_fingerprint(self) -> str:
        return fingerprint("sector", self.sector_id)


class ArticlePerson(Fact):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="article_links",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=300, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))

    CONTENT_FIELDS = ("person", "role", "region")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="article_person_once")]
        verbose_name = _("article person")
        verbose_name_plural = _("article people")

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)

    def content_fingerprint(self) -> str:
        return fingerprint("person", self.person.key)


class MeetingKind(models.TextChoices):
    MEETING = "meeting", pgettext_lazy("meeting kind", "Meeting")
    VISIT = "visit", pgettext_lazy("meeting kind", "Visit")
    FORUM = "forum", pgettext_lazy("meeting kind", "Forum")
    EXHIBITION = "exhibition", pgettext_lazy("meeting kind", "Exhibition")
    AGREEMENT = "agreement", pgettext_lazy("meeting kind", "Agreement")
    OTHER = "other", pgettext_lazy("meeting kind", "Other")


class DatePrecision(models.TextChoices):
    DAY = "day", pgettext_lazy("date precision", "Day")
    MONTH = "month", pgettext_lazy("date precision", "Month")
    YEAR = "year", pgettext_lazy("date precision", "Year")
    UNKNOWN = "unknown", pgettext_lazy("date precision", "Unknown")


class MeetingQuerySet(models.QuerySet):
    def reported(self):
        """Meetings at least one article reports: a report not rejected, of an article not deleted."""
        return self.filter(Exists(MeetingSource.objects.active().filter(meeting=OuterRef("pk"))))


class Meeting(models.Model):
    """One event, however many articles report it (see MeetingSource)."""

    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    date_precision = models.CharField(_("date precision"), max_length=10, choices=DatePrecision.choices,
                                      default=DatePrecision.DAY)
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    regions = models.ManyToManyField(Region, blank=True, related_name="meetings", verbose_name=_("regions"))
    participants = models.ManyToManyField(Person, blank=True, related_name="meetings",
                                          verbose_name=_("participants"))

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["kind", "date"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date or 'unknown date'}"


def meeting_fingerprint(kind: str, date: Date | None, person_keys, region_codes) -> str:
    return fingerprint("meeting", kind, date, sorted(person_keys), sorted(region_codes))


class MeetingSource(Fact):
    """An article's report of a meeting: the fact an editor reviews.

    Correcting it moves the report to the meeting it really describes (found
    or created); the meeting it left keeps its other sources.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources",
                                verbose_name=_("meeting"))
    text_sketch = models.BinaryField(
        _("text sketch"), default=b"", blank=True, editable=False,
        help_text=_("The article's clean text in brief (belregions.near_copies): near copies of one story match"),
    )

    MEETING_FIELDS = ("kind", "date", "date_precision", "participants", "regions")
    CONTENT_FIELDS = ("meeting",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "meeting"], name="meeting_source_once")]
        # "Reported": the meetings the API lists have a source not rejected; counting them reads only this.
        indexes = [models.Index(fields=["meeting", "article"], condition=~Q(review=Review.REJECTED),
                                name="meeting_source_active")]
        verbose_name = _("meeting source")
        verbose_name_plural = _("meeting sources")

    def __str__(self) -> str:
        return f"{self.meeting} in article {self.article_id}"

    def content_fingerprint(self) -> str:
        claim = getattr(self, "claim_fingerprint", None)  # set by meeting_matching.attach
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


class AgreementKind(models.TextChoices):
    """What was agreed (docs/agreements.md): a document signed, or an agreement, decision or instruction in words."""

    AGREEMENT = "agreement", pgettext_lazy("agreement kind", "Agreement")
    MEMORANDUM = "memorandum", pgettext_lazy("agreement kind", "Memorandum")
    ROADMAP = "roadmap", pgettext_lazy("agreement kind", "Roadmap")
    CONTRACT = "contract", pgettext_lazy("agreement kind", "Contract")
    DECISION = "decision", pgettext_lazy("agreement kind", "Decision")


class Agreement(Fact):
    """An outcome an article reports as reached: signed, agreed, decided or instructed.

    `meeting` is the meeting the article reports it at (the parse sets it: the reported meeting of the same
    date, else the article's only one); `regions` are the parties' regions (none: the two countries as a whole).
    """

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements",
                                verbose_name=_("meeting"))
    kind = models.CharField(_("kind"), max_length=12, choices=AgreementKind.choices)
    regions = models.ManyToManyField(Region, blank=True, related_name="agreements", verbose_name=_("regions"),
                                     help_text=_("The parties' regions; none for Russia and Belarus as a whole"))
    parties = models.JSONField(_("parties"), default=list, blank=True,
                               help_text=_("The signatories as the article names them"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="agreements", verbose_name=_("sectors"))
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, null=True, blank=True)  # noqa: DJ001 - null as amount is
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The day it was reached, if the article "
                                                                          "gives it"))

    CONTENT_FIELDS = ("kind", "regions", "parties", "sectors", "amount", "currency", "date", "meeting")

    class Meta:
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["kind", "date"])]
        constraints = [models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                              name="agreement_amount_not_negative")]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date or ''}".strip()

    def content_fingerprint(self) -> str:
        amount = None if self.amount is None else Decimal(self.amount).quantize(Decimal("0.01"))
        return fingerprint("agreement", self.kind, self.linked("regions"), self.linked("sectors"),
                           sorted(self.parties or []), amount, self.currency, self.date)


class Flow(models.TextChoices):
    TURNOVER = "turnover", pgettext_lazy("trade flow", "Turnover")
    EXPORT = "export", _("Belarus' exports")
    IMPORT = "import", _("Belarus' imports")


class Qualifier(models.TextChoices):
    EXACT = "exact", pgettext_lazy("qualifier", "Exact")
    ABOUT = "about", pgettext_lazy("qualifier", "About")
    OVER = "over", pgettext_lazy("qualifier", "Over")
    UNDER = "under", pgettext_lazy("qualifier", "Under")


class TradeFigure(Fact):
    """Trade between Belarus (or one oblast) and a Russian region over a period.

    `region` is the Russian side; NULL means Russia as a whole ("RU").
    """

    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="trade_figures",
        verbose_name=_("region"),
    )
    by_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="oblast_trade_figures",
        limit_choices_to={"country": Country.BELARUS}, verbose_name=_("by region"),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    flow = models.CharField(_("flow"), max_length=10, choices=Flow.choices, default=Flow.TURNOVER)
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    change_factor = models.DecimalField(_("change factor"), max_digits=8, decimal_places=3, null=True, blank=True)
    change_versus = models.CharField(_("change versus"), max_length=50, blank=True)

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
        verbose_name = _("trade figure")
        verbose_name_plural = _("trade figures")

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

    region_code = models.CharField(_("region code"), max_length=12,
                                   help_text=_('The Russian side; "RU" for Russia as a whole'))
    partner_code = models.CharField(_("partner code"), max_length=12,
                                    help_text=_('The Belarusian side; "BY" for Belarus as a whole'))
    district_code = models.CharField(_("district code"), max_length=12, blank=True,
                                     help_text=_("The Russian side's federal district"))
    year = models.PositiveSmallIntegerField(_("year"))
    flow = models.CharField(_("flow"), max_length=10, choices=Flow.choices)
    # The point's chosen figure (the rule in `belregions.selectors`), so that a chart of every point reads these
    # rows, not every figure: its id, amount, currency, the date its currency is read at (its article's, else
    # its period's end), and its rank as one string that sorts as the rule does (`trade_keys.rank`).
    chosen_id = models.BigIntegerField(_("chosen figure"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="")
    stated_on = models.DateField(_("stated on"), null=True, blank=True)
    rank = models.CharField(_("rank"), max_length=40, blank=True, default="")

    class Meta:
        ordering = ["region_code", "partner_code", "year", "flow"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "partner_code", "year", "flow"], name="trade_key_once"),
        ]
        verbose_name = _("trade key")
        verbose_name_plural = _("trade keys")

    def __str__(self) -> str:
        return f"{self.region_code}–{self.partner_code} {self.year} {self.flow}"

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.region_code, self.partner_code, self.year, self.flow)


class SectorRegionCount(models.Model):
    """A read model: how many articles name both the sector and the region, as readers count them.

    A federal district's row counts the articles that name the sector and the
    district or any of its regions (an article once, however many of them it
    names). The overview's heat map reads the districts' rows, a region's or a
    district's page its own row per sector. Kept by `belregions.read_models` in
    the transactions that change the links; a count that falls to 0 keeps its row.
    """

    # At most 24 sectors × 98 regions: readers scan it whole, no index but the key's.
    pk = models.CompositePrimaryKey("sector", "region")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", db_index=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)
    articles = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.sector_id} × {self.region_id}: {self.articles}"


class SectorRegionArticle(models.Model):
    """The ledger behind `SectorRegionCount`: one row per article, sector and region (or district) it counts for.

    What an article contributed, so that a re-parse, a review or a delete takes
    back exactly that (`belregions.read_models.refresh`).
    """

    # The key leads with the article: a refresh reads and writes one article's rows.
    pk = models.CompositePrimaryKey("article", "sector", "region")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+", db_index=False)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", db_index=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)

    def __str__(self) -> str:
        return f"article {self.article_id}: {self.sector_id} × {self.region_id}"



class MeetingYearCount(models.Model):
    """A read model: how many meetings of each kind readers count in each year (reported, and dated then).

    The overview's meetings per year. Kept by `belregions.read_models` in the
    transactions that change the meetings or their reports.
    """

    pk = models.CompositePrimaryKey("year", "kind")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    meetings = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year} {self.kind}: {self.meetings}"


class CountedMeeting(models.Model):
    """The ledger behind `MeetingYearCount`: one row per meeting it counts, with the year and kind it counts under.

    The meeting's id is a plain column, not a foreign key: when a meeting goes,
    its row stays for the refresh to take back what it counted.
    """

    pk = models.CompositePrimaryKey("meeting_id", "year", "kind")  # one per meeting; a move is a row out, one in
    meeting_id = models.BigIntegerField()
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)

    def __str__(self) -> str:
        return f"meeting {self.meeting_id}: {self.year} {self.kind}"


UNDATED = 0  # the year (and month) the read models below count an undated meeting or article under


class MeetingMonthCount(models.Model):
    """A read model: how many meetings of each kind readers count in each region and month.

    A federal district's row counts the meetings held in the district or any of
    its regions, once each (as `SectorRegionCount` does). An undated meeting
    counts under year and month `UNDATED`. A region's or a district's page
    charts these rows and sums them for its count of meetings.
    """

    pk = models.CompositePrimaryKey("region", "year", "month", "kind")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    meetings = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}-{self.month} {self.kind}: {self.meetings}"


class CountedMeetingRegion(models.Model):
    """The ledger behind `MeetingMonthCount`: one row per meeting and region (or district) it counts for.

    The meeting's id is a plain column, as in `CountedMeeting`.
    """

    pk = models.CompositePrimaryKey("meeting_id", "region", "year", "month", "kind")
    meeting_id = models.BigIntegerField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)

    def __str__(self) -> str:
        return f"meeting {self.meeting_id}: {self.region_id} {self.year}-{self.month} {self.kind}"


class SectorYearCount(models.Model):
    """A read model: how many articles name the sector, by year of publication (`UNDATED`: no date).

    `region_code` narrows it as `SectorRegionCount` does: "" counts every
    article naming the sector, a region's code those naming the region too, a
    district's those naming it or any of its regions (once each). A sector
    page's trend reads these rows.
    """

    pk = models.CompositePrimaryKey("sector", "region_code", "year")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", db_index=False)
    region_code = models.CharField(max_length=12, blank=True)
    year = models.PositiveSmallIntegerField()
    articles = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.sector_id} {self.region_code or '*'} {self.year}: {self.articles}"


class SectorYearArticle(models.Model):
    """The ledger behind `SectorYearCount`: one row per article, sector, region ("" too) and year it counts for."""

    pk = models.CompositePrimaryKey("article", "sector", "region_code", "year")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+", db_index=False)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="+", db_index=False)
    region_code = models.CharField(max_length=12, blank=True)
    year = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"article {self.article_id}: {self.sector_id} {self.region_code or '*'} {self.year}"


# The listeners that keep the read models above (belregions.read_models), connected wherever the models load.
from belregions import read_models  # noqa: E402, F401
