"""The editors' admin in Russian as well as English: English at /admin/ (every bookmark), Russian at /ru/admin/.

Signed in as an editor (create_editor: staff, in the editors group, not a superuser). Each page answers in both
languages with `<html lang>` saying which, Django's own admin words and the project's templates translated, and a
header switch that opens the same admin page, query string kept, in the other language.
"""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models import Article

pytestmark = pytest.mark.django_db

KRASNOYARSK = "004_4e84a349bc7b2819.txt"  # a seed the parser finds regions and a trade figure in
HTML_LANG = re.compile(r'<html lang="([\w-]+)"')


@pytest.fixture
def editor_client(client):
    call_command("create_editor", "i18n-editor", "--password", "pw-for-tests-123", stdout=io.StringIO())
    user = get_user_model().objects.get(username="i18n-editor")
    assert user.is_staff and not user.is_superuser
    client.force_login(user)
    return client


@pytest.fixture
def article(seed_bytes, django_capture_on_commit_callbacks) -> Article:
    with django_capture_on_commit_callbacks(execute=True):
        article = services.create_article(seed_bytes[KRASNOYARSK], filename="004.txt").article
    assert article.articleregion_facts.exists(), "no facts: the review would not show"
    return article


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def switch_to(html: str, language: str) -> str:
    """The href of the header's link to the other language."""
    match = re.search(rf'<a href="([^"]+)" hreflang="{language}" lang="{language}" data-language="{language}"', html)
    assert match, f"no switch to {language}"
    return match.group(1).replace("&amp;", "&")


# Each page: its English address, words Django's admin or the project's templates say in Russian there, and
# their English.
PAGES = {
    "index": ("/admin/", ["Администрирование сайта", "Выйти", "Изменить пароль"],
              ["Site administration", "Log out", "Change password"]),
    "article-list": ("/admin/articles/article/?deleted=all", ["Заново разобрать выбранные статьи", "Загрузить статьи",
                                                              'value="Найти"'],
                     ["Re-parse selected articles", "Upload articles", 'value="Search"']),
    "article-review": ("/admin/articles/article/{pk}/change/", ["Факты", "Подтвердить", "Отклонить", "Исправить",
                                                                "Сохранить", "Статус:"],
                       ["Facts", "Confirm", "Reject", "Correct", "Save"]),  # "Status:" is also a model field's label
    "upload": ("/admin/articles/article/add/", ["<h1>Загрузить статьи</h1>", "Выберите одну или несколько статей"],
               ["<h1>Upload articles</h1>", "Choose one or more"]),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_admin_page_answers_in_russian_under_ru_and_in_english_at_its_address(editor_client, article, name):
    english_url, russian_words, english_words = PAGES[name]
    english_url = english_url.format(pk=article.pk)
    russian_url = "/ru" + english_url
    russian = page(editor_client, russian_url)
    assert HTML_LANG.search(russian).group(1) == "ru"
    for word in russian_words:
        assert word in russian, (russian_url, word)
    for word in english_words:
        assert word not in russian, (russian_url, word)
    english = page(editor_client, english_url)
    assert HTML_LANG.search(english).group(1) == "en"
    for word in english_words:
        assert word in english, (english_url, word)
    # The switch opens this admin page, filters kept, in the other language; each page names its own as current.
    assert switch_to(english, "ru") == russian_url and switch_to(russian, "en") == english_url
    assert 'data-language="ru" aria-current="true"' in russian and 'data-language="en" aria-current="true"' in english


def test_the_switch_is_on_the_login_page_too_and_keeps_next(client):
    response = client.get("/ru/admin/")
    assert response.status_code == 302 and response["Location"] == "/ru/admin/login/?next=/ru/admin/"
    login = page(client, response["Location"])
    assert HTML_LANG.search(login).group(1) == "ru" and "Войти" in login
    assert switch_to(login, "en") == "/admin/login/?next=/ru/admin/"


def test_english_keeps_its_admin_addresses(editor_client):
    """reverse() and the login redirect stay unprefixed in English: every test and bookmark uses them."""
    anonymous = Client()
    assert reverse("admin:index") == "/admin/"
    assert reverse("admin:articles_article_changelist") == "/admin/articles/article/"
    with translation.override("ru"):
        assert reverse("admin:index") == "/ru/admin/"
    assert anonymous.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")["Location"] == "/admin/login/?next=/admin/"
    # Accept-Language does not make an unprefixed address Russian: the URL says the language.
    assert HTML_LANG.search(page(editor_client, "/admin/")).group(1) == "en"
    assert anonymous.get("/en/admin/")["Location"] == "/admin/"


def test_the_api_and_healthz_stay_outside_the_language_prefix(client):
    assert client.get("/ru/api/v1/regions/").status_code == 404
    assert client.get("/ru/healthz").status_code == 404


def test_a_message_from_the_admin_python_side_is_in_the_page_language(editor_client, article):
    """articles/admin.py's messages are marked: the re-parse button says so in Russian at /ru/admin/."""
    russian = editor_client.post(f"/ru/admin/articles/article/{article.pk}/reparse/", follow=True)
    assert "Статья поставлена в очередь на разбор." in russian.content.decode()
    english = editor_client.post(f"/admin/articles/article/{article.pk}/reparse/", follow=True)
    assert "The article is queued for parsing." in english.content.decode()
