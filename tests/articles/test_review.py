"""Editors confirm, reject, correct and add facts; re-parsing keeps their work and never undoes a rejection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import escape

from articles import services
from articles.models import Article
from belregions.models import (
    ArticleRegion,
    ArticleSector,
    FactChange,
    Origin,
    Region,
    Review,
    TradeFigure,
)
from belregions.review import fact_add, fact_confirm, fact_correct, fact_reject

pytestmark = pytest.mark.django_db

KRASNOYARSK = "004_4e84a349bc7b2819.txt"


@pytest.fixture
def article(seed_bytes, django_capture_on_commit_callbacks) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        article = services.create_article(seed_bytes[KRASNOYARSK], filename="004.txt").article
    article.refresh_from_db()
    assert article.articleregion_facts.filter(region="RU-KYA").exists(), "the parser no longer finds the region"
    return article


@pytest.fixture
def reparse(django_capture_on_commit_callbacks):
    def run(article: Article) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.queue_parse(article)

    return run


def trade(article: Article) -> TradeFigure:
    figure = article.tradefigure_facts.filter(region="RU-KYA").first()
    assert figure is not None, "the parser no longer finds the 2011 trade figure"
    return figure


def test_a_confirmed_fact_survives_a_reparse_unchanged(article, editor, reparse):
    region = article.articleregion_facts.get(region="RU-KYA")
    fact_confirm(region, editor)
    reparse(article)
    kept = article.articleregion_facts.get(region="RU-KYA")  # one row: not duplicated by the parser
    assert (kept.pk, kept.review, kept.reviewed_by, kept.origin) == (region.pk, Review.CONFIRMED, editor,
                                                                       Origin.MACHINE)


def test_a_rejected_fact_does_not_come_back(article, editor, reparse):
    figure = trade(article)
    fact_reject(figure, editor)
    reparse(article)
    reparse(article)
    rows = article.tradefigure_facts.filter(region="RU-KYA", period_start=figure.period_start)
    assert list(rows.values_list("pk", "review")) == [(figure.pk, Review.REJECTED)]
    assert not TradeFigure.objects.active().filter(pk=figure.pk).exists()


def test_a_correction_survives_and_the_parsers_version_stays_out(article, editor, reparse):
    figure = trade(article)
    first_fingerprint, found = figure.fingerprint, figure.amount
    fact_correct(figure, editor, amount=Decimal("133500000.00"), qualifier="exact")
    reparse(article)
    rows = article.tradefigure_facts.filter(region="RU-KYA", period_start=figure.period_start)
    assert list(rows.values_list("pk", "amount", "review", "fingerprint")) == [
        (figure.pk, Decimal("133500000.00"), Review.CORRECTED, first_fingerprint)]
    change = FactChange.objects.get(fact_type="tradefigure", fact_id=figure.pk)
    assert (change.action, change.user, change.article) == ("correct", editor, article)
    assert (change.before["amount"], change.after["amount"]) == (str(found), "133500000.00")


def test_a_corrected_region_is_not_duplicated_when_the_parser_finds_it(article, editor, reparse):
    """The parser read Minsk; the editor says Krasnoyarsk. Neither comes back as a parser row."""
    minsk = article.articleregion_facts.get(region="BY-HM")
    fact_correct(minsk, editor, region=Region.objects.get(pk="RU-KYA"))
    reparse(article)
    assert list(article.articleregion_facts.values_list("pk", "region", "review")) == [
        (minsk.pk, "RU-KYA", Review.CORRECTED)]


def test_an_added_fact_survives_and_supersedes_its_machine_twin(article, editor, reparse):
    machine = trade(article)
    fields = {name: getattr(machine, name) for name in TradeFigure.CONTENT_FIELDS}
    added = fact_add(TradeFigure(article=article), editor, **fields, evidence="Checked against the ministry's figures.")
    assert not TradeFigure.objects.filter(pk=machine.pk).exists()  # the editor's row replaces the parser's
    assert (added.origin, added.review, added.reviewed_by) == (Origin.EDITOR, Review.ADDED, editor)
    reparse(article)
    rows = article.tradefigure_facts.filter(region="RU-KYA", period_start=machine.period_start)
    assert list(rows.values_list("pk", "origin")) == [(added.pk, Origin.EDITOR)]


def test_an_added_region_the_parser_never_finds_stays(article, editor, reparse):
    added = fact_add(ArticleRegion(article=article), editor, region=Region.objects.get(pk="RU-OMS"),
                              evidence="Omsk is mentioned in the print edition.")
    reparse(article)
    assert article.articleregion_facts.get(region="RU-OMS").pk == added.pk


def test_a_corrected_person_keeps_the_editors_role(article, editor, reparse):
    link = article.articleperson_facts.select_related("person").get(person__key__startswith="kuznetsov")
    fact_correct(link, editor, role="Governor of Krasnoyarsk Krai")
    reparse(article)
    assert article.articleperson_facts.get(pk=link.pk).role == "Governor of Krasnoyarsk Krai"
    assert article.articleperson_facts.filter(person=link.person).count() == 1


def test_correct_refuses_fields_that_are_not_the_facts(article, editor):
    with pytest.raises(TypeError, match="no editable field"):
        fact_correct(trade(article), editor, origin=Origin.EDITOR)


def test_every_change_is_in_the_history(article, editor):
    fact_confirm(trade(article), editor)
    fact_reject(article.articlesector_facts.first(), editor)
    assert list(FactChange.objects.filter(article=article).order_by("id").values_list("action", "user__username")) == [
        ("confirm", "editor"), ("reject", "editor")]


# --- the admin side ---------------------------------------------------------------------


def review_url(article: Article, fact, action: str) -> str:
    return reverse("admin:articles_article_review", args=[article.pk, fact._meta.model_name, fact.pk, action])


def test_the_article_page_shows_each_fact_with_its_evidence(staff_client, article):
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    figure = trade(article)
    for title in ("Regions", "People", "Meetings", "Trade figures", "Sectors", "Clean text", "History"):
        assert f"<h3>{title}" in page or f"<h2>{title}</h2>" in page
    assert figure.evidence and escape(figure.evidence) in page
    assert "<mark>" in page
    assert review_url(article, figure, "confirm") in page


def test_the_confirm_and_reject_buttons(staff_client, article):
    figure, sector = trade(article), article.articlesector_facts.first()
    assert staff_client.get(review_url(article, figure, "confirm")).status_code == 405
    response = staff_client.post(review_url(article, figure, "confirm"))
    assert response.status_code == 302 and response["Location"].endswith(f"/{article.pk}/change/#facts")
    staff_client.post(review_url(article, sector, "reject"))
    assert TradeFigure.objects.get(pk=figure.pk).review == Review.CONFIRMED
    assert ArticleSector.objects.get(pk=sector.pk).review == Review.REJECTED
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f"confirmed trade figure #{figure.pk}" in page and f"rejected article sector #{sector.pk}" in page


@pytest.mark.parametrize(
    "kind, action",
    [pytest.param("tradefigure", "delete", id="unknown-action"), pytest.param("article", "confirm", id="not-a-fact")],
)
def test_the_buttons_answer_404_to_what_is_not_there(staff_client, article, kind, action):
    url = reverse("admin:articles_article_review", args=[article.pk, kind, trade(article).pk, action])
    assert staff_client.post(url).status_code in (403, 404)


def test_a_staff_user_without_the_permission_cannot_review(client, article):
    user = get_user_model().objects.create_user("intern", "i@example.com", "pw-for-tests-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)
    assert client.post(review_url(article, trade(article), "reject")).status_code == 403
    assert trade(article).review == Review.UNREVIEWED


def test_correcting_in_the_fact_form_returns_to_the_article(staff_client, article, editor, reparse):
    figure = trade(article)
    url = reverse("admin:articles_article_fact_correct", args=[article.pk, "tradefigure", figure.pk])
    form = {"region": "RU-KYA", "by_region": "", "period_start": "2011-01-01", "period_end": "2011-12-31",
            "amount": "131900000", "currency": "USD", "flow": "turnover", "qualifier": "about", "change_factor": "",
            "change_versus": "", "evidence": figure.evidence}
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith(f"/articles/article/{article.pk}/change/#facts")
    figure.refresh_from_db()
    assert (figure.amount, figure.review, figure.reviewed_by) == (Decimal("131900000.00"), Review.CORRECTED, editor)
    reparse(article)
    assert TradeFigure.objects.get(pk=figure.pk).amount == Decimal("131900000.00")


def test_adding_in_the_fact_form_makes_an_editors_fact(staff_client, article, editor):
    url = reverse("admin:articles_article_fact_add", args=[article.pk, "articleregion"])
    assert f'value="{article.pk}"' in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"article": article.pk, "region": "RU-OMS", "mentions": 1, "evidence": ""})
    assert response.status_code == 302
    added = article.articleregion_facts.get(region="RU-OMS")
    assert (added.origin, added.review, added.reviewed_by) == (Origin.EDITOR, Review.ADDED, editor)


def test_a_correction_into_a_fact_the_editor_already_has_is_refused_with_a_message(staff_client, article, editor):
    kya, minsk = article.articleregion_facts.get(region="RU-KYA"), article.articleregion_facts.get(region="BY-HM")
    fact_confirm(kya, editor)
    url = reverse("admin:belregions_articleregion_change", args=[minsk.pk])
    response = staff_client.post(url, {"region": "RU-KYA", "mentions": 1, "evidence": ""})
    assert response.status_code == 200
    assert "This article already has that fact" in response.content.decode()
    assert ArticleRegion.objects.get(pk=minsk.pk).region_id == "BY-HM"


def test_machine_facts_cannot_be_deleted_only_rejected(staff_client, article):
    url = reverse("admin:belregions_tradefigure_delete", args=[trade(article).pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert TradeFigure.objects.filter(pk=trade(article).pk).exists()


def test_the_review_pages_correct_and_add_forms_are_steps_of_the_article_page(staff_client, article):
    figure = trade(article)
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    correct = reverse("admin:articles_article_fact_correct", args=[article.pk, "tradefigure", figure.pk])
    add = reverse("admin:articles_article_fact_add", args=[article.pk, "articleregion"])
    assert f'href="{correct}"' in page and f'href="{add}"' in page
    form = staff_client.get(correct).content.decode()
    assert 'name="_save"' in form and 'name="_continue"' not in form and 'name="_addanother"' not in form
    assert "_to_article" not in page + form


@pytest.mark.parametrize(
    "kind, fact_id",
    [pytest.param("article", None, id="not-a-kind-of-fact"), pytest.param("tradefigure", 987654, id="no-such-fact")],
)
def test_the_fact_forms_answer_404_to_what_the_article_does_not_have(staff_client, article, kind, fact_id):
    if fact_id is None:
        url = reverse("admin:articles_article_fact_add", args=[article.pk, kind])
    else:
        url = reverse("admin:articles_article_fact_correct", args=[article.pk, kind, fact_id])
    assert staff_client.get(url).status_code == 404
