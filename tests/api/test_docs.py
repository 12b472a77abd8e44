"""The OpenAPI schema documents every filter and error; its docs pages work offline from static files."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.db import connection
from drf_spectacular.validation import validate_schema

from api import filters


@pytest.fixture
def schema(db, client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "406", "429"} | ({"403", "415"} if method == "post" else set())
        assert expected <= set(responses), (method, path)
        for code in expected:
            assert responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert "Retry-After" in responses["429"]["headers"]
    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"status", "code", "message", "errors"}


@pytest.mark.parametrize(
    "path, filterset",
    [
        pytest.param("/api/v1/regions/", filters.RegionFilter, id="regions"),
        pytest.param("/api/v1/people/", filters.PersonFilter, id="people"),
        pytest.param("/api/v1/meetings/", filters.MeetingFilter, id="meetings"),
        pytest.param("/api/v1/trade-figures/", filters.TradeFigureFilter, id="trade-figures"),
        pytest.param("/api/v1/articles/", filters.ArticleFilter, id="articles"),
    ],
)
def test_every_filter_of_a_list_is_documented(schema, path, filterset):
    documented = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    assert set(filterset.base_filters) | {"page", "page_size", "format", "strict", "fields"} <= set(documented)
    assert documented["page_size"]["schema"]["oneOf"][0]["maximum"] == 500
    assert documented["page_size"]["schema"]["oneOf"][1]["enum"] == ["all"]
    assert documented["format"]["schema"]["enum"] == ["csv", "json", "ndjson"]


def test_stats_trade_documents_its_filters_and_currencies(schema):
    documented = {p["name"]: p for p in schema["paths"]["/api/v1/stats/trade/"]["get"]["parameters"]}
    assert {"region", "district", "country", "year_from", "year_to", "flow", "currency"} <= set(documented)
    assert "USD" in documented["currency"]["schema"]["enum"]


def test_reads_are_open_and_writes_need_a_token(schema):
    for path, method, operation in operations(schema):
        anonymous = {} in operation.get("security", [{}])
        assert anonymous == (method == "get" or path.endswith("/auth/token/")), (method, path)


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/docs/redoc/"])
def test_the_docs_pages_load_only_the_projects_static_files(db, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    urls = static_urls(response.content.decode())
    assert urls
    for url in urls:
        assert not urlsplit(url).netloc, f"{url} is not served by the project"
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not among the static files"


def test_full_text_search_uses_its_index_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only; SQLite searches with LIKE")
    from articles.models import Article

    queryset = filters.ArticleFilter({"q": "tractors moscow"}, queryset=Article.objects.all()).qs
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "article_search_gin" in plan


def test_the_editors_group_has_the_admins_permissions(db):
    perms = set(Group.objects.get(name="editors").permissions.values_list("content_type__app_label", "codename"))
    assert {("articles", "add_article"), ("articles", "change_article"), ("belregions", "change_tradefigure"),
            ("belregions", "change_meetingsource")} <= perms
    assert not any(codename.startswith("delete_") for _, codename in perms)



@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path, rendered",
    [
        pytest.param("/api/v1/docs/", ".opblock-summary-path", id="swagger-ui"),
        pytest.param("/api/v1/docs/redoc/", "[data-section-id]", id="redoc"),
    ],
)
def test_the_docs_render_in_a_browser_without_the_network(browser, live_server, path, rendered):
    base = f"http://127.0.0.1:{urlsplit(live_server.url).port}"
    context = browser.new_context()
    offsite, errors = [], []
    # Anything not from this server that the browser tries to fetch is recorded and refused, so a page that
    # needed a CDN would show nothing. (ReDoc's bundle asks for its logo on a CDN; the page's CSP stops that
    # in the browser, before any request.)
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else (offsite.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert page.goto(base + path).status == 200
    page.wait_for_selector(rendered, timeout=30_000)
    text = page.inner_text("body")
    context.close()
    assert "/api/v1/trade-figures/" in text and "stats" in text
    assert offsite == [] and errors == []
