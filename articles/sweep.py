"""The sweep: articles left queued or parsing too long are queued again.

The last line of defence: recovery (articles/recovery.py, every few seconds) re-sends what the broker
refused and re-queues what a dead worker held; the sweep catches whatever that missed. Why an article
gets stuck: the broker was down when it was uploaded (its
message was never sent), a worker died mid-parse (with Redis, its message
comes back only after the visibility timeout), or a message was lost with a
broker restart. The sweep runs from Celery beat (`celery -A config beat`)
and from cron (`manage.py sweep_stuck`).

It never floods the queue: queued articles are only re-sent when the parse
queue is empty (otherwise they may simply be waiting their turn), and an
article whose worker was lost `PARSE_SWEEP_MAX_REQUEUES` times in a row is
marked failed with the reason instead of being re-sent forever.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from kombu.exceptions import ChannelError

from articles import services
from articles.models import OPEN_OUTCOMES, Article, Outcome, ParseRun, Status

log = logging.getLogger(__name__)

# Articles handled per sweep; the next sweep takes the rest.
SWEEP_LIMIT = 500


@dataclass
class SweepReport:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    broker_down: bool = False

    def as_dict(self) -> dict:
        return {"requeued": self.requeued, "failed": self.failed, "broker_down": self.broker_down}


def sweep_stuck(older_than: timedelta | None = None) -> SweepReport:
    if older_than is None:
        older_than = timedelta(minutes=settings.PARSE_STUCK_AFTER_MINUTES)
    waiting = parse_queue_length()
    if waiting is None:
        log.warning("sweep: the broker cannot be reached; nothing re-queued")
        return SweepReport(broker_down=True)
    services.note_broker_up()
    candidates = Article.all_objects.stuck(older_than)
    if waiting:
        candidates = candidates.filter(status=Status.PARSING)
    report = SweepReport()
    with services.parse_batches():  # re-sent in batches
        for pk in candidates.order_by("status_changed_at").values_list("pk", flat=True)[:SWEEP_LIMIT]:
            outcome = rescue(pk, older_than)
            if outcome:
                getattr(report, outcome).append(pk)
    log.info("sweep: %s re-queued, %s failed", len(report.requeued), len(report.failed))
    return report


def parse_queue_length(timeout: float | None = None) -> int | None:
    """Messages waiting in the parse queue: 0 with in-process tasks, None when the broker cannot be reached.

    `timeout`: seconds to wait for a connection (the health check's are short), one try.
    """
    from celery import current_app as app

    if app.conf.task_always_eager:
        return 0
    try:
        with app.connection_for_read(connect_timeout=timeout) as connection:
            connection.ensure_connection(max_retries=0 if timeout else 1)
            return connection.default_channel.queue_declare(queue=app.conf.task_default_queue,
                                                            passive=True).message_count
    except ChannelError:
        return 0  # no such queue yet: nothing waiting
    except Exception:  # noqa: BLE001 - any connection failure means "unknown"
        return None


def rescue(pk: int, older_than: timedelta) -> str | None:
    """Queue one stuck article again (or fail it after too many lost workers); None if it moved on."""
    with transaction.atomic():
        article = Article.all_objects.select_for_update(skip_locked=True).stuck(older_than).filter(pk=pk).first()
        if article is None:
            return None
        return requeue_or_fail(article, _abandon_code(article), f"Not finished after {older_than}; "
                               "queued again by the sweep.")


def requeue_or_fail(article: Article, code: str, message: str) -> str:
    """In the caller's transaction: abandon the article's open run and queue a new one, noted as re-queued.

    After `PARSE_SWEEP_MAX_REQUEUES` lost workers in a row the article fails instead: an article that
    kills every worker that parses it must not be re-sent forever.
    """
    lost = lost_in_a_row(article)
    if lost >= settings.PARSE_SWEEP_MAX_REQUEUES:
        _fail(article, lost)
        return "failed"
    services.abandon_open_runs(article, code, message)
    run = services.queue_parse(article)
    if code == "stuck":  # the editors' pages say "worker lost, re-queued" while it waits
        ParseRun.objects.filter(pk=run.pk).update(error_code=services.REQUEUED, error_message=message)
    return "requeued"


def lost_in_a_row(article: Article) -> int:
    """How many of the latest runs the sweep had to abandon, one after the other."""
    lost = 0
    runs = article.parse_runs.order_by("-queued_at", "-id").values_list("outcome", "error_code")
    for outcome, code in runs[: settings.PARSE_SWEEP_MAX_REQUEUES + 2]:
        if outcome in OPEN_OUTCOMES:
            continue
        if outcome != Outcome.ABANDONED or code != "stuck":
            break
        lost += 1
    return lost


def _abandon_code(article: Article) -> str:
    """A message the broker never took is not a lost worker: it does not count towards failing."""
    unsent = article.parse_runs.filter(outcome=Outcome.QUEUED, error_code=services.UNSENT).exists()
    return "unsent" if unsent else "stuck"


def _fail(article: Article, lost: int) -> None:
    message = (f"No worker finished parsing it {lost + 1} times in a row (a worker died or was killed each time). "
               "Re-parse it to try again.")
    services.abandon_open_runs(article, "stuck", "Given up by the sweep.")
    article.set_status(Status.FAILED, error_code="worker_lost", error_message=message)
