"""The benchmark's dataset generator (bench/generate_dataset.py): every table grows with the scale,
the same seed gives the same rows, and the busiest regions and people take most of the data."""

from collections import Counter
from dataclasses import replace

import pytest
from django.db import transaction

from articles.models import Article
from belregions.models import ArticleRegion, Meeting, TradeFigure, TradeKey
from bench.generate_dataset import Sizes, populate

pytestmark = pytest.mark.django_db

TINY = Sizes(articles=200, meetings=50, people=40, years=2, seed=7)


def _populated(sizes: Sizes, read=lambda: None):
    """populate(sizes) in a savepoint rolled back afterwards: its counts and what `read` saw."""
    with transaction.atomic():
        counts, seen = populate(sizes), read()
        transaction.set_rollback(True)
    return counts, seen


def _rows() -> dict[str, list]:
    """What the rows say, without their ids (which depend on what the tables held before)."""
    return {
        "articles": list(Article.objects.order_by("pk").values_list("title", "text", "published", "sha256")),
        "figures": list(TradeFigure.objects.order_by("pk").values_list(
            "article__title", "region", "by_region", "period_start", "period_end", "amount", "currency", "flow",
            "review", "origin", "evidence_start", "evidence_end")),
        "mentions": sorted(ArticleRegion.objects.values_list("article__title", "region")),
        "meetings": _meetings(),
        "keys": list(TradeKey.objects.values_list("region_code", "partner_code", "year", "flow")),
    }


def _meetings() -> list[tuple]:
    meetings = Meeting.objects.order_by("pk").prefetch_related("regions", "participants", "sources__article")
    return [(m.date, m.kind, sorted(r.pk for r in m.regions.all()), sorted(p.key for p in m.participants.all()),
             sorted(s.article.title for s in m.sources.all())) for m in meetings]


def test_scale_two_doubles_every_table():
    once, _ = _populated(TINY)
    twice, _ = _populated(replace(TINY, scale=2))
    assert once.keys() == twice.keys()
    assert {"articles", "meetings", "people", "ArticleRegion", "ArticleSector", "ArticlePerson", "TradeFigure",
            "MeetingSource", "meeting regions", "meeting participants", "TradeKey"} <= once.keys()
    for table, count in once.items():
        assert 1.7 <= twice[table] / count <= 2.3, (table, count, twice[table])
    assert (twice["articles"], twice["meetings"], twice["people"]) == (400, 100, 80)
    assert twice["TradeKey"] == 2 * once["TradeKey"] == 2 * 98 * 2 * 3  # each region's pair, then as many oblast pairs


def test_the_same_seed_gives_the_same_rows():
    _, first = _populated(replace(TINY, scale=2), _rows)
    _, again = _populated(replace(TINY, scale=2), _rows)
    _, other = _populated(replace(TINY, scale=2, seed=8), _rows)
    assert first == again
    assert first["figures"] and first["meetings"] and first["mentions"]
    assert other["articles"] != first["articles"] and other["figures"] != first["figures"]


def test_a_few_regions_and_people_take_most_of_the_data():
    def read():
        mentions = Counter(ArticleRegion.objects.values_list("region", flat=True))
        participations = Counter(Meeting.participants.through.objects.values_list("person_id", flat=True))
        extra = Counter(TradeFigure.objects.exclude(region=None).values_list("region", flat=True))
        return mentions, participations, extra

    _, (mentions, participations, figures) = _populated(Sizes(articles=400, meetings=200, people=100, years=2,
                                                              second_reports=1.0, seed=3), read)
    assert mentions.most_common(1)[0][0] == "RU-MOW"
    assert sum(n for _, n in mentions.most_common(5)) > 0.3 * mentions.total()  # 5 of 98 regions: 5 % if uniform
    assert sum(n for _, n in participations.most_common(5)) > 0.25 * participations.total()  # 5 of 100 people
    assert figures.most_common(1)[0][0] == "RU-MOW"
    assert figures["RU-MOW"] > 5 * sorted(figures.values())[len(figures) // 2]  # a median region: its 1 a point


def test_every_region_has_a_figure_for_every_year_and_flow():
    def read():
        return set(TradeFigure.objects.filter(by_region=None).values_list("region", "period_start__year", "flow"))

    _, points = _populated(Sizes(articles=40, meetings=5, people=5, years=2, seed=5), read)
    assert len([p for p in points if p[0] is not None]) == 91 * 2 * 3  # 83 subjects and 8 districts
