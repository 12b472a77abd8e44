"""Meetings' and trade figures' newest-first indexes, made here by the app that owns the tables.

The api app's migration 0003 (now a no-op, kept for history) made them as `api_*`; a database that has
those drops them here and gets the same indexes. PostgreSQL only: SQLite takes no NULLS LAST in an index.
"""

from django.db import migrations, models

FORMER_API_INDEXES = ["api_meeting_newest", "api_trade_newest"]
POSTGRESQL_INDEXES = [
    # Lists read newest first, unknown dates and periods last.
    ("Meeting", models.Index(models.F("date").desc(nulls_last=True), models.F("id").desc(), name="meeting_newest")),
    ("TradeFigure", models.Index(models.F("period_start").desc(nulls_last=True), models.F("region_id"),
                                 models.F("id").desc(), name="trade_newest")),
]


def drop_former_api_indexes(apps, schema_editor):
    for name in FORMER_API_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def add_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in POSTGRESQL_INDEXES:
            schema_editor.add_index(apps.get_model("belregions", model), index)


def remove_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in POSTGRESQL_INDEXES:
            schema_editor.remove_index(apps.get_model("belregions", model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("belregions", "0006_meetingsource_text_sketch"),
        # On a database that applied the api app's former index migration, drop its indexes after it ran.
        ("api", "0003_list_order_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_former_api_indexes, migrations.RunPython.noop),
        migrations.RunPython(add_postgresql_indexes, remove_postgresql_indexes),
    ]
