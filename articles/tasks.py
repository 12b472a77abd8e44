"""Celery tasks: an id in, one service call."""

from collections import Counter

from celery import Task, shared_task

from articles import recovery, services, sweep

# A parse retries while the database or broker fails, with backoff; its message is acknowledged only once it has
# run, so a worker lost mid-parse leaves it for another.
PARSE_OPTIONS = {
    "autoretry_for": services.TRANSIENT_ERRORS, "retry_backoff": 2, "retry_backoff_max": 120, "retry_jitter": True,
    "max_retries": 5, "acks_late": True, "reject_on_worker_lost": True,
}


class ParseTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries (the database or broker kept failing): fail the article with the reason."""
        params = dict(zip(("article_id", "run_id"), args, strict=False)) | kwargs
        try:
            services.give_up(params.get("article_id"), params.get("run_id"), exc)
        except services.TRANSIENT_ERRORS:
            pass  # still no database: the sweep finds the article later


@shared_task(base=ParseTask, **PARSE_OPTIONS)
def parse_article(article_id: int, run_id: int | None = None) -> str:
    """One run's message as sent before batches (parse_batch): kept for the messages still queued then."""
    run = services.run_parse(article_id, run_id)
    return run.outcome if run else "skipped"


class BatchTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries: each open run of the batch fails with the reason."""
        run_ids = (list(args) + [kwargs.get("run_ids")])[0]
        try:
            services.give_up_batch(run_ids, exc)
        except services.TRANSIENT_ERRORS:
            pass  # still no database: the sweep finds the articles later


@shared_task(base=BatchTask, **PARSE_OPTIONS)
def parse_batch(run_ids: list[int]) -> dict[str, int]:
    """Parse the runs of one message (a batch of a zip's articles, or one article): see services.run_batch."""
    runs = services.run_batch(run_ids)
    return {"skipped": len(set(run_ids)) - len(runs), **Counter(str(run.outcome) for run in runs)}


@shared_task(ignore_result=True)
def sweep_stuck() -> dict:
    return sweep.sweep_stuck().as_dict()


@shared_task(ignore_result=True)
def recover() -> dict:
    """Beat sends it every few seconds and each worker on (re)connecting: see articles/recovery.py."""
    return recovery.recover().as_dict()
