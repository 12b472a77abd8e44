"""An editor (staff, in the `editors` group, not a superuser) can do every editor task in the admin, and no more.

The group's permissions are data (articles/editors.py), applied by a migration, after every `migrate`
and by `manage.py create_editor`.
"""

from __future__ import annotations

import importlib
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from articles import editors
from articles.models import Article, UploadBatch
from belregions.models import FactChange, Review
from tests.articles.test_admin import post_upload

pytestmark = pytest.mark.django_db

KRASNOYARSK = "004_4e84a349bc7b2819.txt"


def group_codenames() -> set[tuple[str, str]]:
    return set(Group.objects.get(name=editors.GROUP).permissions.values_list("content_type__app_label", "codename"))


def listed_codenames() -> set[tuple[str, str]]:
    return {(label, codename) for label, codenames in editors.PERMISSIONS.items() for codename in codenames}


@pytest.fixture
def workday(staff_client, seed_bytes, django_capture_on_commit_callbacks) -> UploadBatch:
    """An editor's morning: a real upload through the admin, parsed, and one fact confirmed."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(staff_client, [("004.txt", seed_bytes[KRASNOYARSK])])
    batch = UploadBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    article = Article.objects.get()
    fact = article.articleregion_facts.first()
    staff_client.post(reverse("admin:articles_article_review", args=[article.pk, "articleregion", fact.pk, "confirm"]))
    assert FactChange.objects.filter(action=FactChange.Action.CONFIRM).exists()
    return batch


# The fact forms' search-as-you-type fields.
AUTOCOMPLETES = [("meeting", "participants"), ("meeting", "regions"), ("tradefigure", "region"),
                 ("articleperson", "person")]


def reachable_admin_urls(client, batch: UploadBatch) -> list[str]:
    """From the admin index: each model's list, its add page (when allowed), its first object's page."""
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    article = batch.articles.get()
    urls = [reverse("admin:articles_article_add"), batch.get_absolute_url(),
            reverse("admin:articles_article_status") + f"?batch={batch.pk}&ids={article.pk}",
            reverse("admin:articles_article_original", args=[article.pk]), reverse("admin:password_change"),
            *(reverse("admin:autocomplete") + f"?app_label=belregions&model_name={model}&field_name={field}&term=Om"
              for model, field in AUTOCOMPLETES)]
    for app in index.context["app_list"]:
        for model in app["models"]:
            urls += [model["admin_url"], *([model["add_url"]] if model.get("add_url") else [])]
            urls += first_object_pages(client, model["admin_url"])
    return urls


def first_object_pages(client, changelist_url: str) -> list[str]:
    changelist = client.get(changelist_url).context["cl"]
    first = changelist.result_list[0] if changelist.result_list else None
    if first is None:
        return []
    change = reverse(f"admin:{changelist.opts.app_label}_{changelist.opts.model_name}_change", args=[first.pk])
    return [change, change.replace("/change/", "/history/")]


def test_an_editor_reaches_every_admin_page_without_403_or_500(staff_client, workday):
    urls = list(dict.fromkeys(reachable_admin_urls(staff_client, workday)))
    answers = {url: staff_client.get(url).status_code for url in urls}
    assert {url: code for url, code in answers.items() if code in (403, 500)} == {}
    assert set(answers.values()) == {200}
    # The pages an editor's day needs are among them.
    for name in ("articles_uploadbatch_changelist", "belregions_factchange_changelist", "articles_parserun_changelist",
                 "belregions_tradefigure_add", "belregions_meetingsource_add"):
        assert reverse(f"admin:{name}") in answers, name


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/",
                                 "/admin/authtoken/tokenproxy/"])
def test_an_editor_gets_403_on_users_groups_and_tokens(staff_client, url):
    assert staff_client.get(url).status_code == 403


def test_the_admin_index_shows_an_editor_no_users_or_groups(staff_client):
    apps = {app["app_label"] for app in staff_client.get(reverse("admin:index")).context["app_list"]}
    assert apps == {"articles", "belregions"}


def test_the_group_has_exactly_the_listed_permissions_and_no_deletes(db):
    assert group_codenames() == listed_codenames()
    assert not any(codename.startswith("delete_") for _, codename in listed_codenames())
    assert not any(label in ("auth", "authtoken", "admin") for label, _ in listed_codenames())


def test_every_migrate_applies_the_list_again(db):
    group = Group.objects.get(name=editors.GROUP)
    group.permissions.clear()
    group.permissions.add(*group.permissions.model.objects.filter(codename="delete_user"))
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert group_codenames() == listed_codenames()


def test_the_migration_completes_a_group_the_old_api_migration_made(db):
    """Deployments that applied api 0001 have the group without the batch and history permissions."""
    group = Group.objects.get(name=editors.GROUP)
    group.permissions.remove(*group.permissions.filter(codename__in=["view_uploadbatch", "view_factchange"]))
    importlib.import_module("api.migrations.0001_editors_group")  # still importable: later migrations name it
    migration = importlib.import_module("articles.migrations.0004_editors_group")
    # The models as that migration sees them (historical, no models_module), as in a real `migrate`.
    apps = MigrationLoader(connection).project_state(("articles", "0004_editors_group"), at_end=False).apps
    schema_editor = SimpleNamespace(connection=connection)
    migration.apply_editors(apps, schema_editor)
    migration.apply_editors(apps, schema_editor)  # twice: nothing more
    assert group_codenames() == listed_codenames()
    assert Group.objects.filter(name=editors.GROUP).count() == 1


def create_editor(*args: str) -> str:
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out)
    return out.getvalue()


def test_create_editor_makes_a_staff_user_in_the_group_who_can_sign_in(client):
    assert create_editor("olga", "--password", "a-long-pass-phrase-9") == "Created editor olga.\n"
    user = get_user_model().objects.get(username="olga")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["editors"]
    assert client.login(username="olga", password="a-long-pass-phrase-9")
    assert client.get(reverse("admin:articles_uploadbatch_changelist")).status_code == 200


def test_create_editor_reads_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "another-long-phrase-7")
    create_editor("ivan")
    assert get_user_model().objects.get(username="ivan").check_password("another-long-phrase-7")


def test_create_editor_without_a_password_and_no_terminal_fails_clearly(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="needs a password"):
        create_editor("nobody", "--no-input")
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_create_editor_refuses_a_weak_password(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="too common|too short"):
        create_editor("weak", "--password", "password")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_create_editor_promotes_an_existing_user_keeping_the_password(monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    get_user_model().objects.create_user("anna", password="her-own-password-5")
    assert create_editor("anna", "--no-input") == "Updated editor anna.\n"
    user = get_user_model().objects.get(username="anna")
    assert user.is_staff and user.check_password("her-own-password-5")
    assert user.groups.filter(name="editors").exists()


# --- the article's title ------------------------------------------------------------


def change_form(article: Article, **changes) -> dict:
    return {"title": article.title, "source_name": article.source_name, "source_url": article.source_url,
            "published_override": "", "parse_runs-TOTAL_FORMS": "0", "parse_runs-INITIAL_FORMS": "0", **changes}


def test_an_editor_corrects_the_title_and_a_reparse_keeps_it(staff_client, workday, editor,
                                                               django_capture_on_commit_callbacks):
    article = Article.objects.get()
    parsed_title = article.title
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert 'name="title"' in staff_client.get(url).content.decode()  # editable, not read-only
    response = staff_client.post(url, change_form(article, title="Belarus and Krasnoyarsk Krai: trade"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.title, article.title_edited) == ("Belarus and Krasnoyarsk Krai: trade", True)

    change = FactChange.objects.get(fact_type="article")
    assert (change.article, change.user, change.action) == (article, editor, FactChange.Action.CORRECT)
    assert (change.before, change.after) == ({"title": parsed_title}, {"title": article.title})
    page = staff_client.get(url).content.decode()
    assert "corrected article" in page and "Belarus and Krasnoyarsk Krai: trade" in page  # in the History

    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(reverse("admin:articles_article_reparse", args=[article.pk])).status_code == 302
    article.refresh_from_db()
    assert article.parse_runs.count() == 2 and article.title == "Belarus and Krasnoyarsk Krai: trade"


def test_an_emptied_title_goes_back_to_the_parser(staff_client, workday, django_capture_on_commit_callbacks):
    article = Article.objects.get()
    parsed_title = article.title
    url = reverse("admin:articles_article_change", args=[article.pk])
    staff_client.post(url, change_form(article, title="Print version Send to a friend"))
    staff_client.post(url, change_form(Article.objects.get(), title=""))
    assert Article.objects.get().title_edited is False
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("admin:articles_article_reparse", args=[article.pk]))
    assert Article.objects.get().title == parsed_title


def test_saving_the_page_unchanged_records_nothing(staff_client, workday):
    article = Article.objects.get()
    before = FactChange.objects.count()
    staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), change_form(article))
    assert FactChange.objects.count() == before and not Article.objects.get().title_edited
    assert Article.objects.get().articleregion_facts.filter(review=Review.CONFIRMED).count() == 1
