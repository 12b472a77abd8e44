"""Reads for the editors' pages: status counts (polled), the batch page."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from articles.models import IN_PROGRESS, OPEN_OUTCOMES, Article, ParseRun, Status, UploadBatch
from articles.services import REQUEUED, UNSENT

# Article rows one status poll returns at most (the page asks for the rows it shows).
POLL_ROWS_LIMIT = 500
LIST_FIELDS = ("id", "title", "original_filename", "status", "error_code", "error_message", "created_at",
               "status_changed_at", "deleted_at", "duplicate_of__id", "duplicate_of__title",
               "duplicate_of__original_filename")


def status_payload(*, batch: UploadBatch | None = None, ids: list[int] | None = None) -> dict:
    """What the status poll returns: counts by status (one query) and, if asked, some articles' statuses."""
    # A batch's page lists every file it stored (a deleted article marked so); the article list hides deleted ones.
    scope = Article.all_objects.filter(batch=batch) if batch is not None else Article.objects.all()
    counts = scope.status_counts()
    payload = {
        "counts": counts,
        "labels": dict(Status.choices),
        "total": sum(counts.values()),
        "in_progress": sum(counts[s] for s in IN_PROGRESS),
        "waiting": waiting_notes(batch) if any(counts[s] for s in IN_PROGRESS) else [],
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    if ids:
        payload["articles"] = article_statuses(ids)
    return payload


def status_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the order of `Status`: what the counts panel shows."""
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


def waiting_notes(batch: UploadBatch | None = None) -> list[dict]:
    """Why articles still wait, with counts: the broker refused their message, or their worker was lost.

    Read from the notes on their open runs (services.UNSENT, services.REQUEUED); one query, through the
    in-progress articles (few, indexed), never the whole run history.
    """
    runs = ParseRun.objects.filter(article__status__in=IN_PROGRESS, outcome__in=OPEN_OUTCOMES,
                                   error_code__in=(UNSENT, REQUEUED))
    if batch is not None:
        runs = runs.filter(article__batch=batch)
    rows = {code: (n, since) for code, n, since in runs.order_by().values_list("error_code").annotate(
        n=Count("article", distinct=True), since=Min("queued_at")).values_list("error_code", "n", "since")}
    notes = []
    if UNSENT in rows:
        n, since = rows[UNSENT]
        notes.append({"kind": "broker", "count": n, "since": since.isoformat(timespec="seconds"),
                      "text": f"{n} waiting for the broker since {clock(since)} (will retry)"})
    if REQUEUED in rows:
        notes.append({"kind": "worker_lost", "count": rows[REQUEUED][0],
                      "text": f"{rows[REQUEUED][0]} worker lost, re-queued"})
    return notes


def article_notes(ids: list[int]) -> dict[int, str]:
    """The same notes, per article: what its row says while it waits."""
    runs = ParseRun.objects.filter(article_id__in=ids, outcome__in=OPEN_OUTCOMES, error_code__in=(UNSENT, REQUEUED))
    return {article_id: (f"Waiting for the broker since {clock(queued_at)} (will retry)" if code == UNSENT
                         else "Worker lost, re-queued")
            for article_id, code, queued_at in runs.values_list("article_id", "error_code", "queued_at")}


def clock(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def article_statuses(ids: list[int]) -> list[dict]:
    # The rows a page shows, a deleted article's own page included.
    rows = list(Article.all_objects.filter(pk__in=ids[:POLL_ROWS_LIMIT]).order_by("pk").values(
        "id", "status", "error_message", "duplicate_of_id"))
    waiting = [a["id"] for a in rows if a["status"] in IN_PROGRESS]
    notes = article_notes(waiting) if waiting else {}
    return [
        {"id": a["id"], "status": a["status"], "label": Status(a["status"]).label, "error": a["error_message"],
         "note": notes.get(a["id"], ""), "duplicate_of": a["duplicate_of_id"]}
        for a in rows
    ]


def batch_page(batch: UploadBatch) -> dict:
    """The batch page: its articles with their statuses, and the files that did not become new articles."""
    articles = list(batch.articles.select_related("duplicate_of").only(*LIST_FIELDS).order_by("pk"))
    others = [entry for entry in batch.report if entry["outcome"] != "new"]
    known = Article.all_objects.filter(pk__in=[e["article"] for e in others if e.get("article")]).only(
        "id", "title", "original_filename")
    by_id = {a.pk: a for a in known}
    for entry in others:
        entry["existing"] = by_id.get(entry.get("article"))
    notes = article_notes([a.pk for a in articles])
    for article in articles:
        article.note = notes.get(article.pk, "")
    counts = Article.all_objects.filter(batch=batch).status_counts()
    return {"batch": batch, "articles": articles, "others": others, "outcomes": batch.outcome_counts(),
            "status_rows": status_rows(counts), "waiting": waiting_notes(batch),
            "status_url": reverse("admin:articles_article_status") + f"?batch={batch.pk}"}
