"""A real Celery worker parses an article uploaded through the admin.

Needs a broker (CELERY_BROKER_URL); skipped with the reason without one,
and failing instead in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from articles.models import Article, Status
from tests.conftest import ROOT, skip_or_fail

pytestmark = pytest.mark.django_db(transaction=True)


def database_url_of_test_db() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def real_worker(celery_in_process):
    """A `celery -A belregions worker` subprocess on its own queue of the real broker."""
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("CELERY_BROKER_URL is not set: no broker for a real worker")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": database_url_of_test_db(), "CELERY_TASK_DEFAULT_QUEUE": queue}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "belregions", "worker", "-Q", queue, "--pool", "solo",
         "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    celery_in_process.conf.task_always_eager = False
    celery_in_process.conf.task_default_queue = queue
    yield worker
    celery_in_process.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def wait_for_status(pk: int, statuses: set[str], seconds: float = 60) -> Article:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        article = Article.objects.get(pk=pk)
        if article.status in statuses:
            return article
        time.sleep(0.2)
    raise AssertionError(f"article {pk} still {article.status} after {seconds}s")


def test_a_real_worker_parses_an_admin_upload(real_worker, client, seed_bytes):
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw-for-tests-123")
    client.force_login(user)
    raw = seed_bytes["000_9fbf4d02873f802f.txt"]
    response = client.post(reverse("admin:articles_article_add"), {
        "upload": SimpleUploadedFile("000.txt", raw), "pasted_text": "", "source_name": "",
        "source_url": "", "published_override": "",
    })
    assert response.status_code == 302
    article = wait_for_status(Article.objects.get().pk, {Status.PARSED, Status.FAILED})
    assert article.status == Status.PARSED, article.error_message
    assert article.parse_runs.get().duration_ms is not None
