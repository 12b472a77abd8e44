"""The `editors` group: who may upload, re-parse and review facts, in the admin and the API."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (app, model, actions): no deletes; a wrong fact is rejected, so a re-parse cannot bring it back.
EDITOR_PERMISSIONS = [
    ("articles", "article", ("add", "change", "view")),
    ("articles", "parserun", ("view",)),
    ("belregions", "tradefigure", ("add", "change", "view")),
    ("belregions", "articleregion", ("add", "change", "view")),
    ("belregions", "articlesector", ("add", "change", "view")),
    ("belregions", "articleperson", ("add", "change", "view")),
    ("belregions", "meetingsource", ("add", "change", "view")),
    ("belregions", "meeting", ("add", "change", "view")),
    ("belregions", "person", ("add", "change", "view")),
    ("belregions", "region", ("view",)),
    ("belregions", "sector", ("view",)),
]


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editors")
    for app, model, actions in EDITOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app, codename__in=codenames))


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("belregions", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
