"""Uploaded articles and the record of every attempt to parse them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    PARSING = "parsing", "Parsing"
    PARSED = "parsed", "Parsed"
    FAILED = "failed", "Failed"


class ArticleQuerySet(models.QuerySet):
    def stuck(self, older_than: timezone.timedelta):
        """Queued or parsing for longer than a worker could need."""
        cutoff = timezone.now() - older_than
        return self.filter(status__in=[Status.QUEUED, Status.PARSING], status_changed_at__lt=cutoff)


class Article(models.Model):
    """One uploaded article. Its original bytes are kept whatever happens."""

    title = models.CharField(max_length=500, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    # Bytes live in the database: one backup holds everything and workers need
    # no shared disk with the web server.
    raw = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField(blank=True, help_text="Clean text as parsed; evidence offsets index it")
    language = models.CharField(max_length=2, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    published_override = models.DateField(
        null=True, blank=True, help_text="Set to fix the date when the text gives none or a wrong one"
    )
    source_name = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    parser_version = models.CharField(max_length=20, blank=True)
    parsed_at = models.DateTimeField(null=True, blank=True)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "status_changed_at"])]

    def __str__(self) -> str:
        return self.title or self.original_filename or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_article_change", args=[self.pk])

    @staticmethod
    def checksum(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def set_status(self, status: str, *, error_code: str = "", error_message: str = "") -> None:
        self.status = status
        self.status_changed_at = timezone.now()
        self.error_code = error_code
        self.error_message = error_message
        self.save(update_fields=["status", "status_changed_at", "error_code", "error_message"])


class Outcome(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCESS = "success", "Parsed"
    FAILURE = "failure", "Failed"


class ParseRun(models.Model):
    """One attempt to parse an article, created before its task is queued."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="parse_runs")
    parser_version = models.CharField(max_length=20, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.QUEUED)
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-queued_at", "-id"]

    def __str__(self) -> str:
        return f"Parse of article {self.article_id}: {self.outcome}"
