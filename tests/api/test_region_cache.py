"""A region's answers are kept under the region's version: another region's parse leaves them cached."""

from __future__ import annotations

import pytest

from articles import services
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

LENINGRAD = next(path for path in SEEDS if path.name.startswith("003_"))  # Leningrad Oblast, Northwestern district


def parse_leningrad() -> None:
    article = services.create_article(LENINGRAD.read_bytes(), filename=LENINGRAD.name).article
    services.run_parse(article.pk)


@pytest.mark.parametrize("url", ["/api/v1/articles/?region=RU-MOW", "/api/v1/trade-figures/?region=RU-MOW",
                                 "/api/v1/meetings/?region=RU-MOW"], ids=["articles", "trade", "meetings"])
def test_another_regions_parse_leaves_a_regions_answer_cached(anon_client, world, django_assert_num_queries, url):
    first = anon_client.get(url)
    assert first.status_code == 200 and first.json()["count"] > 0
    parse_leningrad()
    with django_assert_num_queries(1):  # the region's version, then the kept answer
        again = anon_client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert anon_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_parsed_regions_answer_is_computed_again(anon_client, world):
    url = "/api/v1/articles/?region=RU-LEN"
    first = anon_client.get(url)
    assert first.json()["count"] == 0
    parse_leningrad()
    again = anon_client.get(url)
    assert again["ETag"] != first["ETag"] and again.json()["count"] == 1


def test_an_answer_about_several_regions_follows_the_whole_data(anon_client, world):
    url = "/api/v1/articles/?region=RU-MOW,RU-SPE"
    first = anon_client.get(url)
    parse_leningrad()  # an upload and a parse move the whole data's version
    assert anon_client.get(url)["ETag"] != first["ETag"]
