"""Editors upload through the admin; nobody else gets in."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw-for-tests-123")
    client.force_login(user)
    return client


def test_it_uploads_a_file_and_parses_it(staff_client, seed_bytes, django_capture_on_commit_callbacks):
    raw = seed_bytes["003_a8edd24489970e3b.txt"]
    # Run the parse task queued on commit, as the real commit would.
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:articles_article_add"), {
            "upload": SimpleUploadedFile("003.txt", raw), "pasted_text": "", "source_name": "BelTA",
            "source_url": "", "published_override": "",
        })
    assert response.status_code == 302
    article = Article.objects.get()
    assert bytes(article.raw) == raw
    assert article.status == Status.PARSED
    assert article.uploaded_by.username == "editor"


def test_it_accepts_pasted_text(staff_client):
    response = staff_client.post(reverse("admin:articles_article_add"), {
        "pasted_text": "Belarus and Omsk Oblast\n\nTrade between Belarus and Omsk Oblast grew in 2020.",
        "source_name": "", "source_url": "", "published_override": "",
    })
    assert response.status_code == 302
    assert Article.objects.get().original_filename == "pasted.txt"


@pytest.mark.parametrize(
    "name, content, message",
    [
        pytest.param("notes.pdf", b"%PDF-1.4", "only .txt and .html", id="wrong-type"),
        pytest.param("", b"", "Choose a file or paste", id="nothing"),
    ],
)
def test_it_refuses_with_a_clear_message(staff_client, name, content, message):
    data = {"pasted_text": "", "source_name": "", "source_url": "", "published_override": ""}
    if name:
        data["upload"] = SimpleUploadedFile(name, content)
    response = staff_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_it_names_the_duplicate(staff_client, seed_bytes):
    raw = seed_bytes["000_9fbf4d02873f802f.txt"]
    data = {"source_name": "", "source_url": "", "published_override": "", "pasted_text": ""}
    staff_client.post(reverse("admin:articles_article_add"), {**data, "upload": SimpleUploadedFile("a.txt", raw)})
    response = staff_client.post(reverse("admin:articles_article_add"),
                                 {**data, "upload": SimpleUploadedFile("b.txt", raw)})
    first = Article.objects.get()
    assert "uploaded before" in response.content.decode()
    assert reverse("admin:articles_article_change", args=[first.pk]) in response.content.decode()


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_non_staff_users_cannot_reach_the_admin(client):
    user = get_user_model().objects.create_user("reader", "r@example.com", "pw-for-tests-123")
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not Article.objects.exists()
