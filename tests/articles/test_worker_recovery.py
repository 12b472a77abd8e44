"""Nothing is lost and nothing is parsed twice when a worker dies or the broker goes away, and it is
recovered in seconds (articles/recovery.py): after an outage within 30 s of the broker's return, after a
worker's kill -9 within 90 s.

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
from articles.models import Article, Outcome, ParseRun, Status, UploadBatch
from articles.sweep import sweep_stuck
from belregions.fact_kinds import FACT_MODELS
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


# Recovery every 2 s, a run unheld for 2 s is lost: the test's clock; the defaults are 10 s each.
FAST_RECOVERY = {"PARSE_RECOVER_EVERY_SECONDS": "2", "PARSE_LOST_AFTER_SECONDS": "2"}


def test_a_worker_killed_mid_batch_is_recovered_within_90_s_without_the_sweep(start_worker, seed_bytes,
                                                                              monkeypatch):
    """kill -9 of the whole worker: what it held is unacknowledged in Redis for an hour; recovery sees
    that no live worker holds those runs' messages and queues them again, each parsed once."""
    size = 24
    monkeypatch.setattr(services, "PARSE_BATCH_SIZE", 4)  # six messages of four: some written when it is killed
    first = start_worker(pool="prefork", concurrency=2, env=FAST_RECOVERY)
    start_worker(beat=True, env=FAST_RECOVERY)
    batch = upload_batch(article_variants(seed_bytes, size, body_repeats=8))
    wait_until(lambda: counts(batch)[Status.PARSED] >= 3 and counts(batch)[Status.PARSING], 120, every=0.005,
               what="the worker parsing mid-batch")
    first.kill()
    killed = time.monotonic()
    at_kill = counts(batch)
    assert at_kill[Status.PARSED] < size, "the kill came after the batch: nothing was tested"

    start_worker(pool="prefork", concurrency=2, env=FAST_RECOVERY)
    wait_until(lambda: counts(batch)[Status.PARSED] == size, 90, what=f"all {size} parsed within 90 s of the kill")
    assert time.monotonic() - killed < 90
    lost = ParseRun.objects.filter(article__batch=batch, outcome=Outcome.ABANDONED, error_code="stuck")
    assert lost.exists(), "the killed worker's runs were recovered as lost"
    assert all(task_id.startswith("parse-batch-") for task_id in lost.values_list("task_id", flat=True))
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


def upload_two(client, seed_bytes):
    return client.post(reverse("admin:articles_article_add"), {
        "upload": [SimpleUploadedFile("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"]),
                   SimpleUploadedFile("b.txt", seed_bytes["001_2e5e79049d15ada6.txt"])],
        "pasted_text": "", "source_name": "", "source_url": "", "published_override": "",
    })


def test_an_upload_while_the_broker_is_down_is_parsed_when_a_worker_connects(
    own_redis, start_worker, staff_client, seed_bytes, celery_in_process
):
    point_app_at(celery_in_process, own_redis.url)
    own_redis.kill()
    started = time.monotonic()
    response = upload_two(staff_client, seed_bytes)
    assert response.status_code == 302
    assert time.monotonic() - started < 10, "an upload must not hang on a dead broker"
    articles = list(Article.objects.order_by("pk"))
    assert [a.status for a in articles] == [Status.QUEUED, Status.QUEUED]
    assert {run.error_code for run in ParseRun.objects.all()} == {services.UNSENT}
    assert sweep_stuck(timedelta(0)).broker_down  # nothing to do while it is down; nothing lost either
    page = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "2 waiting for the broker since" in page and "(will retry)" in page

    own_redis.start()
    start_worker(broker=own_redis.url)  # on connecting, the worker asks for a recovery: no sweep, no beat
    for article in articles:
        assert wait_for_status(article.pk, {Status.PARSED, Status.FAILED}, 30).status == Status.PARSED
        # The same run, sent again: nothing abandoned, nothing parsed twice.
        assert list(article.parse_runs.values_list("outcome", "error_code")) == [(Outcome.SUCCESS, "")]


def test_uploads_during_an_outage_are_parsed_within_30_s_of_the_brokers_return(
    own_redis, start_worker, seed_bytes, celery_in_process
):
    """The worker runs through the outage: it reconnects every second and asks for a recovery at once."""
    point_app_at(celery_in_process, own_redis.url)
    start_worker(pool="prefork", concurrency=2, broker=own_redis.url)
    before = upload_batch(article_variants(seed_bytes, 3)[:1])
    wait_until(lambda: counts(before)[Status.PARSED] == 1, 60, what="the worker parsing before the outage")
    own_redis.kill()
    size = 8
    batch = upload_batch(article_variants(seed_bytes, size + 1)[1:])
    assert counts(batch)[Status.QUEUED] == size
    assert ParseRun.objects.filter(article__batch=batch, error_code=services.UNSENT).count() == size
    time.sleep(3)  # an outage long enough for the worker to notice and start reconnecting
    own_redis.start()
    back = time.monotonic()
    wait_until(lambda: counts(batch)[Status.PARSED] == size, 30, what=f"all {size} parsed within 30 s")
    assert time.monotonic() - back < 30
    assert_each_parsed_exactly_once(batch, size)
