"""Reads for the editors' pages: status counts (polled), the batch page."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import IN_PROGRESS, Article, Status, UploadBatch
from belregions.models import FactChange

# Article rows one status poll returns at most (the page asks for the rows it shows).
POLL_ROWS_LIMIT = 500
LIST_FIELDS = ("id", "title", "original_filename", "status", "error_code", "error_message", "created_at",
               "status_changed_at", "duplicate_of__id", "duplicate_of__title", "duplicate_of__original_filename")


def status_payload(*, batch: UploadBatch | None = None, ids: list[int] | None = None) -> dict:
    """What the status poll returns: counts by status (one query) and, if asked, some articles' statuses."""
    scope = Article.objects.filter(batch=batch) if batch is not None else Article.objects.all()
    counts = scope.status_counts()
    payload = {
        "counts": counts,
        "labels": dict(Status.choices),
        "total": sum(counts.values()),
        "in_progress": sum(counts[s] for s in IN_PROGRESS),
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    if ids:
        payload["articles"] = article_statuses(ids)
    return payload


def status_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the order of `Status`: what the counts panel shows."""
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def article_statuses(ids: list[int]) -> list[dict]:
    rows = Article.objects.filter(pk__in=ids[:POLL_ROWS_LIMIT]).order_by("pk")
    return [
        {"id": a["id"], "status": a["status"], "label": Status(a["status"]).label, "error": a["error_message"],
         "duplicate_of": a["duplicate_of_id"]}
        for a in rows.values("id", "status", "error_message", "duplicate_of_id")
    ]


def batch_page(batch: UploadBatch) -> dict:
    """The batch page: its articles with their statuses, and the files that did not become new articles."""
    articles = list(batch.articles.select_related("duplicate_of").only(*LIST_FIELDS).order_by("pk"))
    others = [entry for entry in batch.report if entry["outcome"] != "new"]
    known = Article.objects.filter(pk__in=[e["article"] for e in others if e.get("article")]).only(
        "id", "title", "original_filename")
    by_id = {a.pk: a for a in known}
    for entry in others:
        entry["existing"] = by_id.get(entry.get("article"))
    counts = Article.objects.filter(batch=batch).status_counts()
    return {"batch": batch, "articles": articles, "others": others, "outcomes": batch.outcome_counts(),
            "status_rows": status_rows(counts),
            "status_url": reverse("admin:articles_article_status") + f"?batch={batch.pk}"}


def data_version() -> str:
    """What the facts served depend on, in one query: the dashboard's and the API's caches key on it.

    The number of articles and the newest one (uploads, deletions), the last time an article changed
    status (every parse and re-parse) and the newest editor action (`FactChange`). Anything that changes
    the facts through the app moves one of them.
    """
    articles, changes = Article._meta.db_table, FactChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {articles}), (SELECT MAX(id) FROM {articles}), "  # noqa: S608 - table names from the models
                       f"(SELECT MAX(status_changed_at) FROM {articles}), (SELECT MAX(id) FROM {changes})")
        return "|".join(str(value) for value in cursor.fetchone())
