"""The articles' full-text search reads a stored, indexed `search_vector` column (PostgreSQL only).

0006's index was on the expression `to_tsvector('russian', title || ' ' || text)`: the search could use it,
but on a large table the planner may prefer walking the newest-first index and computing that expression
for every row it passes (at 10× the benchmark's data: 894 ms against 0.56 ms for the index). A generated,
stored column holds the vector once per write, and the filter names the column (articles.models
`StoredSearchVector`), so no plan computes it per row. Its GIN index keeps the name `article_search_gin`
(the articles' full-text index) and replaces the expression index, which nothing queries any more.

Adding a stored generated column rewrites the table once (the vectors are computed for every article),
holding its lock meanwhile: about the time 0006's index took to build. SQLite gets nothing: there the
search is LIKE/REGEXP (api/filters.py `text_search`).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

TABLE = "articles_article"
# The same text 0006 indexed, so the search finds what it found: title and text, 'russian' (which stems
# Russian words and Latin-script ones with the English stemmer).
VECTOR_SQL = "to_tsvector('russian'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))"
EXPRESSION_INDEX = GinIndex(SearchVector("title", "text", config="russian"), name="article_search_gin")


def add_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_gin")
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
                          f"GENERATED ALWAYS AS ({VECTOR_SQL}) STORED")
    schema_editor.execute(f"CREATE INDEX article_search_gin ON {TABLE} USING gin (search_vector)")


def remove_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_gin")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")
    schema_editor.add_index(apps.get_model("articles", "Article"), EXPRESSION_INDEX)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_indexes_owned_here")]

    operations = [migrations.RunPython(add_search_column, remove_search_column)]
