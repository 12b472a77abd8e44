"""The editors' admin in Russian as well as English: English at /admin/ (every bookmark), Russian at /ru/admin/.

Signed in as an editor (create_editor: staff, in the editors group, not a superuser). Each page answers in both
languages with `<html lang>` saying which, Django's own admin words and the project's templates translated, and a
header switch that opens the same admin page, query string kept, in the other language.
"""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles import services, uploads
from articles.models import Article
from tests import factories as make

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


# --- the admin's own names in Russian: models, columns, filters, actions and their counts -------------------------

def test_the_russian_index_names_every_model_and_app_in_russian(editor_client):
    russian = page(editor_client, "/ru/admin/")
    for name in ["Статьи и разбор", "Регионы и факты", "Статьи", "Загрузки", "Разборы", "Торговые показатели",
                 "Изменения фактов", "Сообщения о встречах", "Люди в статьях", "Встречи", "Отрасли"]:
        assert f">{name}<" in russian, name
    for name in ["Articles and parsing", "Regions and facts", "Upload batches", "Parse runs", "Trade figures",
                 "Fact changes", "Meeting sources", "Article people"]:
        assert f">{name}<" not in russian, name
        assert f">{name}<" in page(editor_client, "/admin/"), name


def column_headers(html: str) -> list[str]:
    """The changelist's column headers, as the editor reads them."""
    start = html.index('id="result_list"')
    head = html[start:html.index("</thead>", start)]
    cells = re.findall(r'<div class="text">(.*?)</div>', head, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_russian_article_list_heads_its_columns_and_filters_in_russian(editor_client, article):
    russian = page(editor_client, "/ru/admin/articles/article/")
    headers = column_headers(russian)
    for header in ["Статья", "Опубликовано", "Язык", "Статус", "Код ошибки", "Название источника", "Загрузка",
                   "Создано"]:
        assert header in headers, (header, headers)
    assert "Published" not in " ".join(headers) and "Source name" not in " ".join(headers)
    filters = re.findall(r"<summary>\s*(.*?)\s*</summary>", russian, flags=re.S)
    assert any("статус" in title for title in filters) and any("удалена" in title for title in filters), filters
    assert "Source name" in column_headers(page(editor_client, "/admin/articles/article/"))


def test_a_fact_list_shows_its_codes_words_in_russian(editor_client, article):
    russian = page(editor_client, "/ru/admin/belregions/tradefigure/")
    headers = column_headers(russian)
    assert {"Регион", "Направление", "Точность", "Автор", "Проверка"} <= set(headers), headers
    assert "Парсер" in russian and "Не проверено" in russian and "Товарооборот" in russian
    assert ">Parser<" not in russian and "Not reviewed" not in russian


def selected_action(client, url: str, action: str, pks: list[int]) -> str:
    response = client.post(url, {"action": action, "_selected_action": [str(pk) for pk in pks]}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count, russian, english", [
    (1, "1 статья поставлена в очередь на разбор.", "1 article queued for parsing."),
    (3, "3 статьи поставлены в очередь на разбор.", "3 articles queued for parsing."),
    (5, "5 статей поставлено в очередь на разбор.", "5 articles queued for parsing."),
])
def test_an_actions_count_is_said_in_the_right_russian_plural(editor_client, count, russian, english):
    articles = [make.article(f"Article {n}") for n in range(count)]
    pks = [a.pk for a in articles]
    assert russian in selected_action(editor_client, "/ru/admin/articles/article/", "reparse", pks)
    assert english in selected_action(editor_client, "/admin/articles/article/", "reparse", pks)


def test_delete_restore_and_fact_actions_count_in_russian(editor_client, article):
    others = [make.article(f"Other {n}") for n in range(2)]
    pks = [a.pk for a in others]
    assert "2 статьи удалены (можно восстановить)." in selected_action(
        editor_client, "/ru/admin/articles/article/", "soft_delete_selected", pks)
    assert "2 статьи восстановлены." in selected_action(
        editor_client, "/ru/admin/articles/article/?deleted=yes", "restore_selected", pks)
    figures = list(article.tradefigure_facts.values_list("pk", flat=True))
    html = selected_action(editor_client, "/ru/admin/belregions/tradefigure/", "confirm_selected", figures)
    words = {1: "факт подтверждён", 2: "факта подтверждено", 3: "факта подтверждено", 4: "факта подтверждено"}
    assert f"{len(figures)} {words.get(len(figures), 'фактов подтверждено')}." in html


def test_the_review_pages_fact_kinds_and_messages_are_russian(editor_client, article):
    review = page(editor_client, f"/ru/admin/articles/article/{article.pk}/change/")
    assert "<h3>Регионы <span" in review and "<h3>Торговые показатели <span" in review
    figure = article.tradefigure_facts.first()
    done = editor_client.post(f"/ru/admin/articles/article/{article.pk}/facts/tradefigure/{figure.pk}/confirm/",
                              follow=True).content.decode()
    assert "Торговый показатель: подтверждено." in done


# --- the scripts' words (upload.js, status.js) in the page's language ---------------------------------------------

SCRIPTS = Path(__file__).resolve().parents[2] / "static" / "admin-extra"


OUTCOMES = ("new", "duplicate", "refused")  # upload.js reads text("outcome-" + outcome)
UPLOAD_PANEL, STATUS_PANEL = '<div class="module upload-progress"', '<div class="status-panel'


def script_keys(name: str) -> set[str]:
    """The data-text-* keys a script reads: every text("key" ...) it calls."""
    keys = set(re.findall(r'\btext\((?:panel, )?"([\w-]+)"', (SCRIPTS / name).read_text()))
    if "outcome-" in keys:
        keys = (keys - {"outcome-"}) | {f"outcome-{outcome}" for outcome in OUTCOMES}
    return keys


def rendered_texts(html: str, element: str) -> dict[str, str]:
    """The data-text-* attributes of the element that matches `element` (the start of its tag), unescaped."""
    tag = re.search(rf"{element}[^>]*>", html).group(0)
    return {key: unescape(value) for key, value in re.findall(r'data-text-([\w-]+)="([^"]*)"', tag)}


def test_the_upload_page_gives_its_script_every_message_in_the_page_language(editor_client):
    keys = script_keys("upload.js")
    assert {"summary", "starting", "finished", "sent", "outcome-new"} <= keys  # the reading above works
    russian = rendered_texts(page(editor_client, "/ru/admin/articles/article/add/"), UPLOAD_PANEL)
    english = rendered_texts(page(editor_client, "/admin/articles/article/add/"), UPLOAD_PANEL)
    assert keys <= set(russian) and keys <= set(english)
    assert russian["summary"] == "новых — {new}, загруженных раньше — {duplicate}, отклонённых — {refused}"
    assert english["summary"] == "{new} new, {duplicate} uploaded before, {refused} refused"
    assert russian["finished-link"] == "Загрузка завершена: {summary}. Далее — ссылка на страницу загрузки."
    assert english["finished-link"] == "Upload finished: {summary}. The batch page's link follows."
    assert (russian["kilobytes"], russian["outcome-refused"]) == ("{n} КБ", "отклонено")
    for key in keys:  # each message translated, keeping the values the script puts in
        assert russian[key] != english[key], key
        assert set(re.findall(r"\{\w+\}", russian[key])) == set(re.findall(r"\{\w+\}", english[key])), key


def test_the_status_panels_give_their_script_every_message_in_the_page_language(editor_client, seed_bytes):
    keys = script_keys("status.js")
    assert {"updated", "updated-in-progress", "failed", "server"} == keys
    batch = uploads.store_batch([uploads.Incoming("a.txt", seed_bytes[KRASNOYARSK])])
    for url in ["/ru/admin/articles/article/", f"/ru/admin/articles/uploadbatch/{batch.pk}/change/"]:
        russian = rendered_texts(page(editor_client, url), STATUS_PANEL)
        assert set(russian) == keys, url
        assert russian["updated"] == "Обновлено в {time}"
        assert russian["updated-in-progress"] == "Обновлено в {time} (в работе — {count})"
    english = rendered_texts(page(editor_client, "/admin/articles/article/"), STATUS_PANEL)
    assert english["failed"] == "Could not refresh the status ({error}); retrying…"


def test_the_batch_page_names_its_upload_and_counts_its_files_in_russian(editor_client, seed_bytes):
    batch = uploads.store_batch([uploads.Incoming("a.txt", seed_bytes[KRASNOYARSK]),
                                 uploads.Incoming("b.pdf", b"%PDF-1.4")])
    russian = page(editor_client, f"/ru/admin/articles/uploadbatch/{batch.pk}/change/")
    assert f"<h1>Загрузка {batch.pk}: 2 файла</h1>" in russian and f"&rsaquo; Загрузка {batch.pk}" in russian
    english = page(editor_client, f"/admin/articles/uploadbatch/{batch.pk}/change/")
    assert f"<h1>Upload {batch.pk}: 2 files</h1>" in english
    listed = page(editor_client, "/ru/admin/articles/uploadbatch/")
    assert f">Загрузка {batch.pk}<" in listed and "Загрузка" in column_headers(listed)
