"""Formerly made the `editors` group; now a no-op kept for migration history.

The group and its permissions belong to the articles app (articles/editors.py,
applied by articles 0004 and after every `migrate`). Deployments that applied
this migration keep it applied; articles 0004 runs after it and completes the
group. It must not be deleted or renamed: later migrations depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("belregions", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
