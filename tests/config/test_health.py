"""The health check (config/health.py): /healthz for monitoring and the admin index's banner.

A dead broker is a closed port (no broker needed); a real worker needs one (skipped without it, failing in CI).
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from config import health
from tests.articles.workers import free_port, point_app_at, wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_health():
    """Each test checks anew: nothing kept from an earlier test's broker or workers."""
    cache.delete_many([health.CELERY_KEY, health.WORKER_SEEN_KEY])
    yield
    cache.delete_many([health.CELERY_KEY, health.WORKER_SEEN_KEY])


@pytest.fixture
def dead_broker(celery_in_process, settings):
    """This process sends to a broker that is not there (a closed port)."""
    app = celery_in_process
    app.conf.task_always_eager = False
    point_app_at(app, f"redis://127.0.0.1:{free_port()}/0")
    yield
    point_app_at(app, settings.CELERY_BROKER_URL)


def test_in_process_tasks_are_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["ok"] and body["database"]["ok"]
    assert body["broker"] == {"ok": True, "mode": "in-process"} and body["workers"]["ok"]
    assert body["queue"] == {"length": 0, "oldest_queued_age_seconds": None}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_the_oldest_queued_articles_age(client, seed_bytes):
    article = services.create_article(seed_bytes["000_9fbf4d02873f802f.txt"]).article  # parsed in-process
    Article.objects.filter(pk=article.pk).update(status="queued",
                                                 status_changed_at=timezone.now() - timezone.timedelta(minutes=3))
    age = client.get("/healthz").json()["queue"]["oldest_queued_age_seconds"]
    assert 180 <= age < 200


def test_a_dead_broker_answers_503_quickly_and_says_which(client, dead_broker):
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 3, "the health check must not hang on a dead broker"
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["database"]["ok"]
    assert body["broker"]["ok"] is False and body["workers"]["ok"] is False
    assert "redis://" not in response.content.decode()  # no broker address (or password) in a public answer


def test_the_admin_index_shows_a_banner_while_the_broker_is_away(staff_client, dead_broker):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "The task broker cannot be reached" in page and 'class="messagelist health-banner"' in page


def test_no_banner_when_all_is_well(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "health-banner" not in page


@pytest.mark.django_db(transaction=True)  # a worker subprocess reads the database
def test_workers_answering_make_it_healthy_and_their_absence_is_said(start_worker, own_redis, celery_in_process,
                                                                    staff_client, settings):
    """A real broker: no worker answers (503, the banner says so), then one does (200).

    A broker of the test's own: on the shared one, the workers other tests start at the same time answer the
    ping too (a worker is found by broadcast, not by queue). start_worker points the app back at the end."""
    point_app_at(celery_in_process, own_redis.url)
    settings.HEALTH_WORKERS_GRACE_SECONDS = 0
    body = staff_client.get("/healthz").json()
    assert body["broker"]["ok"] and not body["workers"]["ok"] and body["workers"]["answering"] == 0
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "No worker has answered" in page

    start_worker()

    def answers():
        cache.delete(health.CELERY_KEY)
        return staff_client.get("/healthz").status_code == 200

    wait_until(answers, 60, every=0.5, what="/healthz 200 with a worker answering")
    body = staff_client.get("/healthz").json()
    assert body["workers"]["answering"] >= 1 and body["workers"]["last_seen"]
    assert isinstance(body["queue"]["length"], int)
    assert "health-banner" not in staff_client.get(reverse("admin:index")).content.decode()
