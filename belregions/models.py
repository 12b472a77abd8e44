"""The domain: regions, sectors, people, meetings and trade figures.

Every fact row points to the article and sentence it came from and says who
made it: the parser (`machine`) or an editor (`editor`). Re-parsing replaces
an article's machine facts and leaves editors' facts alone; a machine fact an
editor rejected stays as a `rejected` row so that the parser cannot bring it
back (its `fingerprint` is how a re-parse recognises it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


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
        return self.exclude(review=Review.REJECTED)

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

    class Meta:
        abstract = True


class ArticleRegion(Fact):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="article_links")
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "region"], name="article_region_once")]

    def __str__(self) -> str:
        return f"{self.region_id} ×{self.mentions}"


class ArticleSector(Fact):
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="article_links")
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "sector"], name="article_sector_once")]

    def __str__(self) -> str:
        return f"{self.sector_id} ×{self.mentions}"


class ArticlePerson(Fact):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="article_links")
    role = models.CharField(max_length=300, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="article_person_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})" if self.role else str(self.person)


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


class Meeting(models.Model):
    """One event, however many articles report it (see MeetingSource)."""

    date = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY)
    kind = models.CharField(max_length=12, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    regions = models.ManyToManyField(Region, blank=True, related_name="meetings")
    participants = models.ManyToManyField(Person, blank=True, related_name="meetings")

    class Meta:
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date or 'unknown date'}"


class MeetingSource(Fact):
    """An article's report of a meeting: the fact an editor reviews."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "meeting"], name="meeting_source_once")]

    def __str__(self) -> str:
        return f"{self.meeting} in article {self.article_id}"


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

    class Meta:
        ordering = ["-period_start", "region_id"]
        indexes = [
            models.Index(fields=["region", "period_start"]),
            models.Index(fields=["flow", "period_start"]),
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

    @property
    def region_code(self) -> str:
        return self.region_id or "RU"

    @property
    def year(self) -> int | None:
        return self.period_start.year if self.period_start else None
