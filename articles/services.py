"""Actions on articles: store an upload, queue a parse, run a parse.

Views, admin actions, management commands and the sweep call these; the
task is a thin wrapper around `run_parse`. Batches of uploads are in
`uploads.py`, the sweep of stuck articles in `sweep.py`.

A parse is a `ParseRun`, created before its task is queued. An article has at
most one open run (queued or running): queuing another abandons the earlier
one, and a worker that receives the message of an abandoned or finished run
does nothing. So a message delivered twice (a worker killed mid-parse, the
sweep re-queuing) never parses an article twice.
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from datetime import date
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from articles.extraction import PARSER_VERSION, STEPS, Config, Document, StepFailed, extract, load_resources
from articles.extraction import run as run_steps
from articles.fact_writer import clear_machine_facts, copy_document_fields, save_facts
from articles.models import OPEN_OUTCOMES, Article, Outcome, ParseRun, Status, UploadBatch
from belregions import read_models, trade_keys
from belregions.locks import advisory_lock

log = logging.getLogger(__name__)

# Errors worth retrying: the database or broker hiccupped, not the article.
# (A DataError or IntegrityError says something about the article: it fails.)
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)

# After the broker refused a message, don't make every upload of the batch wait on it again.
BROKER_BACKOFF_SECONDS = 10.0
_broker_down_until = 0.0

# Notes an open run carries while it waits (ParseRun.error_code), shown on the editors' pages:
# its message was refused by the broker (sent again as soon as the broker answers, articles/recovery.py),
# or it replaces a run whose worker was lost.
UNSENT = "broker_unavailable"
REQUEUED = "requeued"

# The steps that turn a file's bytes into clean text: an editor's text is already clean text.
FILE_STEPS = frozenset({"decode", "strip_boilerplate"})


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
    batch: UploadBatch | None = None,
) -> Upload:
    """Store an upload and queue its parse; the same bytes twice give the first article."""
    sha256 = Article.checksum(raw)
    # Deleted articles too: the bytes are stored once, and the editor is told which article (restorable) has them.
    existing = Article.all_objects.filter(sha256=sha256).first()
    if existing:
        return Upload(existing, created=False)
    try:
        with transaction.atomic():
            article = Article.all_objects.create(
                raw=raw, sha256=sha256, original_filename=filename[:255], uploaded_by=user, batch=batch,
                source_name=source_name[:200], source_url=source_url, published_override=published_override,
                title=filename[:500],
            )
            _queue_run(article, user)  # created queued, no run to replace: no savepoint, no updates (9 statements → 5)
    except IntegrityError:
        # The same bytes arrived from another upload at the same moment.
        return Upload(Article.all_objects.get(sha256=sha256), created=False)
    return Upload(article, created=True)


def queue_parse(article: Article, *, user=None) -> ParseRun:
    """Mark the article queued, replacing any open run, and send its task once the transaction commits."""
    with transaction.atomic():
        abandon_open_runs(article, "superseded", "Replaced by a newer parse request.")
        article.set_status(Status.QUEUED)
        return _queue_run(article, user)


def _queue_run(article: Article, user) -> ParseRun:
    run = ParseRun.objects.create(article=article, parser_version=PARSER_VERSION, requested_by=user)
    transaction.on_commit(partial(send_parse_task, article.pk, run.pk), robust=True)
    return run


def abandon_open_runs(article: Article, code: str, message: str) -> int:
    return article.parse_runs.filter(outcome__in=OPEN_OUTCOMES).update(
        outcome=Outcome.ABANDONED, finished_at=timezone.now(), error_code=code, error_message=message,
    )


def task_id(article_id: int, run_id: int) -> str:
    """The Celery task id of a run's message: recovery asks the workers which runs they hold by it."""
    return f"parse-{article_id}-{run_id}"


def send_parse_task(article_id: int, run_id: int) -> None:
    """Send the task; with the broker down, say so on the run: it is sent again once the broker answers."""
    global _broker_down_until
    from articles.tasks import parse_article  # tasks import services

    try:
        if time.monotonic() < _broker_down_until:
            raise ConnectionError("the broker refused a message moments ago")
        parse_article.apply_async((article_id, run_id), task_id=task_id(article_id, run_id))
    except Exception as exc:  # noqa: BLE001 - broker down: the article stays queued, the run says why
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        log.warning("could not queue article %s (%s); it is sent again when the broker answers", article_id, exc)
        ParseRun.objects.filter(pk=run_id, outcome=Outcome.QUEUED).update(
            error_code=UNSENT,
            error_message=f"The task broker could not be reached ({exc}); "
                          "it is sent again as soon as the broker answers.",
        )


def note_broker_up() -> None:
    """Someone just reached the broker (the sweep, recovery): send again without waiting out the backoff."""
    global _broker_down_until
    _broker_down_until = 0.0


def run_parse(article_id: int, run_id: int | None = None) -> ParseRun | None:
    """Parse one article and save its facts; record the outcome either way.

    Returns None when there is nothing to do: the article is gone, or the run
    was finished or replaced (a message delivered twice).
    """
    run = claim_run(article_id, run_id)
    if run is None:
        return None
    started = time.monotonic()
    try:
        doc = read_document(run.article)
        write_result(run, doc, started)
    except TRANSIENT_ERRORS as exc:
        note_retry(run, exc)
        raise  # the task retries with backoff; the run stays open meanwhile
    except Exception as exc:  # noqa: BLE001 - any failure: keep the article, say why
        fail_run(run, started, *describe_failure(exc), traceback.format_exc())
    return run


def read_document(article: Article):
    """Extract the article: from its file, or from an editor's text (the steps that make text from bytes skipped)."""
    if not (article.text_edited and article.text.strip()):
        return extract(bytes(article.raw), source=article.original_filename,
                       published_override=article.published_override)
    config = Config(resources=load_resources(), published_override=article.published_override)
    doc = Document(source=article.original_filename, raw=b"", config=config, text=article.text)
    return run_steps(doc, [step for step in STEPS if step.__name__ not in FILE_STEPS])


def claim_run(article_id: int, run_id: int | None) -> ParseRun | None:
    """Mark the run running and the article parsing, if the run is still the article's open one."""
    with transaction.atomic():
        # A deleted article is still parsed (its facts stay hidden), so that a restore finds them current.
        article = Article.all_objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            log.info("article %s is gone; nothing to parse", article_id)
            return None
        run = _open_run(article, run_id)
        if run is None:
            log.info("run %s of article %s was finished or replaced; skipping", run_id, article_id)
            return None
        run.started_at, run.outcome = timezone.now(), Outcome.RUNNING
        run.save(update_fields=["started_at", "outcome"])
        article.set_status(Status.PARSING)
    run.article = article
    return run


def _open_run(article: Article, run_id: int | None) -> ParseRun | None:
    if run_id is None:  # a direct call (shell, tests): a new run replacing any open one
        abandon_open_runs(article, "superseded", "Replaced by a direct parse.")
        return ParseRun.objects.create(article=article, parser_version=PARSER_VERSION)
    runs = ParseRun.objects.select_for_update().filter(pk=run_id, article=article, outcome__in=OPEN_OUTCOMES)
    return runs.first()


def write_result(run: ParseRun, doc, started: float) -> None:
    """In one transaction: the facts (or the duplicate mark), the article's status and the run's outcome."""
    # The facts' trade keys and the read models are refreshed once, at the end, still in the transaction
    # (belregions.trade_keys, belregions.read_models): the read models after the article's row is saved, since
    # they count its articles by the date the parse gives it.
    with transaction.atomic(), trade_keys.deferred(), read_models.deferred(articles_locked=True):
        still_running = ParseRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING)
        article = (Article.all_objects.select_for_update(of=("self",))
                   .filter(pk=run.article_id, pk__in=still_running.values("article_id")).first())
        if article is None:
            return  # replaced while we parsed: the newer run writes
        original = find_original(article, doc.text)
        if original is not None:
            _mark_duplicate(article, run, doc, original, started)
        else:
            save_facts(article, doc)
            _finish(article, run, started)


def find_original(article: Article, text: str) -> Article | None:
    """Another shown article with the same clean text that is not itself a duplicate (even while re-parsed).

    A deleted article is no original: a copy uploaded after it is shown on its own.
    """
    checksum = Article.text_checksum(text)
    advisory_lock("article-text", checksum)
    same = Article.objects.filter(text_sha256=checksum, duplicate_of__isnull=True).exclude(pk=article.pk)
    return same.exclude(status=Status.DUPLICATE).only("id", "title", "original_filename").order_by("pk").first()


def _save_parsed_fields(article: Article, status: str) -> None:
    """The parse's fields and the new status in one UPDATE (what `Article.set_status` sets, with no error)."""
    article.parser_version = PARSER_VERSION
    article.parsed_at = article.status_changed_at = timezone.now()
    article.status, article.error_code, article.error_message = status, "", ""
    article.save(update_fields=["title", "text", "text_sha256", "language", "published", "parser_version",
                                "parsed_at", "duplicate_of", "status", "status_changed_at", "error_code",
                                "error_message"])


def _finish(article: Article, run: ParseRun, started: float) -> None:
    article.duplicate_of = None
    _save_parsed_fields(article, Status.PARSED)
    _close_run(run, started, Outcome.SUCCESS)


def _mark_duplicate(article: Article, run: ParseRun, doc, original: Article, started: float) -> None:
    """Keep the article and its text, write none of its facts, and say which article it repeats."""
    copy_document_fields(article, doc)
    clear_machine_facts(article)
    article.duplicate_of = original
    _save_parsed_fields(article, Status.DUPLICATE)
    _close_run(run, started, Outcome.DUPLICATE, message=f"Same text as article {original.pk} ({original}).")


def describe_failure(exc: Exception) -> tuple[str, str]:
    cause = exc.error if isinstance(exc, StepFailed) else exc
    if isinstance(cause, SoftTimeLimitExceeded):
        return "timeout", "Parsing took longer than the time limit (CELERY_TASK_SOFT_TIME_LIMIT)."
    if isinstance(exc, StepFailed):
        return exc.code, str(exc)
    return "internal_error", f"{type(exc).__name__}: {exc}"


def fail_run(run: ParseRun, started: float, code: str, message: str, tb: str = "") -> None:
    with transaction.atomic():
        article = Article.all_objects.select_for_update().get(pk=run.article_id)
        if not ParseRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING).exists():
            return
        article.set_status(Status.FAILED, error_code=code, error_message=message)
        _close_run(run, started, Outcome.FAILURE, code, message, tb)


def note_retry(run: ParseRun, exc: Exception) -> None:
    """Count a transient failure on the run, if the database lets us."""
    try:
        ParseRun.objects.filter(pk=run.pk).update(
            retries=F("retries") + 1, error_code="transient", error_message=f"{type(exc).__name__}: {exc} (retrying)"
        )
    except TRANSIENT_ERRORS:
        log.warning("could not record the retry of run %s", run.pk)


def give_up(article_id: int, run_id: int | None, exc: BaseException) -> None:
    """The task ran out of retries: the article fails with the reason and can be re-parsed."""
    message = f"Gave up after repeated database or broker errors: {type(exc).__name__}: {exc}"
    with transaction.atomic():
        article = Article.all_objects.select_for_update().filter(pk=article_id).first()
        run = ParseRun.objects.filter(pk=run_id, article_id=article_id, outcome__in=OPEN_OUTCOMES).first()
        if article is None or run is None:
            return
        article.set_status(Status.FAILED, error_code="transient_error", error_message=message)
        run.finished_at, run.outcome = timezone.now(), Outcome.FAILURE
        run.error_code, run.error_message = "transient_error", message
        run.save(update_fields=["finished_at", "outcome", "error_code", "error_message"])


def _close_run(run: ParseRun, started: float, outcome: str, code: str = "", message: str = "", tb: str = ""):
    run.finished_at = timezone.now()
    run.duration_ms = int((time.monotonic() - started) * 1000)
    run.outcome, run.error_code, run.error_message, run.traceback = outcome, code, message, tb
    run.save(update_fields=["finished_at", "duration_ms", "outcome", "error_code", "error_message", "traceback"])
