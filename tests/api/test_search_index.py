"""Full-text search reads the articles' stored `search_vector` through its GIN index, at a realistic size.

On PostgreSQL the column is generated (articles migration 0007), so it follows every write; SQLite has no
column and searches with LIKE/REGEXP, which the behaviour tests here run too.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection

from api import filters
from api.views import article_list_queryset
from articles.models import Article
from tests import factories as make

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="the search column and its index are PostgreSQL's only")

FILLER = ("trade grew between the regions and the republic while ministers discussed supplies of machinery "
          "торговля между регионами выросла министры обсудили поставки техники и продовольствия").split()
RARE_EN, RARE_RU = "combines", "комбайнов"  # in a handful of the articles only
ARTICLES = 4000


def filler_text(draw: random.Random) -> str:
    return " ".join(draw.choice(FILLER) for _ in range(60))


@pytest.fixture
def library(db):
    """4,000 articles of common words, 5 with the rare English and 5 with the rare Russian word; analysed."""
    draw = random.Random(7)
    rows = []
    for n in range(ARTICLES):
        text = filler_text(draw)
        if n % 800 == 1:
            text += f" {RARE_EN} for the harvest"
        if n % 800 == 2:
            text += f" поставки {RARE_RU} в область"
        rows.append(make.new_article(f"News {n}", text, date(2015, 1, 1) + timedelta(days=n % 3000)))
    Article.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")  # as autovacuum would, after a large load
        # and its vacuum, merging the pending entries earlier tests' rolled-back rows left in the GIN index
        cursor.execute("SELECT gin_clean_pending_list('article_search_gin'::regclass)")


def search(words: str):
    return filters.ArticleFilter({"q": words}, queryset=article_list_queryset()).qs


@postgresql_only
def test_the_search_plan_reads_the_columns_index_and_computes_no_vector(library):
    """The list's own query (newest first) at 4,000 articles: a seq scan would be possible, the index is cheaper."""
    for words in (RARE_EN, RARE_RU, f"{RARE_EN} harvest"):
        plan = search(words).explain()
        assert "article_search_gin" in plan, plan
        assert "to_tsvector" not in plan, plan  # the column is read; nothing is computed per row
        assert search(words).count() == 5, words


@postgresql_only
def test_the_column_is_the_one_indexed_and_no_expression_index_is_left():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
                       [Article._meta.db_table, "%gin%"])
        definitions = [row[0] for row in cursor.fetchall()]
    assert len(definitions) == 1, definitions
    assert "article_search_gin" in definitions[0] and "(search_vector)" in definitions[0]


@postgresql_only
def test_the_column_follows_an_edit_of_the_text():
    article = make.article("Tractor exports", "Belarus sold tractors to the region.")
    assert search("harvesters").count() == 0
    Article.all_objects.filter(pk=article.pk).update(text="Belarus sold harvesters to the region.")
    assert list(search("harvesters").values_list("pk", flat=True)) == [article.pk]
    assert search("tractors").count() == 1  # still in the title


@postgresql_only
def test_a_search_inside_a_subquery_names_the_subquerys_table():
    wanted = make.article("Potash", "Potash shipments through the port.")
    make.article("Timber", "Timber shipments.")
    outer = Article.objects.filter(pk__in=search("potash").values("pk"))
    assert list(outer.values_list("pk", flat=True)) == [wanted.pk]


@pytest.mark.parametrize("words, titles", [
    pytest.param("tractor", ["Tractors for Omsk"], id="english-word-in-another-form"),
    pytest.param("TRACTORS omsk", ["Tractors for Omsk"], id="english-all-words-any-case"),
    pytest.param("Омск", ["Поставки в Омскую область"], id="russian-word-in-another-form"),
    pytest.param("поставки омскую", ["Поставки в Омскую область"], id="russian-all-words"),
    pytest.param("tractors поставки", [], id="all-words-or-nothing"),
])
def test_english_and_russian_words_match(anon_client, words, titles):
    make.article("Tractors for Omsk", "Minsk sends tractors to Omsk.")
    make.article("Поставки в Омскую область", "Беларусь увеличила поставки в Омскую область.", language="ru")
    make.article("Unrelated", "Potash and timber.")
    response = anon_client.get("/api/v1/articles/", {"q": words})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == titles
