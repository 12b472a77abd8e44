"""Actions on articles: store an upload, queue a parse, run a parse.

Views, admin actions, management commands and the sweep call these; the
task is a thin wrapper around `run_parse`. Batches of uploads are in
`uploads.py`, the sweep of stuck articles in `sweep.py`.

A parse is a `ParseRun`, created before its task is queued. An article has at
most one open run (queued or running): queuing another abandons the earlier
one, and a worker that receives the message of an abandoned or finished run
does nothing. So a message delivered twice (a worker killed mid-parse, the
sweep re-queuing) never parses an article twice.

Batches (issue 15): runs queued inside `parse_batches()` (a zip's articles, a bulk re-parse, what recovery
and the sweep re-queue) travel `PARSE_BATCH_SIZE` to a Celery message (`tasks.parse_batch`). The worker
claims them in one statement (`claim_runs`), extracts each, and writes them all in one transaction, each
article in a savepoint of its own (`run_batch`): a bad article fails alone with its reason, the others are
written. Each run records its message's id (`ParseRun.task_id`), which recovery asks the workers about.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import traceback
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from articles import fact_writer
from articles.extraction import PARSER_VERSION, STEPS, Config, Document, StepFailed, extract, load_resources
from articles.extraction import run as run_steps
from articles.fact_writer import clear_machine_facts, copy_document_fields, save_facts
from articles.models import OPEN_OUTCOMES, Article, Outcome, ParseRun, Status, UploadBatch
from belregions import read_cache, read_models, trade_keys
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

# Runs one message carries at most, inside `parse_batches()`: one message, one claim and one write transaction
# for all of them (each article in a savepoint). Small enough that a batch holds its locks for a second or so.
PARSE_BATCH_SIZE = 25
# An article's write that lost a deadlock to another worker's batch is tried again this often in the batch
# (its savepoint rolled back, the other worker's locks granted) before the whole message is retried.
CONTENTION_RETRIES = 3
# PostgreSQL's deadlock_detected and serialization_failure.
CONTENTION_STATES = frozenset({"40P01", "40001"})


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
    batches = getattr(_batching, "batches", None)
    if batches is None:  # its own message
        run = ParseRun.objects.create(article=article, parser_version=PARSER_VERSION, requested_by=user)
        transaction.on_commit(partial(send_parse_task, article.pk, run.pk), robust=True)
        return run
    batch = batches.next_batch()
    run = ParseRun.objects.create(article=article, parser_version=PARSER_VERSION, requested_by=user,
                                  task_id=batch.task_id)
    transaction.on_commit(partial(batch.committed, article.pk, run.pk), robust=True)
    return run


_batching = threading.local()


@dataclass
class _Batch:
    """The runs of one message: its id is known (and written on each run) before it is sent."""

    task_id: str
    size: int
    created: int = 0
    runs: list[tuple[int, int]] = field(default_factory=list)  # (article, run), as their transactions commit
    sent: bool = False

    def committed(self, article_id: int, run_id: int) -> None:
        self.runs.append((article_id, run_id))
        if len(self.runs) >= self.size:  # every run of it committed: no need to wait for the end
            self.send()

    def send(self) -> None:
        if self.runs and not self.sent:
            self.sent = True
            send_batch(self.runs, self.task_id)


@dataclass
class _Batches:
    size: int
    batches: list[_Batch] = field(default_factory=list)

    def next_batch(self) -> _Batch:
        if not self.batches or self.batches[-1].created >= self.size:
            self.batches.append(_Batch(f"parse-batch-{uuid.uuid4().hex}", self.size))
        self.batches[-1].created += 1
        return self.batches[-1]

    def flush(self) -> None:
        for batch in self.batches:
            batch.send()


@contextmanager
def parse_batches(size: int | None = None) -> Iterator[None]:
    """Within: the parses queued go `size` (PARSE_BATCH_SIZE) to a message, each sent once its runs are
    committed; the last, partial one when the block ends (or, inside a transaction, when it commits)."""
    if getattr(_batching, "batches", None) is not None:  # nested: the outermost block sends
        yield
        return
    _batching.batches = batches = _Batches(size or PARSE_BATCH_SIZE)
    try:
        yield
    finally:
        _batching.batches = None
        # After the runs' own callbacks, in the same transaction's commit (at once outside a transaction).
        transaction.on_commit(batches.flush, robust=True)


def abandon_open_runs(article: Article, code: str, message: str) -> int:
    return article.parse_runs.filter(outcome__in=OPEN_OUTCOMES).update(
        outcome=Outcome.ABANDONED, finished_at=timezone.now(), error_code=code, error_message=message,
    )


def send_parse_task(article_id: int, run_id: int) -> None:
    """Send one run's task (a batch of one, under its own id)."""
    send_batch([(article_id, run_id)], ParseRun.message_id_of(article_id, run_id))


def send_batch(runs: Sequence[tuple[int, int]], message_id: str) -> None:
    """Send the message of these (article, run); with the broker down, say so on the runs: they are sent again
    once the broker answers."""
    global _broker_down_until
    from articles.tasks import parse_batch  # tasks import services

    run_ids = [run_id for _article_id, run_id in runs]
    try:
        if time.monotonic() < _broker_down_until:
            raise ConnectionError("the broker refused a message moments ago")
        parse_batch.apply_async((run_ids,), task_id=message_id, **batch_time_limits(len(run_ids)))
    except Exception as exc:  # noqa: BLE001 - broker down: the articles stay queued, the runs say why
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        log.warning("could not queue articles %s (%s); they are sent again when the broker answers",
                    [article_id for article_id, _run_id in runs], exc)
        ParseRun.objects.filter(pk__in=run_ids, outcome=Outcome.QUEUED).update(
            error_code=UNSENT,
            error_message=f"The task broker could not be reached ({exc}); "
                          "it is sent again as soon as the broker answers.",
        )


def batch_time_limits(runs: int) -> dict[str, int]:
    """A message of several runs has each one's time (CELERY_TASK_SOFT_TIME_LIMIT) and the hard limit's margin;
    one that runs out of it is split (`run_batch`)."""
    if runs <= 1:
        return {}
    soft = settings.CELERY_TASK_SOFT_TIME_LIMIT * runs
    return {"soft_time_limit": soft,
            "time_limit": soft + max(settings.CELERY_TASK_TIME_LIMIT - settings.CELERY_TASK_SOFT_TIME_LIMIT, 1)}


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
    if run_id is not None:
        claimed = [run for run in claim_runs([run_id]) if run.article_id == article_id]
        if not claimed:
            log.info("run %s of article %s was finished or replaced; skipping", run_id, article_id)
        return claimed[0] if claimed else None
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


def claim_runs(run_ids: Sequence[int]) -> list[ParseRun]:
    """Mark those of these runs that are still open running and their articles parsing; the claimed runs, each
    with its article (read in the same statement), in run order.

    One statement on PostgreSQL: an UPDATE of the runs and, in it, of their articles, returning the articles'
    rows (the runs' row locks, then the articles', the order `queue_parse` takes them in). An article with an
    open run is queued or parsing (`queue_parse` and an upload set it so with the run), so it leaves no parsed
    list here and no region's version moves. A deleted article is still parsed (its facts stay hidden), so that
    a restore finds them current.
    """
    run_ids = sorted({int(pk) for pk in run_ids})
    if not run_ids:
        return []
    now = timezone.now()
    fields = Article._meta.concrete_fields
    rows = (_claim_returning if connection.vendor == "postgresql" else _claim_in_steps)(run_ids, now, fields)
    runs = []
    for run_id, *values in sorted(rows, key=lambda row: row[0]):
        article = Article.from_db(connection.alias, [f.attname for f in fields], values)
        run = ParseRun(pk=run_id, article_id=article.pk, parser_version=PARSER_VERSION, started_at=now,
                       outcome=Outcome.RUNNING)
        run._state.adding, run._state.db = False, connection.alias
        run.article = article
        runs.append(run)
    return runs


def _claim_returning(run_ids: list[int], now, fields) -> list[tuple]:
    quote = connection.ops.quote_name
    runs, articles = quote(ParseRun._meta.db_table), quote(Article._meta.db_table)
    columns = ", ".join(f"a.{quote(f.column)}" for f in fields)
    sql = (f"WITH claimed AS (UPDATE {runs} SET outcome = %s, started_at = %s "  # noqa: S608 - the models' names
           f"WHERE id = ANY(%s) AND outcome IN (%s, %s) RETURNING id, article_id) "
           f"UPDATE {articles} AS a SET status = %s, status_changed_at = %s, error_code = '', error_message = '' "
           f"FROM claimed WHERE a.id = claimed.article_id RETURNING claimed.id, {columns}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [Outcome.RUNNING, now, run_ids, *OPEN_OUTCOMES, Status.PARSING, now])
        rows = cursor.fetchall()
    converters = [(n, f.get_db_converters(connection)) for n, f in enumerate(fields, start=1)]
    converters = [(n, found) for n, found in converters if found]
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for n, found in converters:
            for convert in found:
                row[n] = convert(row[n], None, connection)
        converted.append(tuple(row))
    return converted


def _claim_in_steps(run_ids: list[int], now, fields) -> list[tuple]:
    """SQLite (one writer at a time): the same in one transaction of a few statements."""
    with transaction.atomic():
        pairs = dict(ParseRun.objects.filter(pk__in=run_ids, outcome__in=OPEN_OUTCOMES)
                     .values_list("pk", "article_id"))
        if not pairs:
            return []
        ParseRun.objects.filter(pk__in=pairs).update(outcome=Outcome.RUNNING, started_at=now)
        Article.all_objects.filter(pk__in=pairs.values()).update(status=Status.PARSING, status_changed_at=now,
                                                                 error_code="", error_message="")
        articles = {row[0]: row for row in Article.all_objects.filter(pk__in=pairs.values())
                    .values_list(*[f.attname for f in fields])}
    return [(run_id, *articles[article_id]) for run_id, article_id in pairs.items() if article_id in articles]


def run_batch(run_ids: Sequence[int]) -> list[ParseRun]:
    """Parse the articles of these runs and write them in one transaction, each in a savepoint: an article that
    fails, fails alone (its run and article say why), the others are written. The runs claimed (an abandoned or
    finished run, a message delivered twice, is skipped).

    A database or broker hiccup that outlasts a few tries rolls the whole write back and the task retries the
    batch (the runs stay open meanwhile). A batch that runs out of time is split: its unfinished runs are queued
    again, one message each, with a time limit of their own.
    """
    runs = claim_runs(run_ids)
    started = time.monotonic()
    try:
        parsed = []
        for run in runs:
            started = time.monotonic()
            try:
                parsed.append((run, read_document(run.article), started))
            except Exception as exc:  # noqa: BLE001 - any failure: keep the article, say why
                if _timed_out(exc) and len(runs) > 1:
                    raise SoftTimeLimitExceeded() from exc
                fail_run(run, started, *describe_failure(exc), traceback.format_exc())
        write_results(parsed)
    except TRANSIENT_ERRORS as exc:
        note_retries(runs, exc)
        raise  # the task retries with backoff; the runs stay open meanwhile
    except SoftTimeLimitExceeded as exc:
        if len(runs) > 1:
            split_batch(runs)
        elif runs:
            fail_run(runs[0], started, *describe_failure(exc), traceback.format_exc())
    return runs


def _timed_out(exc: Exception) -> bool:
    return isinstance(exc.error if isinstance(exc, StepFailed) else exc, SoftTimeLimitExceeded)


def write_results(parsed: Sequence[tuple[ParseRun, object, float]], *, rows_at_once: bool = True) -> None:
    """The articles' facts, statuses and runs' outcomes in one transaction, each article in a savepoint; the
    trade keys, the read models and the regions' versions refreshed once, at the end, still in the transaction.

    On PostgreSQL the written articles' rows and their runs' are updated once for the batch, after the savepoints
    (`_BatchRows`: one statement for the articles, one for the runs). Should that fail for an article's values (an
    error a row's own UPDATE would have failed its savepoint with), the batch is written again with each article's
    rows in its savepoint, so that the bad article fails alone."""
    if not parsed:
        return
    if len(parsed) == 1:  # a batch of one: as `run_parse` writes it (no savepoint, the regions' versions sent along)
        run, doc, started = parsed[0]
        try:
            write_result(run, doc, started)
        except (*TRANSIENT_ERRORS, SoftTimeLimitExceeded):
            raise
        except Exception as exc:  # noqa: BLE001 - any failure: keep the article, say why
            fail_run(run, started, *describe_failure(exc), traceback.format_exc())
        return
    rows = _BatchRows() if rows_at_once and connection.vendor == "postgresql" else None
    try:
        _write_batch(parsed, rows)
    except _RowsFailed as exc:
        log.warning("the batch's rows could not be written at once (%s); writing it again article by article",
                    exc.__cause__)
        _write_batch(parsed, None)


class _RowsFailed(Exception):
    """The batch's single UPDATE of its articles or runs failed for their values: the batch is written again."""


def _write_batch(parsed: Sequence[tuple[ParseRun, object, float]], rows: _BatchRows | None) -> None:
    with (transaction.atomic(), read_cache.deferred(), trade_keys.deferred(),
          read_models.deferred(articles_locked=True)):
        # What each article's write would read first is read once for the batch (issue 15): the articles still
        # theirs, locked (one statement); the texts they could repeat; their facts, references, people and the
        # meetings their reports could join (`fact_writer.batch`, under the locks of every text and meeting day).
        locked = _lock_articles(run for run, _doc, _started in parsed)
        mine = [(locked[run.article_id], doc) for run, doc, _started in parsed if run.article_id in locked]
        checksums = {Article.text_checksum(doc.text) for _article, doc in mine}
        with fact_writer.batch(mine, locks=[("article-text", checksum) for checksum in checksums]):
            texts = _Texts.read(checksums, rows)
            for run, doc, started in parsed:
                failure = _write_in_savepoint(run, doc, started, locked.get(run.article_id), texts)
                if failure:
                    fail_run(run, started, *failure)
            if rows is not None:
                rows.write()


def _lock_articles(runs) -> dict[int, Article]:
    """The articles of these runs still running (not replaced while we parsed), locked, by id: one statement."""
    runs = list(runs)
    still_running = ParseRun.objects.filter(pk__in=[run.pk for run in runs], outcome=Outcome.RUNNING)
    articles = (Article.all_objects.select_for_update(of=("self",)).order_by("pk")
                .filter(pk__in=still_running.values("article_id")))
    return {article.pk: article for article in articles}


@dataclass
class _Texts:
    """For a batch: which of its texts some shown article has (read once, under the texts' locks), with the article,
    so that `find_original` asks the database only about a text another article may have; the batch's own writes
    are added as they go (a superset: an article whose text is found here is checked by the query)."""

    holders: dict[str, set[int]]
    rows: _BatchRows | None = None  # the batch's rows written at the end: the check reads those from here

    @classmethod
    def read(cls, checksums: set[str], rows: _BatchRows | None = None) -> _Texts:
        holders: dict[str, set[int]] = {}
        for pk, checksum in Article.objects.filter(text_sha256__in=checksums).values_list("pk", "text_sha256"):
            holders.setdefault(checksum, set()).add(pk)
        return cls(holders, rows)

    def maybe_held(self, article: Article, checksum: str) -> bool:
        return bool(self.holders.get(checksum, set()) - {article.pk})

    def add(self, article: Article, checksum: str) -> None:
        self.holders.setdefault(checksum, set()).add(article.pk)


# What a parse writes on its article's row (`_save_parsed_fields`) and its run's (`_close_run`).
ARTICLE_FIELDS = ("title", "text", "text_sha256", "language", "published", "parser_version", "parsed_at",
                  "duplicate_of", "status", "status_changed_at", "error_code", "error_message")
RUN_FIELDS = ("finished_at", "duration_ms", "outcome", "error_code", "error_message", "traceback")


@dataclass
class _BatchRows:
    """A batch's article and run rows (PostgreSQL), written once after its savepoints: one UPDATE … FROM (VALUES …)
    for the articles, one for the runs. An article's rows are kept only once its savepoint is released (`staged`),
    so a failed article records its failure alone (`fail_run`, at once) and nothing of it is written here."""

    articles: dict[int, Article] = field(default_factory=dict)
    runs: list[ParseRun] = field(default_factory=list)
    staged: list[Article | ParseRun] = field(default_factory=list)

    @contextmanager
    def article(self) -> Iterator[None]:
        """Around an article's savepoint: its rows kept on a clean exit, forgotten if it failed."""
        self.staged.clear()
        try:
            yield
        except BaseException:
            self.staged.clear()
            raise
        for row in self.staged:
            if isinstance(row, Article):
                self.articles[row.pk] = row
            else:
                self.runs.append(row)
        self.staged.clear()

    def shown_originals(self, checksum: str, other_than: int) -> list[Article]:
        """The batch's written articles with this text that another could repeat (shown, not duplicates)."""
        return [article for pk, article in self.articles.items()
                if pk != other_than and article.text_sha256 == checksum and article.duplicate_of_id is None
                and article.status != Status.DUPLICATE and article.deleted_at is None]

    def write(self) -> None:
        try:  # no savepoint: a failure rolls the batch's transaction back (`write_results` writes it again)
            _update_rows(Article, list(self.articles.values()), ARTICLE_FIELDS)
            _update_rows(ParseRun, self.runs, RUN_FIELDS)
        except (*TRANSIENT_ERRORS, SoftTimeLimitExceeded):
            raise
        except DatabaseError as exc:
            raise _RowsFailed() from exc


def _update_rows(model, rows: Sequence, names: Sequence[str]) -> None:
    """These rows' `names` fields, each row its own values: one statement."""
    if not rows:
        return
    quote, meta = connection.ops.quote_name, model._meta
    fields = [meta.pk, *(meta.get_field(name) for name in names)]
    # The columns' types without their lengths: a value too long fails on assignment, as the row's own UPDATE would.
    casts = [re.sub(r"\(\d+\)$", "", f.db_type(connection) if f.remote_field is None else f.rel_db_type(connection))
             for f in fields]
    row_sql = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    params = [f.get_db_prep_save(getattr(row, f.attname), connection) for row in rows for f in fields]
    columns = [quote(f.column) for f in fields]
    assignments = ", ".join(f"{column} = v.{column}" for column in columns[1:])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608 - the model's names; values are parameters
            f"FROM (VALUES {', '.join([row_sql] * len(rows))}) AS v ({', '.join(columns)}) "
            f"WHERE t.{columns[0]} = v.{columns[0]}", params)


def _write_in_savepoint(run: ParseRun, doc, started: float, article: Article | None = None,
                        texts: _Texts | None = None) -> tuple[str, str, str] | None:
    """Write one article of a batch; (code, message, traceback) if it failed (its writes rolled back)."""
    for attempt in range(1, CONTENTION_RETRIES + 1):
        try:
            rows = texts.rows if texts is not None and texts.rows is not None else None
            with (rows.article() if rows is not None else nullcontext()), trade_keys.undone_on_error(), \
                    fact_writer.staged(), transaction.atomic():
                _write_one(run, doc, started, article, texts)
            return None
        except TRANSIENT_ERRORS as exc:
            if attempt == CONTENTION_RETRIES or getattr(exc.__cause__, "sqlstate", None) not in CONTENTION_STATES:
                raise
            log.info("run %s lost a deadlock to another writer; trying again (%s)", run.pk, attempt)
        except SoftTimeLimitExceeded:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure: keep the article, say why
            return (*describe_failure(exc), traceback.format_exc())
    return None


def split_batch(runs: Sequence[ParseRun]) -> None:
    """A batch out of time: its runs still running are queued again, each in a message of its own."""
    for run in runs:
        with transaction.atomic():
            article = Article.all_objects.select_for_update().filter(pk=run.article_id).first()
            if article is None or not ParseRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING).exists():
                continue
            abandon_open_runs(article, "split", "Its batch ran out of time: queued again in a message of its own.")
            queue_parse(article)


def write_result(run: ParseRun, doc, started: float) -> None:
    """In one transaction: the facts (or the duplicate mark), the article's status and the run's outcome."""
    # The facts' trade keys and the read models are refreshed once, at the end, still in the transaction
    # (belregions.trade_keys, belregions.read_models): the read models after the article's row is saved, since
    # they count its articles by the date the parse gives it.
    with transaction.atomic(), trade_keys.deferred(), read_models.deferred(articles_locked=True):
        _write_one(run, doc, started)


def _write_one(run: ParseRun, doc, started: float, article: Article | None = None, texts: _Texts | None = None
               ) -> None:
    """Write one article; in a batch, `article` is its row the batch locked (None: replaced while we parsed)."""
    if texts is None:
        still_running = ParseRun.objects.filter(pk=run.pk, outcome=Outcome.RUNNING)
        article = (Article.all_objects.select_for_update(of=("self",))
                   .filter(pk=run.article_id, pk__in=still_running.values("article_id")).first())
    if article is None:
        return  # replaced while we parsed: the newer run writes
    original = find_original(article, doc.text, texts)
    rows = texts.rows if texts is not None else None
    if original is not None:
        _mark_duplicate(article, run, doc, original, started, rows)
    else:
        save_facts(article, doc)
        _finish(article, run, started, rows)


def find_original(article: Article, text: str, texts: _Texts | None = None) -> Article | None:
    """Another shown article with the same clean text that is not itself a duplicate (even while re-parsed).

    A deleted article is no original: a copy uploaded after it is shown on its own. In a batch (`texts`: the
    batch holds the texts' locks) the database is asked only when another article may have the text.
    """
    checksum = Article.text_checksum(text)
    if texts is not None:
        held = texts.maybe_held(article, checksum)
        texts.add(article, checksum)  # the batch's next articles may repeat it (added even if this one fails)
        if not held:
            return None
    else:
        advisory_lock("article-text", checksum)
    same = Article.objects.filter(text_sha256=checksum, duplicate_of__isnull=True).exclude(pk=article.pk)
    rows = texts.rows if texts is not None else None
    if rows is not None:  # the batch's written articles: their rows are written at its end, read them here
        same = same.exclude(pk__in=list(rows.articles))
    found = same.exclude(status=Status.DUPLICATE).only("id", "title", "original_filename").order_by("pk").first()
    if rows is not None:
        found = min([*rows.shown_originals(checksum, article.pk), *([found] if found else [])],
                    key=lambda original: original.pk, default=None)
    return found


def _save_parsed_fields(article: Article, status: str, rows: _BatchRows | None = None) -> None:
    """The parse's fields and the new status in one UPDATE (what `Article.set_status` sets, with no error); in a
    batch on PostgreSQL (`rows`), kept for the batch's one UPDATE."""
    article.parser_version = PARSER_VERSION
    article.parsed_at = article.status_changed_at = timezone.now()
    article.status, article.error_code, article.error_message = status, "", ""
    if rows is not None:
        rows.staged.append(article)
        return
    article.save(update_fields=list(ARTICLE_FIELDS))


def _finish(article: Article, run: ParseRun, started: float, rows: _BatchRows | None = None) -> None:
    article.duplicate_of = None
    _save_parsed_fields(article, Status.PARSED, rows)
    _close_run(run, started, Outcome.SUCCESS, rows=rows)


def _mark_duplicate(article: Article, run: ParseRun, doc, original: Article, started: float,
                    rows: _BatchRows | None = None) -> None:
    """Keep the article and its text, write none of its facts, and say which article it repeats."""
    copy_document_fields(article, doc)
    clear_machine_facts(article)
    article.duplicate_of = original
    _save_parsed_fields(article, Status.DUPLICATE, rows)
    _close_run(run, started, Outcome.DUPLICATE, message=f"Same text as article {original.pk} ({original}).",
               rows=rows)


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


def note_retries(runs: Sequence[ParseRun], exc: Exception) -> None:
    """Count a transient failure on a batch's runs still running (one failed alone keeps its reason)."""
    try:
        ParseRun.objects.filter(pk__in=[run.pk for run in runs], outcome=Outcome.RUNNING).update(
            retries=F("retries") + 1, error_code="transient", error_message=f"{type(exc).__name__}: {exc} (retrying)"
        )
    except TRANSIENT_ERRORS:
        log.warning("could not record the retry of runs %s", [run.pk for run in runs])


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


def give_up_batch(run_ids: Sequence[int], exc: BaseException) -> None:
    """A batch's task ran out of retries: each of its open runs fails with the reason."""
    for run_id, article_id in ParseRun.objects.filter(pk__in=list(run_ids or ()), outcome__in=OPEN_OUTCOMES
                                                      ).values_list("pk", "article_id"):
        give_up(article_id, run_id, exc)


def _close_run(run: ParseRun, started: float, outcome: str, code: str = "", message: str = "", tb: str = "",
               rows: _BatchRows | None = None):
    run.finished_at = timezone.now()
    run.duration_ms = int((time.monotonic() - started) * 1000)
    run.outcome, run.error_code, run.error_message, run.traceback = outcome, code, message, tb
    if rows is not None:
        rows.staged.append(run)
        return
    run.save(update_fields=list(RUN_FIELDS))
