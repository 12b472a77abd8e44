"""Nothing is lost and nothing is parsed twice when a worker dies or the broker goes away.

Real workers, a real Redis (the shared one, or a throwaway redis-server that
the test kills), the real database. Skipped without a broker, failing in CI.
"""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.urls import reverse

from articles import services, uploads
from articles.facts import FACT_MODELS
from articles.models import IN_PROGRESS, Article, Outcome, ParseRun, Status, UploadBatch
from articles.sweep import parse_queue_length, sweep_stuck
from tests.articles.workers import article_variants, point_app_at, wait_for_status, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def upload_batch(raws: list[bytes]) -> UploadBatch:
    return uploads.store_batch(uploads.Incoming(f"article-{i:02}.txt", raw) for i, raw in enumerate(raws))


def counts(batch: UploadBatch) -> dict[str, int]:
    return Article.objects.filter(batch=batch).status_counts()


def fact_rows(batch: UploadBatch) -> dict[str, list]:
    return {model.__name__: sorted(model.objects.filter(article__batch=batch).values_list("article", "fingerprint"))
            for model in FACT_MODELS}


def assert_each_parsed_exactly_once(batch: UploadBatch, size: int) -> None:
    assert counts(batch)[Status.PARSED] == size
    successes = ParseRun.objects.filter(article__batch=batch, outcome=Outcome.SUCCESS)
    assert sorted(successes.values("article").annotate(n=Count("id")).values_list("n", flat=True)) == [1] * size
    assert not ParseRun.objects.filter(article__batch=batch, outcome__in=[Outcome.QUEUED, Outcome.RUNNING]).exists()
    rows = fact_rows(batch)
    for model, pairs in rows.items():
        assert len(pairs) == len(set(pairs)), f"duplicate {model} facts"
    assert sum(len(pairs) for pairs in rows.values()) > 0
    # Parsing every article again gives the same facts: nothing was left over from the killed attempt.
    for article in Article.objects.filter(batch=batch).only("id"):
        services.run_parse(article.pk)
    assert fact_rows(batch) == rows


def quiet(batch: UploadBatch, seconds: float = 2.0) -> bool:
    """The queue is empty and no status changed for `seconds`: whatever is left is stuck."""
    before = counts(batch)
    time.sleep(seconds)
    return parse_queue_length() == 0 and counts(batch) == before


def test_a_worker_killed_mid_batch_loses_nothing_and_parses_nothing_twice(start_worker, seed_bytes):
    size = 24
    first = start_worker(pool="prefork", concurrency=2)
    batch = upload_batch(article_variants(seed_bytes, size, body_repeats=8))
    wait_until(lambda: counts(batch)[Status.PARSED] >= 3 and counts(batch)[Status.PARSING], 120, every=0.005,
               what="the worker parsing mid-batch")
    first.kill()
    at_kill = counts(batch)
    assert at_kill[Status.PARSED] < size, "the kill came after the batch: nothing was tested"

    start_worker(pool="prefork", concurrency=2)
    wait_until(lambda: quiet(batch), 90, what="the new worker done with the queue")
    # What the killed worker held is unacknowledged in Redis until the visibility timeout: the sweep recovers it.
    left = {s: n for s, n in counts(batch).items() if s in IN_PROGRESS and n}
    assert left, f"expected articles left by the killed worker, got {counts(batch)}"
    assert sweep_stuck(timedelta(0)).requeued
    wait_until(lambda: counts(batch)[Status.PARSED] == size, 60, what=f"all {size} parsed")
    assert_each_parsed_exactly_once(batch, size)


def pool_processes(worker) -> list[int]:
    """The worker's prefork children: processes whose parent it is (Linux: /proc/*/stat)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "(command name)": state, ppid, ...
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == worker.process.pid:
            children.append(int(stat.parent.name))
    return children


def test_a_pool_process_killed_mid_parse_has_its_task_redelivered(start_worker, seed_bytes):
    """Prefork: the parent sees the child die; reject_on_worker_lost puts the message back at once."""
    size = 16
    worker = start_worker(pool="prefork", concurrency=2)
    children = wait_until(lambda: len(pool_processes(worker)) == 2 and pool_processes(worker), 90, every=0.5,
                          what="two pool processes")
    batch = upload_batch(article_variants(seed_bytes, size, body_repeats=8))
    wait_until(lambda: counts(batch)[Status.PARSING], 60, every=0.005, what="a parse in progress")
    for child in children:
        os.kill(child, signal.SIGKILL)
    wait_until(lambda: counts(batch)[Status.PARSED] == size, 90, what=f"all {size} parsed without a sweep")
    assert worker.alive
    assert_each_parsed_exactly_once(batch, size)


def test_an_upload_while_the_broker_is_down_is_kept_and_parsed_after_the_sweep(
    own_redis, start_worker, staff_client, seed_bytes, celery_in_process
):
    point_app_at(celery_in_process, own_redis.url)
    own_redis.kill()
    started = time.monotonic()
    response = staff_client.post(reverse("admin:articles_article_add"), {
        "upload": [SimpleUploadedFile("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"]),
                   SimpleUploadedFile("b.txt", seed_bytes["001_2e5e79049d15ada6.txt"])],
        "pasted_text": "", "source_name": "", "source_url": "", "published_override": "",
    })
    assert response.status_code == 302
    assert time.monotonic() - started < 10, "an upload must not hang on a dead broker"
    articles = list(Article.objects.order_by("pk"))
    assert [a.status for a in articles] == [Status.QUEUED, Status.QUEUED]
    assert {run.error_code for run in ParseRun.objects.all()} == {"broker_unavailable"}
    assert sweep_stuck(timedelta(0)).broker_down  # nothing to do while it is down; nothing lost either

    own_redis.start()
    start_worker(broker=own_redis.url)
    report = sweep_stuck(timedelta(0))
    assert sorted(report.requeued) == [a.pk for a in articles]
    for article in articles:
        assert wait_for_status(article.pk, {Status.PARSED, Status.FAILED}).status == Status.PARSED
        outcomes = list(article.parse_runs.order_by("id").values_list("outcome", "error_code"))
        assert outcomes == [(Outcome.ABANDONED, "unsent"), (Outcome.SUCCESS, "")]
