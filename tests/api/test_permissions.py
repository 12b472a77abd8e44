"""Who may write: editors with a token (or a session), nobody else; and the throttles."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from rest_framework.test import APIClient

from api.misc import ConstantView
from articles.models import Article
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

TEXT = {"text": "Trade between Belarus and Omsk Oblast reached $100 million in 2020."}


def rates(**changes):
    return override_settings(REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **changes},
    })


@pytest.mark.parametrize(
    "method, url, body",
    [
        pytest.param("post", "/api/v1/articles/", TEXT, id="upload"),
        pytest.param("post", "/api/v1/articles/{article}/reparse/", None, id="reparse"),
        pytest.param("post", "/api/v1/facts/trade-figures/{figure}/confirm/", None, id="confirm"),
        pytest.param("post", "/api/v1/facts/trade-figures/{figure}/reject/", None, id="reject"),
        pytest.param("post", "/api/v1/facts/trade-figures/{figure}/correct/", {"amount": "1.00"}, id="correct"),
    ],
)
def test_anonymous_and_non_editors_cannot_write(world, anon_client, reader_client, method, url, body):
    url = url.format(article=world["articles"][0].pk, figure=world["trade"][0].pk)
    before = (Article.objects.count(), world["trade"][0].review)

    anonymous = getattr(anon_client, method)(url, body, format="json")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json()["code"] == "not_authenticated"

    reader = getattr(reader_client, method)(url, body, format="json")
    assert reader.status_code == 403
    world["trade"][0].refresh_from_db()
    assert (Article.objects.count(), world["trade"][0].review) == before


@pytest.mark.parametrize("method", ["delete", "put", "patch"])
def test_methods_the_api_lacks_are_405_for_anyone(world, anon_client, editor_client, method):
    url = f"/api/v1/articles/{world['articles'][0].pk}/"
    for client in (anon_client, editor_client):
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    assert Article.objects.filter(pk=world["articles"][0].pk).exists()


def test_staff_without_the_editors_group_cannot_write(world):
    staff = get_user_model().objects.create_user("staff", password="pw-for-tests-123", is_staff=True)
    response = token_client(staff).post("/api/v1/articles/", TEXT, format="json")
    assert response.status_code == 403
    assert "editors" in response.json()["message"]


def test_a_superuser_can_write(db):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-123")
    assert token_client(admin).post("/api/v1/articles/", TEXT, format="json").status_code == 202


def test_an_editors_token_can_upload(editor_client):
    response = editor_client.post("/api/v1/articles/", TEXT, format="json")
    assert response.status_code == 202
    assert Article.objects.get().uploaded_by.username == "editor"


def test_a_bad_token_is_refused_even_for_reads(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = anon_client.get("/api/v1/regions/")
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid token."


def test_a_session_write_needs_the_csrf_token(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/articles/", TEXT, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_the_browsable_api_works_with_a_session(editor, client):
    client.force_login(editor)
    response = client.get("/api/v1/regions/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Brest Oblast" in response.content


def test_the_token_endpoint_trades_a_password_for_a_token(editor, anon_client):
    response = anon_client.post("/api/v1/auth/token/", {"username": "editor", "password": "pw-for-tests-123"})
    assert response.status_code == 200
    assert response.json()["token"] == editor.auth_token.key
    wrong = anon_client.post("/api/v1/auth/token/", {"username": "editor", "password": "guess"})
    assert wrong.status_code == 401
    assert wrong.json()["message"] == "Unable to log in with provided credentials."
    missing = anon_client.post("/api/v1/auth/token/", {"username": "editor"})
    assert missing.status_code == 400 and "password" in missing.json()["errors"]


def test_anonymous_reads_are_throttled_with_retry_after(anon_client):
    with rates(anon="3/minute"):
        codes = [anon_client.get("/api/v1/sectors/").status_code for _ in range(4)]
        response = anon_client.get("/api/v1/regions/")
    assert codes == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["code"] == "throttled" and "available in" in body["message"]


def test_signed_in_users_have_their_own_allowance(anon_client, reader_client):
    with rates(anon="1/minute", user="3/minute"):
        assert anon_client.get("/api/v1/sectors/").status_code == 200
        assert anon_client.get("/api/v1/sectors/").status_code == 429
        assert [reader_client.get("/api/v1/sectors/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_uploads_have_their_own_rate(editor_client):
    with rates(upload="2/hour"):
        codes = [editor_client.post("/api/v1/articles/", {"text": f"Article number {n}"}, format="json").status_code
                 for n in range(3)]
    assert codes == [202, 202, 429]


def test_password_guesses_are_throttled(anon_client, editor):
    with rates(login="2/minute"):
        codes = [anon_client.post("/api/v1/auth/token/", {"username": "editor", "password": "x"}).status_code
                 for _ in range(3)]
    assert codes == [401, 401, 429]


def test_the_bench_view_exists_only_when_asked_for(anon_client, rf):
    assert anon_client.get("/api/v1/bench/constant/").status_code == 404
    assert ConstantView.as_view()(rf.get("/")).data == {"ok": True}
