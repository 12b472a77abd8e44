"""Editors upload batches, watch statuses and re-parse through the admin; nobody else gets in."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import services
from articles.models import Article, Outcome, ParseRun, Status, UploadBatch

pytestmark = pytest.mark.django_db

FORM = {"pasted_text": "", "source_name": "", "source_url": "", "published_override": ""}
ADD = "admin:articles_article_add"


def post_upload(client, files=(), **fields):
    data = {**FORM, **fields}
    if files:
        data["upload"] = [SimpleUploadedFile(name, raw) for name, raw in files]
    return client.post(reverse(ADD), data)


@pytest.fixture
def parsed_upload(staff_client, django_capture_on_commit_callbacks):
    """Upload as the editor and run the queued parses, as the commit would."""

    def upload(files=(), **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return post_upload(staff_client, files, **fields)

    return upload


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def test_it_uploads_a_file_and_parses_it(staff_client, seed_bytes, django_capture_on_commit_callbacks):
    raw = seed_bytes["003_a8edd24489970e3b.txt"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(staff_client, [("003.txt", raw)], source_name="BelTA")
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.batch.get_absolute_url()
    assert bytes(article.raw) == raw
    assert article.status == Status.PARSED
    assert article.uploaded_by.username == "editor" and article.source_name == "BelTA"


def test_it_uploads_many_files_a_zip_and_pasted_text_as_one_batch(staff_client, seed_bytes):
    names = sorted(seed_bytes)
    archive = zip_of({"folder/a.txt": seed_bytes[names[2]], "b.html": b"<html><body><p>Belarus and Omsk</p></body>"})
    response = post_upload(staff_client, [("one.txt", seed_bytes[names[0]]), ("two.txt", seed_bytes[names[1]]),
                                          ("more.zip", archive)],
                           pasted_text="Belarus and Omsk Oblast\n\nTrade grew.", published_override="2020-01-02",
                           source_url="https://example.org/news")
    assert response.status_code == 302
    batch = UploadBatch.objects.get()
    assert [e["outcome"] for e in batch.report] == ["new"] * 5
    assert sorted(batch.articles.values_list("original_filename", flat=True)) == [
        "more.zip/b.html", "more.zip/folder/a.txt", "one.txt", "pasted.txt", "two.txt"]
    assert set(batch.articles.values_list("published_override", "source_url")) == {
        (date(2020, 1, 2), "https://example.org/news")}


def test_a_refused_file_does_not_stop_the_others(staff_client, seed_bytes, settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 1000
    response = post_upload(staff_client, [("notes.pdf", b"%PDF-1.4"), ("empty.txt", b""),
                                          ("big.txt", b"x" * 1001), ("ok.txt", b"Belarus and Omsk Oblast.")])
    assert response.status_code == 302
    assert list(Article.objects.values_list("original_filename", flat=True)) == ["ok.txt"]
    page = staff_client.get(response["Location"]).content.decode()
    assert "Refused notes.pdf: only .txt, .html and .zip files are accepted, not .pdf." in page
    assert "Refused empty.txt: the file is empty." in page
    assert "Refused big.txt: the file is 1001 bytes, over the 1000 bytes limit per file." in page


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param({}, "Choose a file or paste the article", id="nothing"),
        pytest.param({"pasted_text": "Omsk", "source_url": "not a url"}, "Enter a valid URL", id="bad-url"),
        pytest.param({"pasted_text": "Omsk", "published_override": "yesterday"}, "Enter a valid date", id="bad-date"),
    ],
)
def test_it_refuses_a_bad_form_with_a_clear_message(staff_client, data, message):
    response = post_upload(staff_client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists() and not UploadBatch.objects.exists()


def test_it_names_the_duplicate_with_a_link(staff_client, seed_bytes):
    raw = seed_bytes["000_9fbf4d02873f802f.txt"]
    post_upload(staff_client, [("a.txt", raw)])
    first = Article.objects.get()
    response = post_upload(staff_client, [("b.txt", raw)])
    assert Article.objects.count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    link = reverse("admin:articles_article_change", args=[first.pk])
    assert f'Uploaded before: b.txt is <a href="{link}">article {first.pk}</a>.' in page
    assert UploadBatch.objects.order_by("pk").last().report == [
        {"name": "b.txt", "outcome": "duplicate", "article": first.pk, "reason": f"same file as article {first.pk}"}]


def test_the_status_endpoint_counts_from_the_database(staff_client, parsed_upload, seed_bytes,
                                                      django_assert_num_queries):
    parsed_upload([("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"]), ("bin.txt", b"\x00\x01" * 40)])
    batch = UploadBatch.objects.get()
    ids = ",".join(str(pk) for pk in Article.objects.values_list("pk", flat=True))
    url = reverse("admin:articles_article_status") + f"?batch={batch.pk}&ids={ids}"
    with django_assert_num_queries(7):  # session, user, the editor's own and group permissions, batch, counts, rows
        body = staff_client.get(url).json()
    assert body["counts"] == {"queued": 0, "parsing": 0, "parsed": 1, "failed": 1, "duplicate": 0}
    assert body["total"] == 2 and body["in_progress"] == 0
    failed = next(a for a in body["articles"] if a["status"] == "failed")
    assert failed["label"] == "Failed" and "NUL bytes" in failed["error"]


@pytest.mark.parametrize(
    "query, status",
    [
        pytest.param("?batch=abc", 400, id="batch-not-a-number"),
        pytest.param("?ids=1,x", 400, id="ids-not-numbers"),
        pytest.param("?batch=999999", 404, id="no-such-batch"),
    ],
)
def test_the_status_endpoint_answers_bad_requests_with_4xx(staff_client, query, status):
    response = staff_client.get(reverse("admin:articles_article_status") + query)
    assert response.status_code == status


def test_the_changelist_shows_counts_and_the_polling_script(staff_client, parsed_upload, seed_bytes):
    parsed_upload([("bin.txt", b"\x00\x01" * 40)])
    page = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'data-count="failed">1<' in page
    assert 'src="/static/admin-extra/status.js"' in page
    assert f'data-status-url="{reverse("admin:articles_article_status")}"' in page
    assert "Re-parse all failed (1)" in page


def test_reparse_button_queues_a_new_run(staff_client, parsed_upload, seed_bytes, django_capture_on_commit_callbacks):
    parsed_upload([("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"])])
    article = Article.objects.get()
    url = reverse("admin:articles_article_reparse", args=[article.pk])
    assert staff_client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert response.status_code == 302
    runs = list(article.parse_runs.order_by("id").values_list("outcome", "requested_by__username"))
    assert runs == [(Outcome.SUCCESS, "editor"), (Outcome.SUCCESS, "editor")]


def test_reparse_all_failed_retries_once_the_cause_is_fixed(staff_client, parsed_upload, seed_bytes, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise RuntimeError("gazetteer missing")

    real = services.extract
    monkeypatch.setattr(services, "extract", broken)
    parsed_upload([("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"]),
                               ("b.txt", seed_bytes["001_2e5e79049d15ada6.txt"])])
    assert set(Article.objects.values_list("status", "error_code")) == {(Status.FAILED, "internal_error")}
    monkeypatch.setattr(services, "extract", real)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:articles_article_reparse_failed"))
    assert response.status_code == 302
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PARSED}
    assert ParseRun.objects.filter(outcome=Outcome.FAILURE).count() == 2


def test_the_bulk_action_reparses_the_selection(staff_client, parsed_upload, seed_bytes,
                                                django_capture_on_commit_callbacks):
    parsed_upload([("a.txt", seed_bytes["000_9fbf4d02873f802f.txt"])])
    article = Article.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:articles_article_changelist"),
                          {"action": "reparse", "_selected_action": [article.pk]})
    assert article.parse_runs.filter(outcome=Outcome.SUCCESS).count() == 2


def test_a_failed_article_keeps_its_bytes_for_download(staff_client, parsed_upload):
    raw = b"\x00\x01\x02binary\x00" * 10
    parsed_upload([("broken.txt", raw)])
    article = Article.objects.get()
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "binary" in page and "NUL bytes" in page
    response = staff_client.get(reverse("admin:articles_article_original", args=[article.pk]))
    assert response.content == raw
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_changing_the_published_date_reparses(staff_client, parsed_upload, seed_bytes,
                                              django_capture_on_commit_callbacks):
    parsed_upload([("a.txt", seed_bytes["002_8d89b00f824a06c9.txt"])])
    article = Article.objects.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"source_name": "", "source_url": "", "published_override": "2013-04-05",
                                           "parse_runs-TOTAL_FORMS": "0", "parse_runs-INITIAL_FORMS": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert str(article.published) == "2013-04-05"
    assert article.parse_runs.count() == 2


def test_anonymous_users_are_sent_to_login(client):
    for url in (reverse("admin:articles_article_changelist"), reverse("admin:articles_article_status")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_non_staff_users_cannot_upload(client):
    user = get_user_model().objects.create_user("reader", "r@example.com", "pw-for-tests-123")
    client.force_login(user)
    response = post_upload(client, pasted_text="Belarus and Omsk")
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not Article.objects.exists()
