"""A list's count: exact up to API_COUNT_ESTIMATE_ABOVE rows, PostgreSQL's estimate past it, exact on request.

The tests lower the threshold to a few rows so the reference data (98 regions) is "large".
"""

from __future__ import annotations

import pytest
from django.db import connection

from belregions.models import Region

pytestmark = pytest.mark.django_db

REGIONS = "/api/v1/regions/"
postgresql = connection.vendor == "postgresql"


@pytest.fixture
def small_threshold(settings):
    settings.API_COUNT_ESTIMATE_ABOVE = 10
    settings.API_CACHE_SECONDS = 0


def test_a_list_under_the_threshold_has_its_exact_count(anon_client):
    body = anon_client.get(REGIONS, {"country": "BY"}).json()
    assert body["count"] == 7 and body["count_exact"] is True
    assert len(body["results"]) == 7


def test_past_the_threshold_the_count_is_an_estimate_on_postgresql(anon_client, small_threshold):
    response = anon_client.get(REGIONS, {"page_size": 5})
    body = response.json()
    assert body["count_exact"] is (not postgresql)  # SQLite has no estimate: it counts
    assert body["count"] > 10 if postgresql else body["count"] == Region.objects.count()
    assert response["X-Total-Count"] == str(body["count"])
    assert body["next"] is not None and len(body["results"]) == 5


def test_count_exact_counts_every_row(anon_client, small_threshold):
    body = anon_client.get(REGIONS, {"page_size": 5, "count": "exact"}).json()
    assert body["count"] == Region.objects.count() == 98
    assert body["count_exact"] is True


def test_paging_an_estimated_list_until_next_is_null_sees_every_row_once(anon_client, small_threshold):
    seen, url, pages = [], REGIONS + "?page_size=20", 0
    while url:
        body = anon_client.get(url).json()
        seen += [row["code"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert len(seen) == len(set(seen)) == 98 and pages == 5
    assert body["count"] == 98 and body["count_exact"] is True  # the last page knows the count


def test_a_page_past_an_estimated_end_is_empty_and_points_back(anon_client, small_threshold):
    body = anon_client.get(REGIONS, {"page_size": 50, "page": 4}).json()
    assert body["results"] == [] and body["next"] is None
    # Estimated, the last page is unknown: the one before. Counted (SQLite), the last page, 2.
    assert f"page={3 if postgresql else 2}" in body["previous"]
    assert body["count"] <= 150 if postgresql else body["count"] == 98  # not more than the rows before page 4


@pytest.mark.skipif(not postgresql, reason="the estimate is PostgreSQL's planner's")
def test_an_estimated_page_costs_a_capped_count_an_estimate_and_the_page(anon_client, small_threshold,
                                                                         django_assert_num_queries):
    # The data version, the time limit's SET and reset, the count stopping at 11 rows, EXPLAIN, the page.
    with django_assert_num_queries(6) as captured:
        anon_client.get(REGIONS, {"page_size": 5})
    sql = [query["sql"] for query in captured.captured_queries]
    assert any(s.startswith("EXPLAIN (FORMAT JSON)") for s in sql)
    assert any("COUNT(*)" in s and "LIMIT 11" in s for s in sql)


@pytest.mark.parametrize("value", ["", "exactly", "EXACT", "estimate"])
def test_an_unknown_count_is_a_400_naming_it(anon_client, value):
    response = anon_client.get(REGIONS, {"count": value})
    assert response.status_code == 400
    assert "count" in response.json()["errors"]


def test_the_schema_documents_count(anon_client):
    schema = anon_client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert parameters["count"]["schema"]["enum"] == ["exact"]
    page = schema["components"]["schemas"]["PaginatedArticleList"]["properties"]
    assert page["count_exact"]["type"] == "boolean"
