"""Every list costs a fixed number of queries, whatever the page size."""

from datetime import date

import pytest
from django.db import connection, transaction

from belregions.models import TradeFigure
from belregions.read_cache import bump_regions
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def filler(django_db_setup, django_db_blocker):
    """Enough rows that a page of 60 is full for every list: made once for the module's tests (in a transaction
    each test's own nests in, rolled back at the end, as Django's setUpTestData does), not once a test."""
    with django_db_blocker.unblock(), transaction.atomic():
        people = [make.person(f"Person {n}") for n in range(60)]
        for n in range(4, 64):
            day = date(2019, 1 + n % 12, 1 + n % 28)
            article = make.article(f"Filler {n}", published=day)
            make.mention(article, "RU-MOW", fingerprint=f"fr{n}")
            make.sector(article, "it", fingerprint=f"fs{n}")
            make.figure(article, "RU-KGD", 1990 + n % 30, f"{n}000000.00",
                        flow=("turnover", "export", "import")[n % 3])
            event = make.meeting(article, day, ["RU-MOW", "RU-KGD"], people[n - 4:n - 2], fingerprint=f"fm{n}")
            make.agreement(article, "contract", ["RU-MOW", "BY-MI"], ["it"], meeting=event, parties=["A", "B"],
                           amount=n)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def many(filler, world):
    assert TradeFigure.objects.count() > 60


# Each list: its queries at any page size (the count, the page, then one per prefetched relation).
LISTS = [
    pytest.param("/api/v1/regions/", 2, id="regions"),
    pytest.param("/api/v1/sectors/", 2, id="sectors"),
    pytest.param("/api/v1/people/?q=person", 2, id="people"),
    pytest.param("/api/v1/meetings/?region=RU-MOW", 8, id="meetings"),  # + what was agreed: itself, its links
    pytest.param("/api/v1/agreements/?region=RU-MOW", 4, id="agreements"),  # the count, the page, its links
    pytest.param("/api/v1/trade-figures/?ordering=-amount", 2, id="trade-figures"),
    pytest.param("/api/v1/articles/?region=RU-MOW", 4, id="articles"),
    pytest.param("/api/v1/stats/trade/?currency=RUB", 3, id="stats-trade"),  # keys counted, paged; their figures
]


@pytest.mark.parametrize("url, queries", LISTS)
@pytest.mark.parametrize("page_size", [1, 60])
def test_a_list_costs_the_same_queries_at_any_page_size(anon_client, many, django_assert_num_queries, settings, url,
                                                        queries, page_size):
    settings.API_CACHE_SECONDS = 0  # what computing the page costs
    # The data version (ETag, Last-Modified: read at most once a second, every time in tests); on PostgreSQL
    # the read's time limit is set and reset around it.
    expected = 1 + queries + (2 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        response = anon_client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 20  # a full page of 1 and a page of 20+ cost the same
    assert len(body["results"]) == min(page_size, body["count"])


@pytest.mark.parametrize("url, queries", LISTS)
def test_a_cached_answer_costs_one_query_until_the_data_changes(anon_client, many, django_assert_num_queries, url,
                                                                queries):
    first = anon_client.get(url)
    with django_assert_num_queries(1):  # the data version
        again = anon_client.get(url)
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert again.get("X-Total-Count") == first.get("X-Total-Count")
    make.article("A new one")  # an upload moves the whole data's version...
    bump_regions({"RU-MOW"})  # ...and its parse the version of the regions it names (an answer about one follows it)
    with django_assert_num_queries(1 + queries + (2 if connection.vendor == "postgresql" else 0)):
        anon_client.get(url)


@pytest.mark.parametrize("url, queries", [
    pytest.param("/api/v1/articles/{article}/", 7, id="article"),
    pytest.param("/api/v1/meetings/{meeting}/", 7, id="meeting"),
    pytest.param("/api/v1/agreements/{agreement}/", 4, id="agreement"),  # itself, its article, its links
])
def test_a_detail_costs_a_fixed_number_of_queries(anon_client, world, django_assert_num_queries, settings, url,
                                                  queries):
    settings.API_CACHE_SECONDS = 0
    agreement = make.agreement(world["articles"][0], "contract", ["RU-MOW"], ["it"], meeting=world["meeting"])
    url = url.format(article=world["articles"][0].pk, meeting=world["meeting"].pk, agreement=agreement.pk)
    with django_assert_num_queries(1 + queries + (2 if connection.vendor == "postgresql" else 0)):
        assert anon_client.get(url).status_code == 200


def test_a_process_reads_the_data_version_once_a_second_and_after_its_writes(
        anon_client, editor_client, world, settings, django_assert_num_queries):
    settings.API_CACHE_VERSION_SECONDS = 60
    anon_client.get("/api/v1/trade-figures/")
    with django_assert_num_queries(0):
        assert anon_client.get("/api/v1/trade-figures/").status_code == 200
    figure = world["trade"][0]
    editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/reject/")
    assert figure.pk not in [r["id"] for r in anon_client.get("/api/v1/trade-figures/").json()["results"]]
