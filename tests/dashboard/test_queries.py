"""Every page reads a fixed number of queries, whatever the number of regions, figures or articles.

The data comes from the benchmark's generator (bench/generate_dataset.py) at
two sizes; the same count must hold for both.
"""

import pytest

from articles.models import Article
from bench.generate_dataset import Sizes, populate

pytestmark = pytest.mark.django_db

SMALL = Sizes(articles=30, meetings=8, people=10, years=2, second_reports=0.2, seed=1)
LARGE = Sizes(articles=240, meetings=80, people=60, years=6, second_reports=0.2, seed=2)

# Page -> queries. Comments say what they are.
PAGES = [
    # map regions + ties, meetings, articles, trade, meetings per year, sectors, latest articles + their regions
    pytest.param("/", 8, id="overview"),
    pytest.param("/?data=trade&format=csv", 8, id="overview-csv"),
    pytest.param("/?format=json", 8, id="overview-json"),
    # regions, trade, meetings per region, meetings per district
    pytest.param("/regions/", 4, id="regions"),
    # region and subjects, trade, the latest meetings, their participants, their sources, what was agreed at them
    # and its sectors, meetings per month (the kept counts), people, sectors, articles, article count
    pytest.param("/regions/RU-NVS/", 12, id="region"),
    pytest.param("/regions/RU-FD-SIB/", 12, id="district"),
    pytest.param("/regions/BY-VI/", 12, id="oblast"),
    pytest.param("/regions/RU-NVS/?data=figures&format=csv", 12, id="region-csv"),
    # regions, trade
    pytest.param("/compare/?regions=RU-NVS,RU-KYA,BY-VI", 2, id="compare"),
    # regions, busiest two regions
    pytest.param("/compare/", 2, id="compare-empty"),
    # article, then its regions, people, figures, meetings, sectors
    pytest.param("/articles/{article}/", 6, id="article"),
]


@pytest.mark.parametrize("sizes", [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")])
@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_it_reads_a_fixed_number_of_queries(client, django_assert_num_queries, sizes, url, queries):
    counts = populate(sizes)
    assert counts["TradeFigure"] >= 98 * sizes.years * 3
    article = Article.objects.filter(tradefigure_facts__isnull=False).order_by("pk").first()
    client.get("/healthz")  # a process's first request imports every URLconf, and the API reads at import
    with django_assert_num_queries(queries):
        response = client.get(url.format(article=article.pk))
    assert response.status_code == 200
