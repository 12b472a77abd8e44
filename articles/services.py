"""Actions on articles: upload, queue a parse, run a parse.

Views, admin actions, the API and management commands call these; tasks are
thin wrappers around `run_parse`.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from datetime import date

from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.extraction import PARSER_VERSION, StepFailed, extract
from articles.facts import save_facts
from articles.models import Article, Outcome, ParseRun, Status

log = logging.getLogger(__name__)

# Errors worth retrying: the database or broker hiccupped, not the article.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (DatabaseError,)


@dataclass(frozen=True)
class Upload:
    article: Article
    created: bool  # False: the same bytes were uploaded before


def create_article(
    raw: bytes,
    *,
    filename: str = "",
    user=None,
    source_name: str = "",
    source_url: str = "",
    published_override: date | None = None,
) -> Upload:
    """Store an upload and queue its parse; the same bytes twice give the first article."""
    sha256 = Article.checksum(raw)
    existing = Article.objects.filter(sha256=sha256).first()
    if existing:
        return Upload(existing, created=False)
    with transaction.atomic():
        article = Article.objects.create(
            raw=raw, sha256=sha256, original_filename=filename[:255], uploaded_by=user,
            source_name=source_name, source_url=source_url, published_override=published_override,
            title=filename[:500],
        )
        queue_parse(article, user=user)
    return Upload(article, created=True)


def queue_parse(article: Article, *, user=None) -> ParseRun:
    """Mark the article queued and send its task once the transaction commits."""
    article.set_status(Status.QUEUED)
    run = ParseRun.objects.create(article=article, parser_version=PARSER_VERSION, requested_by=user)
    transaction.on_commit(lambda: send_parse_task(article.pk, run.pk), robust=True)
    return run


def send_parse_task(article_id: int, run_id: int) -> None:
    from articles.tasks import parse_article  # tasks import services

    try:
        parse_article.delay(article_id, run_id)
    except Exception:  # noqa: BLE001 - broker down: the sweep re-queues it later
        log.exception("could not queue article %s; it stays queued for the sweep", article_id)


def run_parse(article_id: int, run_id: int | None = None) -> ParseRun:
    """Parse one article and save its facts; record the outcome either way."""
    article = Article.objects.get(pk=article_id)
    run = _start_run(article, run_id)
    started = time.monotonic()
    try:
        doc = extract(bytes(article.raw), source=article.original_filename,
                      published_override=article.published_override)
        with transaction.atomic():
            save_facts(article, doc)
            _finish(article, run, started)
    except StepFailed as exc:
        _fail(article, run, started, exc.code, str(exc), traceback.format_exc())
    except TRANSIENT_ERRORS:
        raise  # the task retries with backoff; the run stays "running" until then
    except Exception as exc:  # noqa: BLE001 - any bug in saving: keep the article, say why
        _fail(article, run, started, "internal_error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return run


def _start_run(article: Article, run_id: int | None) -> ParseRun:
    run = ParseRun.objects.filter(pk=run_id, article=article).first() if run_id else None
    run = run or ParseRun(article=article, parser_version=PARSER_VERSION)
    run.started_at = timezone.now()
    run.outcome = Outcome.RUNNING
    run.save()
    article.set_status(Status.PARSING)
    return run


def _close_run(run: ParseRun, started: float, outcome: str, code: str = "", message: str = "", tb: str = ""):
    run.finished_at = timezone.now()
    run.duration_ms = int((time.monotonic() - started) * 1000)
    run.outcome, run.error_code, run.error_message, run.traceback = outcome, code, message, tb
    run.save()


def _finish(article: Article, run: ParseRun, started: float) -> None:
    article.parser_version = PARSER_VERSION
    article.parsed_at = timezone.now()
    article.save(update_fields=["title", "text", "language", "published", "parser_version", "parsed_at"])
    article.set_status(Status.PARSED)
    _close_run(run, started, Outcome.SUCCESS)


def _fail(article: Article, run: ParseRun, started: float, code: str, message: str, tb: str) -> None:
    article.set_status(Status.FAILED, error_code=code, error_message=message)
    _close_run(run, started, Outcome.FAILURE, code, message, tb)
