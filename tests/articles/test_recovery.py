"""Recovery (articles/recovery.py): what the broker refused is sent again, what a dead worker held is
queued again, and the editors' pages say which articles wait and why. In-process; the real worker and
broker are in test_worker_recovery.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles import recovery, services
from articles.models import Article, Outcome, ParseRun, Status
from articles.tasks import recover as recover_task
from config.celery import Consumer, RecoverOnConnect, app

pytestmark = pytest.mark.django_db


def unsent(raw: bytes) -> Article:
    """An upload whose message the broker refused (in a test transaction its task is never sent)."""
    article = services.create_article(raw).article
    article.parse_runs.update(error_code=services.UNSENT, error_message="The task broker could not be reached.")
    return article


def lost(raw: bytes) -> Article:
    """An article a worker was parsing a minute ago, before it died."""
    article = services.create_article(raw).article
    services.claim_run(article.pk, article.parse_runs.get().pk)
    article.parse_runs.update(started_at=timezone.now() - timedelta(minutes=1))
    return article


@pytest.fixture
def workers_hold(monkeypatch):
    """What the live workers answer when asked which runs they hold (none by default)."""
    held: set[str] = set()
    monkeypatch.setattr(recovery, "held_by_workers", lambda task_ids: held & set(task_ids))
    return held


def test_a_refused_message_is_sent_again_for_the_same_run(seed_bytes, workers_hold):
    article = unsent(seed_bytes["000_9fbf4d02873f802f.txt"])
    report = recovery.recover()
    assert report.resent == [article.pk] and report.requeued == []
    article.refresh_from_db()
    assert article.status == Status.PARSED
    assert list(article.parse_runs.values_list("outcome", "error_code")) == [(Outcome.SUCCESS, "")]


def test_each_refused_message_is_sent_by_one_recovery_only(seed_bytes, monkeypatch):
    article = unsent(seed_bytes["000_9fbf4d02873f802f.txt"])
    sent = []
    monkeypatch.setattr(services, "send_parse_task", lambda article_id, run_id: sent.append(run_id))
    assert recovery.resend_unsent() == [article.pk]
    assert recovery.resend_unsent() == []  # a second worker recovering at the same time finds nothing
    assert sent == [article.parse_runs.get().pk]


def test_nothing_is_sent_while_the_broker_is_down(seed_bytes, monkeypatch):
    article = unsent(seed_bytes["000_9fbf4d02873f802f.txt"])
    monkeypatch.setattr(recovery.sweep, "parse_queue_length", lambda: None)
    assert recovery.recover().broker_down
    assert article.parse_runs.get().error_code == services.UNSENT


def test_a_run_no_live_worker_holds_is_queued_again(seed_bytes, workers_hold, django_capture_on_commit_callbacks):
    article = lost(seed_bytes["000_9fbf4d02873f802f.txt"])
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover().requeued == [article.pk]
    article.refresh_from_db()
    assert article.status == Status.PARSED
    assert list(article.parse_runs.order_by("id").values_list("outcome", "error_code")) == [
        (Outcome.ABANDONED, "stuck"), (Outcome.SUCCESS, "")]


def test_a_run_a_live_worker_holds_is_left_alone(seed_bytes, workers_hold):
    article = lost(seed_bytes["000_9fbf4d02873f802f.txt"])
    workers_hold.add(article.parse_runs.get().message_id)
    assert recovery.recover().requeued == []
    assert article.parse_runs.get().outcome == Outcome.RUNNING


def test_young_runs_and_retrying_runs_are_not_judged(seed_bytes, workers_hold):
    young = services.create_article(seed_bytes["000_9fbf4d02873f802f.txt"]).article
    services.claim_run(young.pk, young.parse_runs.get().pk)
    retrying = lost(seed_bytes["001_2e5e79049d15ada6.txt"])
    retrying.parse_runs.update(error_code="transient")
    assert recovery.lost_runs(queue_empty=True) == []


def test_queued_runs_are_judged_only_when_the_queue_is_empty(seed_bytes, workers_hold):
    article = services.create_article(seed_bytes["000_9fbf4d02873f802f.txt"]).article
    article.parse_runs.update(queued_at=timezone.now() - timedelta(minutes=1))
    run = article.parse_runs.get()
    assert recovery.lost_runs(queue_empty=False) == []  # it may be waiting its turn
    assert recovery.lost_runs(queue_empty=True) == [(run.pk, article.pk)]


def test_an_article_that_keeps_losing_its_worker_fails(seed_bytes, workers_hold):
    article = lost(seed_bytes["000_9fbf4d02873f802f.txt"])
    for _ in range(settings.PARSE_SWEEP_MAX_REQUEUES):
        assert recovery.recover().requeued == [article.pk]
        run = article.parse_runs.get(outcome=Outcome.QUEUED)  # a worker takes it, and dies too
        services.claim_run(article.pk, run.pk)
        ParseRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=1))
    assert recovery.recover().failed == [article.pk]
    article.refresh_from_db()
    assert (article.status, article.error_code) == (Status.FAILED, "worker_lost")


def test_the_pages_say_why_articles_wait(seed_bytes, workers_hold, staff_client):
    waiting = [unsent(seed_bytes[name]).pk for name in ("000_9fbf4d02873f802f.txt", "001_2e5e79049d15ada6.txt")]
    requeued = lost(seed_bytes["003_a8edd24489970e3b.txt"])
    recovery.requeue_lost(requeued.parse_runs.get().pk, requeued.pk)  # not sent: a test transaction
    since = f"{timezone.localtime(ParseRun.objects.get(article_id=waiting[0]).queued_at):%H:%M}"
    ids = ",".join(str(pk) for pk in [*waiting, requeued.pk])
    body = staff_client.get(reverse("admin:articles_article_status") + f"?ids={ids}").json()
    assert [(n["kind"], n["count"]) for n in body["waiting"]] == [("broker", 2), ("worker_lost", 1)]
    assert body["waiting"][0]["text"] == f"2 waiting for the broker since {since} (will retry)"
    assert body["waiting"][1]["text"] == "1 worker lost, re-queued"
    notes = {a["id"]: a["note"] for a in body["articles"]}
    assert notes == {waiting[0]: f"Waiting for the broker since {since} (will retry)",
                     waiting[1]: f"Waiting for the broker since {since} (will retry)",
                     requeued.pk: "Worker lost, re-queued"}
    page = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f"2 waiting for the broker since {since} (will retry)" in page and "1 worker lost, re-queued" in page


def test_the_batch_page_says_why_its_articles_wait(seed_bytes, staff_client):
    from articles import uploads

    batch = uploads.store_batch([uploads.Incoming("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"])])
    ParseRun.objects.update(outcome=Outcome.QUEUED, error_code=services.UNSENT)
    Article.objects.update(status=Status.QUEUED)
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "1 waiting for the broker since" in page
    assert page.count("(will retry)") == 2  # the panel, and the article's row


def test_beat_recovers_every_few_seconds_and_each_worker_on_connecting():
    entry = settings.CELERY_BEAT_SCHEDULE["recover-parses"]
    assert entry["task"] == recover_task.name and entry["task"] in app.tasks
    assert entry["schedule"] == settings.PARSE_RECOVER_EVERY_SECONDS
    assert entry["options"]["expires"] <= settings.PARSE_RECOVER_EVERY_SECONDS
    assert app.conf.worker_consumer == "config.celery:Consumer" and issubclass(Consumer, object)
    assert RecoverOnConnect in app.steps["consumer"]
    assert app.conf.broker_connection_max_retries is None  # a worker outlives an outage of any length


def test_the_recover_task_reports(seed_bytes, workers_hold):
    article = unsent(seed_bytes["000_9fbf4d02873f802f.txt"])
    assert recover_task.apply().get() == {"resent": [article.pk], "requeued": [], "failed": [],
                                          "broker_down": False}
