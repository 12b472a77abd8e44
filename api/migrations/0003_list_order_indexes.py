"""Indexes in the order the API's lists are read (newest first, unknown dates last), on PostgreSQL,
and the one that makes the API cache's data version (api/cache.py) an index look-up.

Without them a first page sorts the whole table: 20,000 articles for 50 rows.
They live here because that order and that cache are the API's.
"""

from django.db import migrations
from django.db.models import F, Index

INDEXES = [
    ("articles", "Article", Index(F("published").desc(nulls_last=True), F("id").desc(),
                                  name="api_article_newest")),
    ("belregions", "Meeting", Index(F("date").desc(nulls_last=True), F("id").desc(), name="api_meeting_newest")),
    ("belregions", "TradeFigure", Index(F("period_start").desc(nulls_last=True), F("region_id"), F("id").desc(),
                                        name="api_trade_newest")),
]


VERSION_INDEX = Index(fields=["status_changed_at"], name="api_article_status_changed")


def add_indexes(apps, schema_editor):
    schema_editor.add_index(apps.get_model("articles", "Article"), VERSION_INDEX)
    if schema_editor.connection.vendor == "postgresql":
        for app, model, index in INDEXES:
            schema_editor.add_index(apps.get_model(app, model), index)


def remove_indexes(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("articles", "Article"), VERSION_INDEX)
    if schema_editor.connection.vendor == "postgresql":
        for app, model, index in INDEXES:
            schema_editor.remove_index(apps.get_model(app, model), index)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_article_search_index"), ("articles", "0001_initial"),
                    ("belregions", "0002_reference_data")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
