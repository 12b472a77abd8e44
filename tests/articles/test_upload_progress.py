"""The upload page's script sends files one at a time to upload.json and shows a result per file as it is stored.

The endpoint answers JSON lines: the batch, then one line per stored file (a zip's members one by one), then done.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, UploadBatch

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_upload_one"


def lines(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]


def send(client, name: str, raw: bytes, **fields):
    return client.post(reverse(URL), {"upload": SimpleUploadedFile(name, raw), **fields})


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def test_files_sent_one_at_a_time_go_to_one_batch_with_a_line_each(staff_client, seed_bytes, editor):
    (first, raw1), (second, raw2) = sorted(seed_bytes.items())[:2]
    answer = lines(send(staff_client, first, raw1, source_name="BelTA"))
    batch = UploadBatch.objects.get()
    assert answer[0] == {"batch": batch.pk, "batch_url": batch.get_absolute_url()} and answer[-1] == {"done": True}
    assert [(e["name"], e["outcome"]) for e in answer[1:-1]] == [(first, "new")]
    assert answer[1]["url"] == reverse("admin:articles_article_change", args=[answer[1]["article"]])

    answer = lines(send(staff_client, second, raw2, batch=batch.pk, source_name="BelTA"))
    again = lines(send(staff_client, "again.txt", raw1, batch=batch.pk))
    assert answer[0]["batch"] == batch.pk and again[1]["outcome"] == "duplicate"
    batch.refresh_from_db()
    assert [e["outcome"] for e in batch.report] == ["new", "new", "duplicate"]
    assert batch.created_by == editor and Article.objects.filter(batch=batch, source_name="BelTA").count() == 2


def test_a_zip_streams_a_line_per_member_refusals_with_their_reason(staff_client, seed_bytes):
    members = {f"a{i}.txt": raw for i, raw in enumerate(sorted(seed_bytes.values())[:3])}
    members["notes.pdf"] = b"%PDF"
    answer = lines(send(staff_client, "three.zip", zipped(members)))
    entries = answer[1:-1]
    assert [e["outcome"] for e in entries] == ["new", "new", "new", "refused"]
    assert entries[3]["name"] == "three.zip/notes.pdf" and "only .txt, .html and .zip" in entries[3]["reason"]


def test_a_bad_request_answers_400_with_the_reason(staff_client, django_user_model):
    response = staff_client.post(reverse(URL), {})
    assert response.status_code == 400 and "Choose a file" in response.content.decode()
    other = UploadBatch.objects.create(created_by=django_user_model.objects.create_user("someone"))
    response = send(staff_client, "a.txt", b"Belarus and Omsk", batch=other.pk)
    assert response.status_code == 400 and not Article.objects.exists()  # not another editor's batch


def test_anonymous_users_and_gets_are_refused(staff_client):
    response = send(Client(), "a.txt", b"Belarus and Omsk")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert staff_client.get(reverse(URL)).status_code == 405
    assert not Article.objects.exists()


def test_the_page_carries_the_script_and_the_form_still_posts_without_it(staff_client, seed_bytes):
    page = staff_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "admin-extra/upload.js" in page and f'data-upload-one-url="{reverse(URL)}"' in page
    assert "data-drop-zone" in page and "data-upload-progress" in page
    name, raw = sorted(seed_bytes.items())[0]
    response = staff_client.post(reverse("admin:articles_article_add"), {"upload": [SimpleUploadedFile(name, raw)]})
    assert response.status_code == 302 and response["Location"] == UploadBatch.objects.get().get_absolute_url()
