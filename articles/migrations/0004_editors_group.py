"""The `editors` group and its permissions, from articles.editors.PERMISSIONS.

It used to be made by api 0001 with a shorter list (no upload batches, no fact
history: editors got 403 on the page an upload leads to). Running it again
changes nothing, so deployments that applied api 0001 are brought up to date
and fresh ones are made right. A later change to the list needs no migration:
post_migrate applies it after every `migrate`.
"""

from django.db import migrations


def apply_editors(apps, schema_editor):
    from articles import editors

    editors.apply(apps, schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_article_title_edited"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("belregions", "0003_factchange"),
        # The old home of the group: when it runs at all, it runs first.
        ("api", "0001_editors_group"),
    ]

    # Reversing keeps the group: people are in it.
    operations = [migrations.RunPython(apply_editors, migrations.RunPython.noop)]
