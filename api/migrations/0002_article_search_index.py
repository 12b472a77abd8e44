"""Formerly made the articles' full-text index; now a no-op kept for migration history.

The index belongs to the app that owns the table: articles 0006 makes it (as `article_search_gin`) and
drops this migration's `api_article_search_gin` where a database has it. Must not be deleted or renamed:
later migrations depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("api", "0001_editors_group"), ("articles", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
