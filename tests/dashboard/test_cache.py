"""Pages' data is kept between requests, and recomputed as soon as the data changes."""

import pytest
from django.core.cache import cache
from django.utils.html import escape

from articles import services
from belregions.models import ArticleSector
from belregions.review import fact_reject
from tests import factories as make
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def high_tech_in_siberia(client) -> int:
    rows = client.get("/?data=sectors&format=json").json()["rows"]
    return next((r["articles"] for r in rows if (r["sector"], r["district"]) == ("high-tech", "RU-FD-SIB")), 0)


@pytest.mark.parametrize(("url", "queries"), [("/", 8), ("/regions/", 4), ("/regions/RU-FD-SIB/", 12),
                                             ("/compare/?regions=RU-NVS", 2)])
def test_a_second_request_reads_only_the_version(client, trade_data, cached, django_assert_num_queries, url,
                                                 queries):
    client.get("/healthz")  # the first request of a process imports every URLconf (the API's reads)
    with django_assert_num_queries(queries + 1):  # the page's, and the data version
        first = client.get(url).content
    with django_assert_num_queries(1):
        assert client.get(url).content == first


def test_other_parameters_are_another_entry(client, trade_data, cached):
    assert client.get("/?top=1&data=trade&format=json").json() != client.get("/?top=3&data=trade&format=json").json()


def test_an_editors_change_shows_at_once(client, trade_data, cached, admin_user):
    assert high_tech_in_siberia(client) == 1
    fact_reject(ArticleSector.objects.get(sector_id="high-tech"), admin_user)
    assert high_tech_in_siberia(client) == 0


def test_a_new_article_shows_at_once(client, trade_data, cached):
    assert high_tech_in_siberia(client) == 1
    source = make.article("More", "Omsk Oblast and high-tech.")
    make.mention(source, "RU-OMS")
    make.sector(source, "high-tech")
    assert high_tech_in_siberia(client) == 2


def test_off_means_every_request_computes(client, trade_data, settings, django_assert_num_queries):
    settings.DASHBOARD_CACHE_SECONDS = 0
    for _ in range(2):
        with django_assert_num_queries(8):
            client.get("/")


def parse_leningrad() -> str:
    """Upload and parse the seed article about Leningrad Oblast (Northwestern district); its title."""
    seed = next(path for path in SEEDS if path.name.startswith("003_"))
    article = services.create_article(seed.read_bytes(), filename=seed.name).article
    services.run_parse(article.pk)
    article.refresh_from_db()
    assert article.status == "parsed" and article.articleregion_facts.filter(region_id="RU-LEN").exists()
    return article.title


def test_a_parse_recomputes_only_the_pages_of_the_regions_it_touches(client, trade_data, cached,
                                                                     django_assert_num_queries):
    client.get("/healthz")
    codes = ("RU-NVS", "RU-FD-SIB", "RU-LEN", "RU-FD-NW")
    before = {code: client.get(f"/regions/{code}/").content for code in codes}
    title = parse_leningrad()
    for code in ("RU-NVS", "RU-FD-SIB"):  # another district's regions: served from the cache, the version read
        with django_assert_num_queries(1):
            assert client.get(f"/regions/{code}/").content == before[code]
    for code in ("RU-LEN", "RU-FD-NW"):  # the article's region and its district: computed again, with it
        page = client.get(f"/regions/{code}/").content
        assert page != before[code] and escape(title).encode() in page
    with django_assert_num_queries(1):  # the new page kept in turn
        client.get("/regions/RU-LEN/")
