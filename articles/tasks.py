"""Celery tasks: an id in, one service call."""

from celery import shared_task

from articles import services


@shared_task(
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
)
def parse_article(article_id: int, run_id: int | None = None) -> str:
    return services.run_parse(article_id, run_id).outcome
