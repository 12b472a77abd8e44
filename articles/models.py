"""Uploaded articles, the batches they came in, and the record of every attempt to parse them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models.expressions import Col, Expression
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from belregions import read_cache


class Status(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("article status", "Queued")
    PARSING = "parsing", pgettext_lazy("article status", "Parsing")
    PARSED = "parsed", pgettext_lazy("article status", "Parsed")
    FAILED = "failed", pgettext_lazy("article status", "Failed")
    # Same clean text as an earlier article: kept, shown, its facts not written.
    DUPLICATE = "duplicate", pgettext_lazy("article status", "Duplicate")


# Statuses a worker still has to move on.
IN_PROGRESS = (Status.QUEUED, Status.PARSING)


class ArticleQuerySet(models.QuerySet):
    def shown(self):
        """Not deleted: what the dashboard, the API and the editors' lists show."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        """Deleted by an editor (kept, restorable), merged duplicates included."""
        return self.filter(deleted_at__isnull=False)

    def stuck(self, older_than: timezone.timedelta):
        """Queued or parsing for longer than a worker could need."""
        cutoff = timezone.now() - older_than
        return self.filter(status__in=IN_PROGRESS, status_changed_at__lte=cutoff)

    def status_counts(self) -> dict[str, int]:
        """Articles by status, every status present (zeros included): one query."""
        counts = dict.fromkeys(Status.values, 0)
        rows = self.order_by().values_list("status").annotate(n=models.Count("id"))
        counts.update({status: n for status, n in rows})
        return counts


class ShownArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """`Article.objects`: the readers' articles, soft-deleted ones left out.

    Every reader (the dashboard, the API, the editors' counts) goes through it,
    so a deleted article is hidden wherever a reader looks without each one
    having to remember. Work on the article itself (a parse, a restore, the
    admin) uses `Article.all_objects`, the model's default manager.
    """

    # Migrations' historical models keep an `objects` (older migrations read Article.objects).
    use_in_migrations = True

    def get_queryset(self):
        return super().get_queryset().shown()


class UploadBatch(models.Model):
    """Files an editor sent at once, and what became of each (`report`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload_batches",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    via = models.CharField(_("via"), max_length=20, default="admin", help_text=_("admin or import_articles"))
    # One entry per file: {"name", "outcome": new|duplicate|refused, "article", "reason"}.
    report = models.JSONField(_("report"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("upload batch")
        verbose_name_plural = _("upload batches")

    def __str__(self) -> str:
        return f"Upload {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_uploadbatch_change", args=[self.pk])

    def outcome_counts(self) -> dict[str, int]:
        counts = {"new": 0, "duplicate": 0, "refused": 0}
        for entry in self.report:
            counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
        return counts


class Article(models.Model):
    """One uploaded article. Its original bytes are kept whatever happens."""

    title = models.CharField(_("title"), max_length=500, blank=True)
    # Set when an editor fixes the title (HTML pages sometimes yield "Print version"): re-parses keep it.
    title_edited = models.BooleanField(_("title edited"), default=False,
                                       help_text=_("An editor's title: re-parses keep it"))
    original_filename = models.CharField(_("original filename"), max_length=255, blank=True)
    # Bytes live in the database: one backup holds everything and workers need
    # no shared disk with the web server.
    raw = models.BinaryField(_("original bytes"))
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    text = models.TextField(_("text"), blank=True, help_text=_("Clean text as parsed; evidence offsets index it"))
    # Set when an editor rewrites the clean text: re-parses read it instead of the file (emptied: the file again).
    text_edited = models.BooleanField(_("text edited"), default=False,
                                      help_text=_("An editor's text: re-parses read it, not the file"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    published = models.DateField(_("published"), null=True, blank=True, db_index=True)
    published_override = models.DateField(
        _("published override"), null=True, blank=True,
        help_text=_("Set to fix the date when the text gives none or a wrong one"),
    )
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    batch = models.ForeignKey(UploadBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
                              verbose_name=_("batch"))
    # SHA-256 of the clean text with whitespace collapsed, set by a parse:
    # the same article from another source (other bytes) is found by it.
    text_sha256 = models.CharField(_("text SHA-256"), max_length=64, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("duplicate of"), help_text=_("The earlier article with the same clean text"),
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    parser_version = models.CharField(_("parser version"), max_length=20, blank=True)
    parsed_at = models.DateTimeField(_("parsed at"), null=True, blank=True)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # An editor's delete is soft: the article and its facts are kept, hidden from every reader, restorable.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        verbose_name=_("deleted by"),
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", editable=False,
        verbose_name=_("merged into"),
        help_text=_("The article this duplicate was merged into (it is deleted, its editors' facts moved there)"),
    )

    objects = ShownArticleManager()
    all_objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        # The admin, dumpdata and related lookups see every article; readers use `objects`.
        default_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            # Readers exclude the (few) deleted articles' facts by this.
            models.Index(fields=["deleted_at"], condition=models.Q(deleted_at__isnull=False), name="article_deleted"),
            # Makes the readers' data version (belregions/read_cache.py) an index look-up.
            models.Index(fields=["status_changed_at"], name="article_status_changed"),
        ]
        permissions = [
            ("soft_delete_article", "Can delete articles restorably and restore them"),
            ("merge_article", "Can merge a duplicate article into another"),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title or self.original_filename or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_article_change", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @staticmethod
    def checksum(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    @staticmethod
    def text_checksum(text: str) -> str:
        return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()

    def set_status(self, status: str, *, error_code: str = "", error_message: str = "") -> None:
        if self.status == Status.PARSED and status != Status.PARSED:
            # Readers list parsed articles only: the pages of the regions it is about change (a parse moves them
            # when it is parsed again).
            read_cache.bump_regions(articles=[self.pk])
        self.status = status
        self.status_changed_at = timezone.now()
        self.error_code = error_code
        self.error_message = error_message
        self.save(update_fields=["status", "status_changed_at", "error_code", "error_message"])


# The article table's full-text column (PostgreSQL only, made by migration 0007): a generated, stored
# `to_tsvector('russian', title || ' ' || text)`, GIN-indexed as `article_search_gin`. It is not a model
# field on purpose: a field would be read with every article (the admin, a parse, a review load whole rows,
# and the vector is about as large as the text), returned after every save, and SQLite has no tsvector.
SEARCH_VECTOR_COLUMN = SearchVectorField()
SEARCH_VECTOR_COLUMN.set_attributes_from_name("search_vector")
SEARCH_VECTOR_COLUMN.model = Article  # a column's identity names its model; not added to Article._meta


class StoredSearchVector(Expression):
    """The article's stored `search_vector`, to filter on with a SearchQuery (`@@`); PostgreSQL only.

    Resolves to a plain column of the query's article table, so the planner sees the indexed column and no
    `to_tsvector(...)` to compute per row, and a subquery's relabelled alias follows it.
    """

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        if not issubclass(query.model, Article):
            raise TypeError("search_vector is a column of the article table")
        return Col(query.get_initial_alias(), SEARCH_VECTOR_COLUMN)


class ArticleDeletions(models.Model):
    """How many articles were ever deleted for good (the admin's delete; an editor's delete is soft).

    One row, bumped by every hard deletion through the app (`count_hard_deletion`). The readers' data
    version (belregions/read_cache.py) reads it by primary key, instead of counting the articles to
    notice that one went.
    """

    total = models.BigIntegerField(_("total"), default=0)

    class Meta:
        verbose_name = _("article deletions")
        verbose_name_plural = _("article deletions")

    def __str__(self) -> str:
        return f"{self.total} articles deleted"


@receiver(post_delete, sender=Article, dispatch_uid="articles.count_hard_deletion")
def count_hard_deletion(sender, instance, using, **kwargs) -> None:
    """One more deletion, in the deleting transaction: a rolled-back delete counts nothing.

    An upsert (PostgreSQL and SQLite alike) rather than get-then-save: the row may not exist yet (a test
    database flushed between tests), and the row lock serialises concurrent deletions, each moving the count.
    """
    table = connections[using].ops.quote_name(ArticleDeletions._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (id, total) VALUES (1, 1) "  # noqa: S608 - the model's table name
                       f"ON CONFLICT (id) DO UPDATE SET total = {table}.total + 1")


class Outcome(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("parse outcome", "Queued")
    RUNNING = "running", pgettext_lazy("parse outcome", "Running")
    SUCCESS = "success", pgettext_lazy("parse outcome", "Parsed")
    FAILURE = "failure", pgettext_lazy("parse outcome", "Failed")
    DUPLICATE = "duplicate", pgettext_lazy("parse outcome", "Duplicate")
    # Replaced by a newer run (a re-parse, or the sweep after a lost worker):
    # a late message for it is skipped.
    ABANDONED = "abandoned", pgettext_lazy("parse outcome", "Abandoned")


# A run a worker may still pick up.
OPEN_OUTCOMES = (Outcome.QUEUED, Outcome.RUNNING)


class ParseRun(models.Model):
    """One attempt to parse an article, created before its task is queued."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="parse_runs",
                                verbose_name=_("article"))
    parser_version = models.CharField(_("parser version"), max_length=20, blank=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.QUEUED)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    traceback = models.TextField(_("traceback"), blank=True)
    retries = models.PositiveSmallIntegerField(_("retries"), default=0,
                                               help_text=_("Retries after database or broker hiccups"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )
    # The id of the Celery message that carries the run, when it is one of a batch's (several runs in one
    # message, `services.parse_batches`); blank: its own message, `parse-<article>-<run>`. Recovery asks the
    # workers by it which runs they hold (`message_id`).
    task_id = models.CharField(_("task id"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("parse run")
        verbose_name_plural = _("parse runs")

    def __str__(self) -> str:
        return f"Parse of article {self.article_id}: {self.outcome}"

    @staticmethod
    def message_id_of(article_id: int, run_id: int, task_id: str = "") -> str:
        """The Celery task id of the message carrying the run: its batch's, or its own."""
        return task_id or f"parse-{article_id}-{run_id}"

    @property
    def message_id(self) -> str:
        return self.message_id_of(self.article_id, self.pk, self.task_id)
