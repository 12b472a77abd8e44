"""A GIN index for the articles' full-text search (`?q=`), on PostgreSQL only.

Its expression is api.filters.ARTICLE_SEARCH_VECTOR's, so the planner uses it
for that filter. It lives here, not on Article, because the search is the
API's; SQLite has no such index and the API searches it with LIKE.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "api_article_search_gin"
# Must stay equal to api.filters.ARTICLE_SEARCH_VECTOR (a test checks it).
ARTICLE_SEARCH_VECTOR = SearchVector("title", "text", config="russian")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        Article = apps.get_model("articles", "Article")
        schema_editor.add_index(Article, GinIndex(ARTICLE_SEARCH_VECTOR, name=INDEX_NAME))


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        Article = apps.get_model("articles", "Article")
        schema_editor.remove_index(Article, GinIndex(ARTICLE_SEARCH_VECTOR, name=INDEX_NAME))


class Migration(migrations.Migration):
    dependencies = [("api", "0001_editors_group"), ("articles", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index)]
