"""The sweep: nothing stays queued or parsing forever, and nothing is re-sent forever."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from articles import services
from articles.models import Article, Outcome, ParseRun, Status
from articles.sweep import parse_queue_length, sweep_stuck
from articles.tasks import parse_article
from articles.tasks import sweep_stuck as sweep_task
from config.celery import app
from tests.articles.workers import drop_queue
from tests.conftest import ROOT, skip_or_fail

pytestmark = pytest.mark.django_db

STUCK = timedelta(minutes=settings.PARSE_STUCK_AFTER_MINUTES)


def left_behind(raw: bytes, status: str = Status.QUEUED, minutes: float = 60) -> Article:
    """An article whose parse message never arrived (or whose worker died), `minutes` ago."""
    article = services.create_article(raw).article  # in a test transaction: its task is never sent
    if status == Status.PARSING:
        services.claim_run(article.pk, article.parse_runs.get().pk)
    Article.objects.filter(pk=article.pk).update(status_changed_at=timezone.now() - timedelta(minutes=minutes))
    return article


def test_it_requeues_an_article_left_queued(seed_bytes, django_capture_on_commit_callbacks):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"])
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep_stuck()
    assert report.requeued == [article.pk]
    article.refresh_from_db()
    assert article.status == Status.PARSED
    assert list(article.parse_runs.order_by("id").values_list("outcome", "error_code")) == [
        (Outcome.ABANDONED, "stuck"), (Outcome.SUCCESS, "")]


def test_it_requeues_an_article_whose_worker_died(seed_bytes, django_capture_on_commit_callbacks):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"], Status.PARSING)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_stuck().requeued == [article.pk]
    assert Article.objects.get(pk=article.pk).status == Status.PARSED


def test_it_leaves_recent_and_finished_articles_alone(seed_bytes, django_capture_on_commit_callbacks):
    recent = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"], minutes=settings.PARSE_STUCK_AFTER_MINUTES - 1)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.create_article(seed_bytes["001_2e5e79049d15ada6.txt"]).article
    Article.objects.filter(pk=done.pk).update(status_changed_at=timezone.now() - timedelta(days=1))
    assert sweep_stuck().requeued == []
    assert recent.parse_runs.get().outcome == Outcome.QUEUED


def test_a_late_message_of_a_swept_run_is_skipped(seed_bytes, django_capture_on_commit_callbacks):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"], Status.PARSING)
    lost_run = article.parse_runs.get()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_stuck()
    # Redis gives the dead worker's message back after its visibility timeout:
    assert parse_article.apply(args=[article.pk, lost_run.pk]).get() == "skipped"
    assert article.parse_runs.filter(outcome=Outcome.SUCCESS).count() == 1


def test_an_article_that_keeps_losing_its_worker_fails_with_the_reason(seed_bytes):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"], Status.PARSING)
    for _ in range(settings.PARSE_SWEEP_MAX_REQUEUES):
        assert sweep_stuck(timedelta(0)).requeued == [article.pk]  # not sent: the run stays queued, then lost
    report = sweep_stuck(timedelta(0))
    article.refresh_from_db()
    assert report.failed == [article.pk] and report.requeued == []
    assert (article.status, article.error_code) == (Status.FAILED, "worker_lost")
    assert f"{settings.PARSE_SWEEP_MAX_REQUEUES + 1} times in a row" in article.error_message
    assert not article.parse_runs.filter(outcome__in=[Outcome.QUEUED, Outcome.RUNNING]).exists()


def test_messages_the_broker_refused_do_not_count_as_lost_workers(seed_bytes):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"])
    for _ in range(settings.PARSE_SWEEP_MAX_REQUEUES + 2):
        article.parse_runs.filter(outcome=Outcome.QUEUED).update(error_code="broker_unavailable")
        assert sweep_stuck(timedelta(0)).requeued == [article.pk]
    assert Article.objects.get(pk=article.pk).status == Status.QUEUED
    assert set(article.parse_runs.filter(outcome=Outcome.ABANDONED).values_list("error_code", flat=True)) == {"unsent"}


def test_the_command_reports_what_it_did(seed_bytes, capsys, django_capture_on_commit_callbacks):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_stuck", "--minutes", "30")
    assert "Re-queued 1 article(s), marked 0 failed." in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).status == Status.PARSED


def test_the_beat_task_sweeps(seed_bytes, django_capture_on_commit_callbacks):
    article = left_behind(seed_bytes["000_9fbf4d02873f802f.txt"])
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep_task.apply().get()
    assert result == {"requeued": [article.pk], "failed": [], "broker_down": False}


def test_beat_sends_the_sweep_on_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stuck-articles"]
    assert entry["task"] == sweep_task.name and entry["task"] in app.tasks
    assert entry["schedule"] == settings.PARSE_SWEEP_EVERY_SECONDS
    assert app.conf.beat_schedule_filename.startswith(str(settings.VAR_DIR))


def test_compose_runs_one_beat_with_the_app_settings():
    services_ = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    beat, worker = services_["beat"], services_["worker"]
    assert beat["command"][:4] == ["celery", "-A", "config", "beat"]
    assert beat["environment"] == worker["environment"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "celerybeat@" in " ".join(beat["healthcheck"]["test"])


@pytest.fixture
def real_queue(celery_in_process):
    """This process sends to a queue of its own on the real broker, with no worker on it."""
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("CELERY_BROKER_URL is not set: no broker to count messages in")
    queue = f"test-sweep-{uuid.uuid4().hex[:8]}"
    celery_in_process.conf.task_always_eager = False
    celery_in_process.conf.task_default_queue = queue
    yield queue
    drop_queue(app, queue)
    celery_in_process.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE


def test_queued_articles_waiting_their_turn_are_not_sent_twice(real_queue, seed_bytes,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.create_article(seed_bytes["000_9fbf4d02873f802f.txt"]).article  # its message is queued
    dead = left_behind(seed_bytes["001_2e5e79049d15ada6.txt"], Status.PARSING)
    Article.objects.filter(pk=waiting.pk).update(status_changed_at=timezone.now() - timedelta(hours=1))
    assert parse_queue_length() == 1
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep_stuck()
    assert report.requeued == [dead.pk]
    assert parse_queue_length() == 2
    assert ParseRun.objects.filter(article=waiting).count() == 1
