"""Real Celery workers parse what editors upload through the admin.

Needs a broker (CELERY_BROKER_URL); skipped with the reason without one, and
failing instead in CI.
"""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import IN_PROGRESS, Article, Outcome, ParseRun, Status, UploadBatch
from tests.articles.workers import article_variants, wait_for_status, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {"pasted_text": "", "source_name": "", "source_url": "", "published_override": ""}


def upload(client, files: dict[str, bytes]):
    uploads = [SimpleUploadedFile(name, raw) for name, raw in files.items()]
    return client.post(reverse("admin:articles_article_add"), {**FORM, "upload": uploads})


def test_a_real_worker_parses_an_admin_upload(start_worker, staff_client, seed_bytes):
    start_worker()
    response = upload(staff_client, {"000.txt": seed_bytes["000_9fbf4d02873f802f.txt"]})
    assert response.status_code == 302
    article = wait_for_status(Article.objects.get().pk, {Status.PARSED, Status.FAILED})
    assert article.status == Status.PARSED, article.error_message
    assert article.parse_runs.get().duration_ms is not None


def database_counts(batch: UploadBatch) -> dict[str, int]:
    return Article.objects.filter(batch=batch).status_counts()


def test_a_batch_of_50_is_parsed_and_every_poll_matches_the_database(start_worker, staff_client, seed_bytes):
    start_worker(pool="prefork", concurrency=2)
    files = {f"article-{i:02}.txt": raw for i, raw in enumerate(article_variants(seed_bytes, 50))}
    response = upload(staff_client, files)
    batch = UploadBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    poll_url = reverse("admin:articles_article_status") + f"?batch={batch.pk}"
    deadline, polls = time.monotonic() + 120, []
    while time.monotonic() < deadline:
        before = database_counts(batch)
        shown = staff_client.get(poll_url).json()
        after = database_counts(batch)
        polls.append(shown["counts"])
        # Parsing only moves forward: what the page shows lies between the database before and after the poll.
        assert before[Status.PARSED] <= shown["counts"][Status.PARSED] <= after[Status.PARSED]
        assert before[Status.QUEUED] >= shown["counts"][Status.QUEUED] >= after[Status.QUEUED]
        assert shown["total"] == sum(shown["counts"].values()) == 50
        assert shown["in_progress"] == sum(shown["counts"][s] for s in IN_PROGRESS)
        if not shown["in_progress"]:
            break
        time.sleep(0.1)
    assert polls[-1] == database_counts(batch) == {**dict.fromkeys(Status.values, 0), Status.PARSED: 50}
    assert ParseRun.objects.filter(article__batch=batch, outcome=Outcome.SUCCESS).count() == 50
    # After a reload the page shows the same numbers: they come from the database.
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert 'data-count="parsed">50<' in page


RUSSIAN = ("Минск и Брянская область расширят сотрудничество\n\n"
           "Товарооборот Беларуси и Брянской области в 2020 году превысил 700 млн долларов, "
           "сообщил губернатор Александр Богомаз.\n")
BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": b"\x00\x01\x02\x03binary\x00\xff" * 50,
    "too-big.txt": b"Belarus and Omsk Oblast. " * 4000,
    "invalid-utf8.txt": b"Belarus and Omsk Oblast \xff\xfe\xfd trade grew\n\nTrade grew in 2020.\n",
    "windows-1251.txt": RUSSIAN.encode("cp1251"),
    "script.html": b"<html><head><title>Minsk <script>alert('title')</script></title></head><body>"
                   b"<h1>Belarus and Omsk Oblast</h1><script>alert('xss')</script>"
                   b"<p>Trade between Belarus and Omsk Oblast grew in 2020.</p></body></html>",
    "notes.pdf": b"%PDF-1.4 not an article",
}


def test_bad_inputs_get_a_reason_and_crash_no_worker(start_worker, staff_client, seed_bytes, settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 64 * 1024
    worker = start_worker()
    response = upload(staff_client, {**BAD_INPUTS, "good.txt": seed_bytes["003_a8edd24489970e3b.txt"]})
    assert response.status_code == 302
    report = {entry["name"]: entry for entry in UploadBatch.objects.get().report}
    assert report["empty.txt"]["reason"] == "the file is empty"
    assert "over the 64.0 KB limit" in report["too-big.txt"]["reason"]
    assert "only .txt, .html and .zip" in report["notes.pdf"]["reason"]
    stored = wait_until(lambda: not Article.objects.filter(status__in=IN_PROGRESS).exists() and Article.objects.all(),
                        60, what="every stored article parsed or failed")
    by_name = {a.original_filename: a for a in stored}
    assert set(by_name) == {"binary.txt", "invalid-utf8.txt", "windows-1251.txt", "script.html", "good.txt"}
    for name, article in by_name.items():
        assert bytes(article.raw) == BAD_INPUTS.get(name, seed_bytes["003_a8edd24489970e3b.txt"])
        assert article.status == Status.PARSED or (article.error_code and article.error_message), name
    assert by_name["binary.txt"].status == Status.FAILED and by_name["binary.txt"].error_code == "binary"
    assert by_name["windows-1251.txt"].status == Status.PARSED
    assert "Брянской области" in by_name["windows-1251.txt"].text
    assert by_name["good.txt"].status == Status.PARSED
    assert worker.alive, worker.log()
