"""An editor edits an article's text, deletes it restorably, restores it and merges a duplicate (articles/editing.py).

Every action is taken as an editor (staff, in the `editors` group, never a superuser) through the admin, and
checked where readers look: the dashboard, the API's lists and stats, the trade keys.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, ParseRun
from belregions.models import ArticleRegion, FactChange, MeetingSource, Origin, Review, TradeFigure, TradeKey
from tests.articles.test_admin import post_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(staff_client, seed_bytes, settings, django_capture_on_commit_callbacks) -> list[Article]:
    """The five seed articles, uploaded through the admin by the editor and parsed."""
    settings.API_CACHE_VERSION_SECONDS = 0  # the API reads the data version on every request
    with django_capture_on_commit_callbacks(execute=True):
        post_upload(staff_client, sorted(seed_bytes.items()))
    return list(Article.objects.order_by("pk"))


def with_trade_and_meeting(articles: list[Article]) -> Article:
    return next(a for a in articles if a.tradefigure_facts.exists() and a.meetingsource_facts.exists())


def api_ids(client, path: str) -> set[int]:
    body = client.get(path, {"page_size": 500}).json()
    return {row["id"] for row in body["results"]}


def listed_figure_article_ids(client) -> set[int]:
    """The articles of the figures the API's trade-figures list shows."""
    figures = api_ids(client, "/api/v1/trade-figures/")
    return set(TradeFigure.objects.filter(pk__in=figures).values_list("article_id", flat=True))


def trade_article_ids(client) -> set[int]:
    """The articles whose figures the consolidated trade's points use: chosen or among the others."""
    rows = client.get("/api/v1/stats/trade/", {"page_size": 500}).json()["results"]
    figures = {row["figure"] for row in rows} | {f for row in rows for f in row.get("other_figures", [])}
    return set(TradeFigure.objects.filter(pk__in=figures).values_list("article_id", flat=True))


def post(client, name: str, article: Article, data=None):
    return client.post(reverse(f"admin:articles_article_{name}", args=[article.pk]), data or {})


def test_an_editor_edits_the_text_a_parse_is_queued_and_the_history_says_so(staff_client, seeds, editor,
                                                                           django_capture_on_commit_callbacks):
    article = seeds[0]
    runs = article.parse_runs.count()
    text = article.text + "\n\nTrade between Belarus and Omsk Oblast reached $123 million in 2019."
    form = {"title": article.title, "source_name": "", "source_url": "", "published_override": "",
            "text": text.replace("\n", "\r\n"),  # as a browser's textarea posts it
            "parse_runs-TOTAL_FORMS": "0", "parse_runs-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.text, article.text_edited, article.status) == (text, True, "queued")
    assert article.parse_runs.count() == runs + 1 and len(sent) == 1  # queued through services.queue_parse
    change = FactChange.objects.get(fact_type="article", article=article)
    assert (change.user, change.after) == (editor, {"text": text})
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "edited the text" in page

    sent[0]()  # the worker: the parse reads the editor's text, not the file
    article.refresh_from_db()
    assert article.status == "parsed" and article.text == text
    assert article.tradefigure_facts.filter(amount=123_000_000, region_id="RU-OMS").exists()


def test_a_save_that_does_not_change_the_text_does_not_reparse(staff_client, seeds):
    article = seeds[0]
    form = {"title": article.title, "source_name": "x", "source_url": "", "published_override": "",
            "text": article.text.replace("\n", "\r\n"), "parse_runs-TOTAL_FORMS": "0", "parse_runs-INITIAL_FORMS": "0"}
    runs = ParseRun.objects.count()
    assert staff_client.post(reverse("admin:articles_article_change", args=[article.pk]), form).status_code == 302
    assert ParseRun.objects.count() == runs and not FactChange.objects.filter(fact_type="article").exists()


def test_a_deleted_article_is_hidden_from_the_dashboard_the_api_and_the_stats_and_comes_back(
        staff_client, seeds, editor):
    client = Client()  # a reader, not signed in
    article = with_trade_and_meeting(seeds)
    meetings = set(article.meetingsource_facts.values_list("meeting_id", flat=True))
    keys_before = set(TradeKey.objects.values_list("region_code", "partner_code", "year", "flow"))
    assert article.pk in api_ids(client, "/api/v1/articles/") and article.pk in trade_article_ids(client)
    assert meetings <= api_ids(client, "/api/v1/meetings/")
    assert client.get(reverse("dashboard:article", args=[article.pk])).status_code == 200
    assert article.title in client.get(reverse("dashboard:overview")).content.decode()

    assert post(staff_client, "soft_delete", article).status_code == 302
    article = Article.all_objects.get(pk=article.pk)
    assert article.deleted_at is not None and article.deleted_by == editor
    assert article.tradefigure_facts.exists()  # kept, only hidden
    assert article.pk not in api_ids(client, "/api/v1/articles/")
    assert article.pk not in trade_article_ids(client)
    assert article.pk not in listed_figure_article_ids(client)
    assert not meetings & api_ids(client, "/api/v1/meetings/")  # its meetings had no other source
    assert client.get(reverse("dashboard:article", args=[article.pk])).status_code == 404
    assert article.title not in client.get(reverse("dashboard:overview")).content.decode()
    assert not TradeFigure.objects.active().filter(article=article).exists()
    assert not MeetingSource.objects.active().filter(article=article).exists()
    figure_keys = set(TradeKey.objects.values_list("region_code", "partner_code", "year", "flow"))
    assert figure_keys < keys_before
    changelist = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f'/admin/articles/article/{article.pk}/change/' not in changelist  # out of the list by default
    deleted_list = staff_client.get(reverse("admin:articles_article_changelist"), {"deleted": "yes"})
    assert f'/admin/articles/article/{article.pk}/change/' in deleted_list.content.decode()

    assert post(staff_client, "restore", article).status_code == 302
    article.refresh_from_db()
    assert article.deleted_at is None
    assert article.pk in api_ids(client, "/api/v1/articles/") and article.pk in trade_article_ids(client)
    assert article.pk in listed_figure_article_ids(client)
    assert meetings <= api_ids(client, "/api/v1/meetings/")
    assert client.get(reverse("dashboard:article", args=[article.pk])).status_code == 200
    assert set(TradeKey.objects.values_list("region_code", "partner_code", "year", "flow")) == keys_before
    history = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "deleted the article" in history and "restored the article" in history


def test_a_merged_duplicate_is_hidden_linked_and_its_editors_facts_move(staff_client, seeds, editor):
    client = Client()
    kept, duplicate = seeds[0], seeds[1]
    region = ArticleRegion.objects.filter(article=duplicate).exclude(
        region_id__in=kept.articleregion_facts.values("region_id")).first()
    assert region is not None
    staff_client.post(reverse("admin:articles_article_review",
                              args=[duplicate.pk, "articleregion", region.pk, "confirm"]))
    machine = kept.articleregion_facts.filter(origin=Origin.MACHINE).first()
    twin = ArticleRegion.objects.get(article=duplicate, region_id=machine.region_id) \
        if ArticleRegion.objects.filter(article=duplicate, region_id=machine.region_id).exists() else None

    response = post(staff_client, "merge", duplicate, {"into": str(kept.pk)})
    assert response.status_code == 302 and response["Location"].endswith(f"/{kept.pk}/change/")
    duplicate = Article.all_objects.get(pk=duplicate.pk)
    assert duplicate.deleted_at is not None and duplicate.merged_into == kept
    region.refresh_from_db()
    assert region.article == kept and region.review == Review.CONFIRMED  # the editor's fact moved
    if twin is not None:
        assert ArticleRegion.objects.filter(pk=twin.pk, article=duplicate).exists()  # the parser's stays behind
    assert duplicate.pk not in api_ids(client, "/api/v1/articles/")
    page = staff_client.get(reverse("admin:articles_article_change", args=[kept.pk])).content.decode()
    assert "Merged duplicates" in page and f"(article {duplicate.pk})" in page
    assert f"merged article #{duplicate.pk} into this one" in page
    dup_page = staff_client.get(reverse("admin:articles_article_change", args=[duplicate.pk])).content.decode()
    assert f"merged into <a href=\"/admin/articles/article/{kept.pk}/change/\">article {kept.pk}</a>" in dup_page


def test_a_merge_refuses_itself_and_a_deleted_target(staff_client, seeds):
    first, second = seeds[0], seeds[1]
    post(staff_client, "merge", first, {"into": str(first.pk)})
    post(staff_client, "soft_delete", second)
    post(staff_client, "merge", first, {"into": str(second.pk)})
    post(staff_client, "merge", first, {"into": "nonsense"})
    assert Article.objects.filter(pk=first.pk).exists()  # still shown
    assert Article.all_objects.get(pk=first.pk).merged_into is None


def test_the_list_actions_delete_and_restore(staff_client, seeds):
    url = reverse("admin:articles_article_changelist")
    ids = [str(a.pk) for a in seeds[:2]]
    staff_client.post(url, {"action": "soft_delete_selected", "_selected_action": ids})
    assert Article.all_objects.deleted().count() == 2 and Article.objects.count() == len(seeds) - 2
    staff_client.post(url + "?deleted=yes", {"action": "restore_selected", "_selected_action": ids})
    assert Article.objects.count() == len(seeds)


def test_the_same_bytes_as_a_deleted_article_are_not_stored_again(staff_client, seeds, seed_bytes):
    article = seeds[0]
    post(staff_client, "soft_delete", article)
    post_upload(staff_client, [("again.txt", bytes(Article.all_objects.get(pk=article.pk).raw))])
    assert Article.all_objects.count() == len(seeds)


@pytest.mark.parametrize("name", ["soft_delete", "restore", "merge"])
def test_an_anonymous_user_cannot_delete_restore_or_merge(seeds, name):
    article = seeds[0]
    response = post(Client(), name, article, {"into": str(seeds[1].pk)})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Article.objects.filter(pk=article.pk).exists()


def test_staff_without_the_permissions_cannot_delete_or_merge(seeds, django_user_model):
    from django.contrib.auth.models import Permission

    client = Client()
    clerk = django_user_model.objects.create_user("clerk", password="pw-for-tests-123", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_article", "change_article"]))
    client.force_login(clerk)
    assert post(client, "soft_delete", seeds[0]).status_code == 403
    assert post(client, "merge", seeds[0], {"into": str(seeds[1].pk)}).status_code == 403
    assert Article.objects.count() == len(seeds)


def test_a_get_changes_nothing(staff_client, seeds):
    url = reverse("admin:articles_article_soft_delete", args=[seeds[0].pk])
    assert staff_client.get(url).status_code == 405
    assert Article.objects.count() == len(seeds)


def test_an_editor_cannot_hard_delete(staff_client, seeds):
    assert staff_client.get(reverse("admin:articles_article_delete", args=[seeds[0].pk])).status_code == 403
