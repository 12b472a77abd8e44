"""Errors in the site's layout (issue 17, item 9): every unknown address, in English and in Russian, is the site's
404 with its navigation and a search box; a mistyped region code suggests the nearest regions; a failure is the
500 page, in the layout too, made without the request."""

from __future__ import annotations

import re

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.template.loader import render_to_string
from django.urls import path

from config import urls as project_urls
from dashboard.selectors.nearest import nearest_regions
from tests.dashboard.test_accessibility import site  # noqa: F401  (a live server for the 500 page's static files)

pytestmark = pytest.mark.django_db

HEADER_SEARCH = re.compile(r'<form class="site-search" role="search" method="get" action="([^"]+)"')


def broken_view(request):
    raise RuntimeError("a bug in a view")


# The project's addresses and one view that fails, in both languages (the 500 page reverses the dashboard's).
urlpatterns = i18n_patterns(path("broken/", broken_view), prefix_default_language=False) + project_urls.urlpatterns


@pytest.mark.parametrize("url", ["/search/", "/meetings/x/", "/search/articles/", "/nowhere", "/articles/x/",
                                 "/regions/RU-NVS/nothing/", "/ru/search/", "/ru/meetings/x/", "/ru/nowhere/"])
def test_every_unknown_address_is_the_sites_404_with_navigation_and_search(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    russian = url.startswith("/ru/")
    prefix = "/ru" if russian else ""
    assert f'<html lang="{"ru" if russian else "en"}">' in html
    assert "Такой страницы нет" in html if russian else "There is no such page" in html
    assert f'<a href="{prefix}/meetings/">' in html and f'<a href="{prefix}/articles/">' in html  # the navigation
    assert HEADER_SEARCH.search(html).group(1) == f"{prefix}/articles/"
    assert f'action="{prefix}/articles/" aria-labelledby="not-found-search"' in html  # and one in the page
    assert "<code>" + url + "</code>" in html
    assert 'data-suggestions="regions"' not in html  # suggestions only for a region's address


def test_a_mistyped_region_code_suggests_the_nearest_regions_linked(client):
    html = client.get("/regions/RU-NVZ/").content.decode()
    section = re.search(r'<section aria-labelledby="suggestions-heading" data-suggestions="regions">(.*?)</section>',
                        html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a> <code>([\w-]+)</code>', section)
    assert links[0] == ("/regions/RU-NVS/", "Novosibirsk Oblast", "RU-NVS")
    assert 1 < len(links) <= 5 and all(url == f"/regions/{code}/" for url, _name, code in links)
    russian = client.get("/ru/regions/ru-nvz/").content.decode()
    assert russian.count('data-suggestions="regions"') == 1
    assert '<a href="/ru/regions/RU-NVS/">Новосибирская область</a> <code>RU-NVS</code>' in russian


@pytest.mark.parametrize(("typed", "first"), [
    pytest.param("RU-NVZ", "RU-NVS", id="a-letter-off"),
    pytest.param("novosibirsk", "RU-NVS", id="english-name-unfinished"),
    pytest.param("Novosibirskaya Oblast", "RU-NVS", id="english-name-misspelt"),
    pytest.param("новосибирская", "RU-NVS", id="russian-name"),
    pytest.param("Krasnojarsk Krai", "RU-KYA", id="a-spelling"),
    pytest.param("BY-VT", "BY-VI", id="belarusian-oblast"),
])
def test_the_nearest_regions_compare_codes_and_english_and_russian_names(typed, first):
    assert nearest_regions(typed)[0].code == first


def test_nothing_like_a_region_suggests_nothing(client):
    assert nearest_regions("zzzzzzzzzz") == []
    html = client.get("/regions/QQQQQQQQQQ/").content.decode()
    assert 'data-suggestions="regions"' not in html


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("url", "language", "heading", "prefix"), [
    pytest.param("/broken/", "en", "Something went wrong on our side", "", id="english"),
    pytest.param("/ru/broken/", "ru", "У нас что-то пошло не так", "/ru", id="russian"),
])
def test_a_failure_is_the_500_page_in_the_layout(client, url, language, heading, prefix):
    client.raise_request_exception = False  # answer as the server would, with the 500 page
    response = client.get(url)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<a href="{prefix}/meetings/">' in html and f'<a href="{prefix}/articles/">' in html
    assert HEADER_SEARCH.search(html).group(1) == f"{prefix}/articles/"
    assert "{%" not in html and "{{" not in html


MENU_BUTTON = re.compile(r'<button type="button" class="menu-toggle"[^>]*>[^<]*</button>\s*<div class="site-menu" '
                         r'id="site-menu">')


def test_the_500_page_has_the_sites_phone_menu(client):
    """The same header as base.html's: the menu button before the folded navigation and search, and its script."""
    error_page = render_to_string("500.html")
    overview = client.get("/").content.decode()
    assert MENU_BUTTON.search(error_page).group(0) == MENU_BUTTON.search(overview).group(0)
    menu = error_page.split('id="site-menu">')[1].split("</header>")[0]
    assert '<nav aria-label="Main">' in menu and 'class="site-search"' in menu
    assert '<script src="/static/js/menu.js"></script>' in error_page


def test_at_390_px_the_500_page_folds_its_menu_and_opens_it(browser, site):  # noqa: F811
    """The page as the server sends it after a failure, its script and stylesheet from the live server."""
    error_page = render_to_string("500.html")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.route("**/a-failing-page/", lambda route: route.fulfill(status=500, body=error_page,
                                                                     content_type="text/html; charset=utf-8"))
        page.goto(site.url("/a-failing-page/"))
        button = page.locator("header.site .menu-toggle")
        assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
        assert not page.locator("#site-menu nav a").first.is_visible()
        button.press("Enter")
        assert page.locator("#site-menu nav a").first.is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 0
    finally:
        context.close()
