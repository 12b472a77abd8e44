"""The article table's read indexes, declared here by the app that owns the table.

They were made by the api app's migrations 0002 and 0003 (now no-ops, kept for history) under `api_*`
names; a database that has those drops them here and gets the same indexes under their new names. The
full-text index and the newest-first one are PostgreSQL's only (SQLite takes no NULLS LAST in an index
and searches with LIKE), so they are RunPython; the status one is in Article.Meta.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

# What api.filters searched when this was written; articles 0007 replaced this index by one on a stored column.
ARTICLE_SEARCH_VECTOR = SearchVector("title", "text", config="russian")
POSTGRESQL_INDEXES = [
    GinIndex(ARTICLE_SEARCH_VECTOR, name="article_search_gin"),
    # Lists read newest first, unknown dates last: without it a first page sorts the whole table.
    models.Index(models.F("published").desc(nulls_last=True), models.F("id").desc(), name="article_newest"),
]
FORMER_API_INDEXES = ["api_article_search_gin", "api_article_newest", "api_article_status_changed"]


def drop_former_api_indexes(apps, schema_editor):
    for name in FORMER_API_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def add_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in POSTGRESQL_INDEXES:
            schema_editor.add_index(apps.get_model("articles", "Article"), index)


def remove_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in POSTGRESQL_INDEXES:
            schema_editor.remove_index(apps.get_model("articles", "Article"), index)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_editing"),
        # On a database that applied the api app's former index migrations, drop theirs after they ran.
        ("api", "0003_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_former_api_indexes, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status_changed_at"], name="article_status_changed"),
        ),
        migrations.RunPython(add_postgresql_indexes, remove_postgresql_indexes),
    ]
