"""The `editors` group: what an editor may do, as data, in one place.

An editor uploads, watches batches and parse runs, reviews and corrects facts,
re-parses, reads the fact history, fixes an article's title and text, deletes
an article restorably (and restores it) and merges a duplicate, in the admin
and the API. Nothing else: no users, groups or tokens. No `delete_` either: a
wrong machine fact is rejected, so that a re-parse cannot bring it back, and
an article's hard delete stays a superuser's.

The list is applied by migration articles 0004, again after every `migrate`
(post_migrate: a model added later has its permissions by then) and by
`manage.py create_editor`. Applying sets the group's permissions to exactly
this list, so removing a codename here takes it away on the next migrate.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

GROUP = "editors"

# app label -> permission codenames.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "articles": (
        "add_article", "change_article", "view_article",  # upload, re-parse, edit the title and the text
        "soft_delete_article", "merge_article",  # delete restorably, restore, merge a duplicate (no hard delete)
        "view_parserun",
        "view_uploadbatch",  # the batch page an upload leads to, and the list of batches
    ),
    "belregions": (
        *(f"{action}_{model}" for model in ("tradefigure", "articleregion", "articlesector", "articleperson",
                                            "meetingsource", "meeting", "person", "agreement")
          for action in ("add", "change", "view")),
        "view_region", "view_sector",  # reference data: read, pick in forms
        "view_factchange",  # the history of editors' work
    ),
}


def apply(apps=global_apps, using: str = "default", *, strict: bool = True):
    """Create the group if missing and give it exactly PERMISSIONS; return it.

    `apps` is a migration's or post_migrate's app registry, or the real one.
    Permissions Django has not created yet (a fresh database, mid-migration)
    are created first. Strict (create_editor, on a migrated database), a
    codename with no permission is an error, not a silent gap; migrations are
    not strict, as a model added by a later migration does not exist yet.
    """
    _create_missing_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.set(_permissions(apps, using, strict))
    return group


def _create_missing_permissions(apps, using: str) -> None:
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        # A migration's app configs have no models_module, and create_permissions skips those.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = had_module


def _permissions(apps, using: str, strict: bool) -> list:
    Permission = apps.get_model("auth", "Permission")
    found, wanted = [], set()
    for label, codenames in PERMISSIONS.items():
        wanted |= {(label, codename) for codename in codenames}
        rows = Permission.objects.using(using).filter(content_type__app_label=label, codename__in=codenames)
        found += rows.select_related("content_type")
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing and strict:
        raise LookupError(f"editors' permissions that do not exist: {sorted(missing)}")
    return found


def on_post_migrate(sender, app_config=None, using="default", apps=global_apps, **kwargs) -> None:
    """After `migrate` (and a test's flush): the group as the list says, new models' permissions included."""
    if app_config is not None and app_config.label == "articles":
        # Not strict: `migrate APP NUMBER` may leave some models out (a test checks the list has no typo).
        apply(apps, using, strict=False)
