"""Data for the dashboard's tests: the demo (the seed articles, parsed by the real pipeline) and a richer set."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from articles import services
from articles.models import Article
from tests import factories as make
from tests.conftest import SEEDS


@pytest.fixture(autouse=True)
def no_dashboard_cache(settings):
    """Every request computes: query counts stay fixed. test_cache.py turns the cache on where it tests it."""
    settings.DASHBOARD_CACHE_SECONDS = 0


FIGURE_SCRIPT = re.compile(r'<script type="application/json" id="figure-([\w-]+)">(.*?)</script>', re.S)


def import_seeds() -> list[Article]:
    """The five seed articles, uploaded and parsed as an editor's upload would be."""
    articles = [services.create_article(path.read_bytes(), filename=path.name, source_name="BelTA (demo)").article
                for path in SEEDS]
    for article in articles:
        article.refresh_from_db()
    return articles


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks) -> list[Article]:
    with django_capture_on_commit_callbacks(execute=True):
        articles = import_seeds()
    for article in articles:  # parsed when the upload's transaction committed
        article.refresh_from_db()
    return articles


@pytest.fixture
def trade_data(db) -> dict:
    """Several regions and years, with the cases the rule has to settle: a dispute, roubles, a partial year."""
    first = make.article("Trade grew", "Trade between Belarus and Novosibirsk Oblast reached $200 million in 2011.",
                         published=date(2012, 2, 1))
    second = make.article("Trade figures disputed", "Novosibirsk Oblast trade was $260 million in 2011, "
                          "said the governor. Omsk Oblast traded 6.2 billion roubles.", published=date(2012, 3, 1))
    make.mention(first, "RU-NVS", "Novosibirsk Oblast")
    make.mention(second, "RU-NVS", "Novosibirsk Oblast")
    make.mention(second, "RU-OMS", "Omsk Oblast")
    make.figure(first, "RU-NVS", 2011, 200_000_000, qualifier="over", words="$200 million")
    make.figure(second, "RU-NVS", 2011, 260_000_000, words="$260 million")
    for year, amount in [(2009, 120), (2010, 150), (2012, 230), (2013, 250)]:
        make.figure(first, "RU-NVS", year, amount * 1_000_000)
        make.figure(first, "RU-KYA", year, amount * 600_000)
        make.figure(first, "RU-MOW", year, amount * 9_000_000)
    make.figure(first, "RU-NVS", 2012, 140_000_000, flow="export")
    make.figure(second, "RU-OMS", 2012, 6_200_000_000, currency="RUB", words="6.2 billion roubles")
    make.figure(second, "RU-OMS", 2013, 90_000_000, end=date(2013, 6, 30))
    make.figure(first, "RU-FD-SIB", 2012, 1_400_000_000)
    make.figure(first, "RU-SMO", 2012, 80_000_000, by_region="BY-VI")
    governor = make.person("Vasily Yurchenko", "RU-NVS", "Governor of Novosibirsk Oblast")
    make.meeting(first, date(2012, 5, 29), ["RU-NVS"], [governor], words="Novosibirsk Oblast")
    make.meeting(second, date(2013, 6, 17), ["RU-FD-SIB", "RU-OMS"], [governor], kind="visit")
    make.sector(first, "high-tech")
    make.sector(second, "agriculture")
    return {"first": first, "second": second}


def figures_in(html: str) -> dict[str, dict]:
    """The Plotly figures a page embeds, by chart name."""
    return {name: json.loads(text) for name, text in FIGURE_SCRIPT.findall(html)}
