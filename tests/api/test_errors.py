"""One error shape for every 4xx; malformed requests get a 4xx, never a 500."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "message", "errors"}


@pytest.mark.parametrize(
    "url, status, code, field",
    [
        pytest.param("/api/v1/trade-figures/?year_from=abc", 400, "invalid", "year_from", id="not-a-number"),
        pytest.param("/api/v1/trade-figures/?year_from=1800", 400, "invalid", "year_from", id="year-too-early"),
        pytest.param("/api/v1/trade-figures/?flow=sideways", 400, "invalid", "flow", id="unknown-choice"),
        pytest.param("/api/v1/trade-figures/?ordering=password", 400, "invalid", "ordering", id="bad-ordering"),
        pytest.param("/api/v1/trade-figures/?region=%27%3B--", 400, "invalid", "region", id="bad-code"),
        pytest.param("/api/v1/trade-figures/?article=99999999999999999999999", 400, "invalid", "article",
                     id="id-beyond-bigint"),
        pytest.param("/api/v1/meetings/?date_from=10/25/2006", 400, "invalid", "date_from", id="not-iso-date"),
        pytest.param("/api/v1/meetings/?date_from=2020-02-31", 400, "invalid", "date_from", id="no-such-day"),
        pytest.param("/api/v1/regions/?page_size=0", 400, "invalid", "page_size", id="page-size-zero"),
        pytest.param("/api/v1/regions/?page_size=501", 400, "invalid", "page_size", id="page-size-over-max"),
        pytest.param("/api/v1/regions/?page=-1", 400, "invalid", "page", id="negative-page"),
        pytest.param("/api/v1/regions/?page=%D9%A3", 400, "invalid", "page", id="unicode-digit"),
        pytest.param("/api/v1/articles/?q=" + "x" * 201, 400, "invalid", "q", id="search-too-long"),
        pytest.param("/api/v1/stats/trade/?currency=XYZ", 400, "invalid", "currency", id="unknown-currency"),
        pytest.param("/api/v1/stats/trade/?flow=", 400, "invalid", "flow", id="empty-choice"),
        pytest.param("/api/v1/meetings/?date_to=", 400, "invalid", "date_to", id="empty-date"),
        pytest.param("/api/v1/regions/?page=", 400, "invalid", "page", id="empty-page"),
        pytest.param("/api/v1/regions/?q=a%00b", 400, "parse_error", None, id="nul-character"),
        pytest.param("/api/v1/regions/XX-NO/", 404, "not_found", None, id="unknown-region"),
        pytest.param("/api/v1/articles/99999999999999999999/", 404, "not_found", None, id="id-too-long-for-route"),
        pytest.param("/api/v1/articles/12345/", 404, "not_found", None, id="unknown-article"),
        pytest.param("/api/v1/nothing-here/", 404, "not_found", None, id="unknown-endpoint"),
        pytest.param("/api/v1/regions/?format=xml", 406, "not_acceptable", None, id="unknown-format"),
        pytest.param("/api/v1/regions/?format=", 406, "not_acceptable", None, id="empty-format"),
    ],
)
def test_it_answers_the_error_shape(anon_client, url, status, code, field):
    response = anon_client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["status"] == status and body["code"] == code and body["message"]
    if field:
        assert field in body["errors"] and body["errors"][field]
        assert body["message"].startswith(field)


@pytest.mark.parametrize("url", ["/api/v1/stats/trade/?year_from=2020&year_to=2010",
                                 "/api/v1/trade-figures/?year_from=2020&year_to=2010",
                                 "/api/v1/meetings/?year_from=2020&year_to=2010",
                                 "/api/v1/articles/?year_from=2020&year_to=2010"])
def test_a_year_range_that_ends_before_it_starts_is_a_400_naming_it(anon_client, world, url):
    # Was an empty list; one answer everywhere now, the dashboard's (belregions.params.year_range).
    response = anon_client.get(url)
    assert response.status_code == 400
    assert response.json()["errors"] == {"year_from": ["year_from (2020) is after year_to (2010)"]}


def test_an_unacceptable_accept_header_is_a_406_in_json(anon_client):
    response = anon_client.get("/api/v1/regions/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_acceptable"


def test_an_error_asked_for_as_csv_is_still_json(anon_client):
    response = anon_client.get("/api/v1/trade-figures/?format=csv&flow=sideways")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"]["flow"]


def test_a_missing_slash_redirects_a_read(anon_client):
    response = anon_client.get("/api/v1/regions?country=BY")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/regions/?country=BY"


def test_a_missing_slash_on_a_write_says_so(editor_client):
    response = editor_client.post("/api/v1/articles", {"text": "x"}, format="json")
    assert response.status_code == 404
    assert "/api/v1/articles/" in response.json()["message"]


@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        pytest.param(b"{not json", "application/json", 400, "parse_error", id="malformed-json"),
        pytest.param(b"[1, 2]", "application/json", 400, "invalid", id="json-not-an-object"),
        pytest.param(b'{"text": ["a"]}', "application/json", 400, "invalid", id="wrong-type"),
        pytest.param(b"<a/>", "application/xml", 415, "unsupported_media_type", id="unsupported-type"),
        pytest.param(b"--x\r\nbroken", "multipart/form-data; boundary=x", 400, "invalid", id="broken-multipart"),
        pytest.param(b"abc", "multipart/form-data", 400, "parse_error", id="multipart-no-boundary"),
    ],
)
def test_malformed_bodies_are_4xx(editor_client, body, content_type, status, code):
    response = editor_client.generic("POST", "/api/v1/articles/", body, content_type=content_type)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code


@override_settings(ARTICLE_MAX_UPLOAD_BYTES=10)
def test_an_oversized_body_is_a_413(editor_client):
    response = editor_client.post("/api/v1/articles/", {"text": "x" * 1_200_000}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


@override_settings(ARTICLE_MAX_UPLOAD_BYTES=10)
def test_a_text_over_the_upload_limit_is_refused(editor_client):
    response = editor_client.post("/api/v1/articles/", {"text": "x" * 11}, format="json")
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["text"][0]


def test_a_read_past_the_time_limit_is_a_503_in_the_error_shape(db, rf, settings):
    from django.db import connection
    from rest_framework import generics, serializers

    from api.base import ApiMixin, CachedList

    if connection.vendor != "postgresql":
        pytest.skip("the SQL time limit is PostgreSQL's statement_timeout")

    class Slow(ApiMixin, CachedList, generics.ListAPIView):
        serializer_class = serializers.Serializer
        cached = False

        def get_queryset(self):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(1)")
            return []

    settings.API_QUERY_TIMEOUT_MS = 50
    response = Slow.as_view()(rf.get("/api/v1/slow/"))
    response.render()
    assert response.status_code == 503
    body = response.data
    assert body["code"] == "query_timeout" and "too long" in body["message"]
