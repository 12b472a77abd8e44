"""Celery tasks: an id in, one service call."""

from celery import Task, shared_task

from articles import recovery, services, sweep


class ParseTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries (the database or broker kept failing): fail the article with the reason."""
        params = dict(zip(("article_id", "run_id"), args, strict=False)) | kwargs
        try:
            services.give_up(params.get("article_id"), params.get("run_id"), exc)
        except services.TRANSIENT_ERRORS:
            pass  # still no database: the sweep finds the article later


@shared_task(
    base=ParseTask,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def parse_article(article_id: int, run_id: int | None = None) -> str:
    run = services.run_parse(article_id, run_id)
    return run.outcome if run else "skipped"


@shared_task(ignore_result=True)
def sweep_stuck() -> dict:
    return sweep.sweep_stuck().as_dict()


@shared_task(ignore_result=True)
def recover() -> dict:
    """Beat sends it every few seconds and each worker on (re)connecting: see articles/recovery.py."""
    return recovery.recover().as_dict()
