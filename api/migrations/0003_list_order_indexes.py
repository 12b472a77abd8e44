"""Formerly made the lists' newest-first indexes and the data version's; now a no-op kept for history.

They belong to the apps that own the tables: articles 0006 and belregions 0007 declare them in their
models' Meta and drop this migration's `api_*` indexes where a database has them. Must not be deleted or
renamed: later migrations depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0002_article_search_index"), ("articles", "0001_initial"),
                    ("belregions", "0002_reference_data")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
