"""Recovery in seconds: what the broker refused is sent again, what a dead worker held is queued again.

Runs as the task `articles.tasks.recover`: from Celery beat every `PARSE_RECOVER_EVERY_SECONDS`, and
from every worker each time it (re)connects to the broker (config/celery.py), so an outage ends
with the broker's return, not on the sweep's `PARSE_STUCK_AFTER_MINUTES` clock.

- **Unsent** (run noted `broker_unavailable`): its message is sent again, for the same run. A
  conditional update claims each run, so of several workers recovering at once one sends it; a
  message delivered twice is harmless anyway (services: a finished run is skipped).
- **Lost**: an open run older than `PARSE_LOST_AFTER_SECONDS` that no live worker holds (one
  broadcast asks them by task id). Its worker died (kill -9, a lost machine) or its message went with a
  broker restart. The run is abandoned and a new one queued, exactly as the sweep does, so an article
  that keeps killing its worker fails after `PARSE_SWEEP_MAX_REQUEUES`. A queued run is only judged
  lost while the parse queue is empty: otherwise it may be waiting its turn.

Why not a shorter Redis visibility timeout instead: it would hand a long parse (up to
CELERY_TASK_TIME_LIMIT) or a retry waiting out its back-off to a second worker while the first still
holds it. Asking the workers tells a dead worker from a slow one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles import services, sweep
from articles.models import OPEN_OUTCOMES, Article, Outcome, ParseRun

log = logging.getLogger(__name__)

# Seconds the workers have to answer "which of these runs do you hold?" (a prefork worker's main
# process answers while its children parse).
INSPECT_TIMEOUT = 1.0


@dataclass
class RecoveryReport(sweep.SweepReport):
    """The sweep's report, and the parses sent again that the broker had refused."""

    resent: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"resent": self.resent, **super().as_dict()}


def recover() -> RecoveryReport:
    waiting = sweep.parse_queue_length()
    if waiting is None:
        return RecoveryReport(broker_down=True)  # nothing can be sent; the next run tries again
    services.note_broker_up()
    report = RecoveryReport(resent=resend_unsent())
    with services.parse_batches():  # what a dead worker held goes back in batches
        for run_id, article_id in lost_runs(queue_empty=not waiting):
            outcome = requeue_lost(run_id, article_id)
            if outcome:
                getattr(report, outcome).append(article_id)
    if report.resent or report.requeued or report.failed:
        log.info("recovery: %s sent again, %s re-queued (worker lost), %s failed",
                 len(report.resent), len(report.requeued), len(report.failed))
    return report


def resend_unsent(limit: int = sweep.SWEEP_LIMIT) -> list[int]:
    """Send again the messages the broker refused, oldest first, a batch's runs in one message under its id again;
    the articles sent."""
    unsent = ParseRun.objects.filter(outcome=Outcome.QUEUED, error_code=services.UNSENT)
    batches: dict[str, list[tuple[int, int]]] = {}
    sent = []
    for run_id, article_id, message in (unsent.order_by("queued_at", "id")
                                        .values_list("pk", "article_id", "task_id")[:limit]):
        claimed = ParseRun.objects.filter(pk=run_id, outcome=Outcome.QUEUED, error_code=services.UNSENT).update(
            error_code="", error_message="")
        if not claimed:
            continue
        sent.append(article_id)
        if message:  # one of a batch's: sent with the others below
            batches.setdefault(message, []).append((article_id, run_id))
        else:  # refused again: send_parse_task puts the note back
            services.send_parse_task(article_id, run_id)
    for message, runs in batches.items():
        services.send_batch(runs, message)
    return sent


def lost_runs(*, queue_empty: bool, limit: int = sweep.SWEEP_LIMIT) -> list[tuple[int, int]]:
    """(run, article) of the open runs no live worker holds."""
    cutoff = timezone.now() - timedelta(seconds=settings.PARSE_LOST_AFTER_SECONDS)
    # A run retrying a database hiccup waits out its back-off on a worker: the sweep watches those.
    candidates = Q(outcome=Outcome.RUNNING, started_at__lte=cutoff) & ~Q(error_code="transient")
    if queue_empty:
        candidates |= Q(outcome=Outcome.QUEUED, queued_at__lte=cutoff) & ~Q(error_code=services.UNSENT)
    runs = list(ParseRun.objects.filter(candidates).order_by("queued_at")
                .values_list("pk", "article_id", "task_id")[:limit])
    if not runs:
        return []  # the usual case: no broadcast at all
    # A batch's runs share their message's id: a worker holding the message holds them all.
    messages = {run_id: ParseRun.message_id_of(article_id, run_id, message) for run_id, article_id, message in runs}
    held = held_by_workers(sorted(set(messages.values())))
    return [(run_id, article_id) for run_id, article_id, _message in runs if messages[run_id] not in held]


def held_by_workers(task_ids: list[str]) -> set[str]:
    """The task ids that live workers hold (running, reserved or waiting for their time)."""
    from celery import current_app as app

    replies = app.control.inspect(timeout=INSPECT_TIMEOUT).query_task(*task_ids) or {}
    return {task for reply in replies.values() if isinstance(reply, dict) for task in reply}


def requeue_lost(run_id: int, article_id: int) -> str | None:
    """Abandon the lost run and queue the article again (or fail it); None if the run moved on meanwhile."""
    with transaction.atomic():
        article = Article.all_objects.select_for_update(skip_locked=True).filter(pk=article_id).first()
        if article is None or not ParseRun.objects.filter(pk=run_id, article=article,
                                                          outcome__in=OPEN_OUTCOMES).exists():
            return None
        return sweep.requeue_or_fail(article, "stuck", "No live worker held it: its worker was lost "
                                     "(killed or its machine gone); queued again.")
