"""The articles page (issue 17, item 5): every parsed article, newest first, searched (the API's full-text search:
PostgreSQL's stemmed, indexed column; words on SQLite) and filtered, a page at a time, the matches highlighted and
escaped, with its CSV and JSON, the header's search box, and its Russian twin."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from articles.models import Article, Status
from belregions.models import Person, Sector
from bench.generate_dataset import populate
from dashboard.selectors import articles as selector
from tests import factories as make
from tests.api.test_search_index import ARTICLES, RARE_EN, RARE_RU, filler_text
from tests.dashboard.test_queries import LARGE, SMALL

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-article="(\d+)">')
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="the stemmed search and its index are PostgreSQL's only")


@pytest.fixture
def library(db) -> dict:
    """Articles across regions, sectors, people, languages and years; one undated, one failed, one deleted, one
    whose only region link an editor rejected."""
    a = {
        "tractors": make.article("Tractors for Omsk", "Minsk sends tractors to Omsk Oblast under a new contract.",
                                 published=date(2013, 6, 18), source_name="BelTA"),
        "potash": make.article("Potash through the port", "Potash shipments grew through the port of Ust-Luga.",
                               published=date(2015, 2, 1), source_name="Interfax"),
        "ru_coop": make.article("Сотрудничество с Новосибирском",
                                "Стороны обсудили развитие сотрудничества в сельском хозяйстве.",
                                published=date(2012, 5, 30), language="ru", source_name="БелТА"),
        "forum": make.article("Forum of regions", "The forum of regions met in Minsk; machinery was discussed.",
                              published=date(2011, 3, 20)),
        "undated": make.article("Undated note", "Machinery supplies to Krasnoyarsk.", published=None),
    }
    make.mention(a["tractors"], "RU-OMS")
    make.mention(a["tractors"], "BY-MI")
    make.mention(a["ru_coop"], "RU-NVS")
    make.mention(a["forum"], "RU-MOW")
    make.mention(a["forum"], "BY-VI")
    make.mention(a["undated"], "RU-KYA")
    make.mention(a["potash"], "RU-LEN", review="rejected")
    make.sector(a["tractors"], "agriculture")
    make.sector(a["ru_coop"], "agriculture")
    make.sector(a["forum"], "machinery")
    governor = make.person("Vasily Yurchenko", "RU-NVS", "Governor of Novosibirsk Oblast")
    make.named(a["ru_coop"], governor)
    make.named(a["tractors"], governor)
    failed = make.article("Failed upload", "Tractors, tractors.", status=Status.FAILED)
    deleted = make.article("Deleted tractors", "Tractors again.", published=date(2016, 1, 1))
    Article.all_objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    return {**a, "governor": governor, "failed": failed, "deleted": deleted}


def listed(client, query: str = "", prefix: str = "") -> list[int]:
    """The articles the page lists, in its order (ids)."""
    response = client.get(f"{prefix}/articles/{query}")
    assert response.status_code == 200, response.content.decode()[:800]
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def ids(library: dict, *names: str) -> list[int]:
    return [library[name].pk for name in names]


def row_of(html: str, pk: int) -> str:
    return re.search(rf'<tr data-article="{pk}">(.*?)</tr>', html, re.S).group(1)


NEWEST_FIRST = ("potash", "tractors", "ru_coop", "forum", "undated")


def test_every_parsed_article_newest_first_undated_last(client, library):
    assert listed(client) == ids(library, *NEWEST_FIRST)  # not the failed one, nor the deleted one


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("?region=RU-OMS", ("tractors",), id="region"),
    pytest.param("?region=ru-oms", ("tractors",), id="region-lower-case"),
    # A district's code takes in its regions (Omsk, Novosibirsk, Krasnoyarsk).
    pytest.param("?region=RU-FD-SIB", ("tractors", "ru_coop", "undated"), id="region-district"),
    pytest.param("?district=RU-FD-SIB", ("tractors", "ru_coop", "undated"), id="district"),
    pytest.param("?by_region=BY-VI", ("forum",), id="oblast"),
    pytest.param("?region=RU-LEN", (), id="a-rejected-link-does-not-count"),
    pytest.param("?sector=agriculture", ("tractors", "ru_coop"), id="sector"),
    pytest.param("?language=ru", ("ru_coop",), id="language"),
    pytest.param("?language=en&sector=agriculture", ("tractors",), id="language-and-sector"),
    pytest.param("?from=2013", ("potash", "tractors"), id="from"),
    pytest.param("?to=2012", ("ru_coop", "forum"), id="to"),
    pytest.param("?from=2012&to=2013", ("tractors", "ru_coop"), id="from-to"),
    pytest.param("?q=tractors&region=RU-FD-CEN", (), id="search-and-region"),
    pytest.param("?q=machinery&region=RU-FD-SIB", ("undated",), id="search-and-district"),
    pytest.param("?q=&region=&district=&by_region=&sector=&language=&from=&to=", NEWEST_FIRST, id="form-left-blank"),
])
def test_each_filter_narrows_the_list(client, library, query, expected):
    assert listed(client, query) == ids(library, *expected)


def test_the_person_filter_lists_the_articles_naming_them_and_offers_to_remove_itself(client, library):
    governor = library["governor"]
    assert listed(client, f"?person={governor.pk}") == ids(library, "tractors", "ru_coop")
    html = client.get(f"/articles/?person={governor.pk}&language=ru").content.decode()
    chip = re.search(r'<p class="tags" data-filter="person">(.*?)</p>', html, re.S).group(1)
    assert "Vasily Yurchenko" in chip and 'href="?language=ru"' in chip


@pytest.mark.parametrize(("words", "expected"), [
    pytest.param("tractors", ("tractors",), id="english-word-in-the-text"),
    pytest.param("TRACTORS omsk", ("tractors",), id="every-word-any-case"),
    pytest.param("potash", ("potash",), id="a-word-of-the-title"),
    pytest.param("сельском", ("ru_coop",), id="russian-word"),
    pytest.param("machinery", ("forum", "undated"), id="several-articles-newest-first"),
    pytest.param("tractors potash", (), id="all-words-or-nothing"),
])
def test_the_search_finds_articles_by_their_words_in_english_and_russian(client, library, words, expected):
    assert listed(client, f"?q={words}") == ids(library, *expected)


@postgresql_only
@pytest.mark.parametrize(("words", "expected"), [
    # The column's 'russian' configuration stems Cyrillic words by Russian rules, Latin ones by English rules.
    pytest.param("сотрудничество", ("ru_coop",), id="russian-stem"),
    pytest.param("tractor", ("tractors",), id="english-stem"),
    pytest.param('"new contract"', ("tractors",), id="phrase"),
    pytest.param("machinery -forum", ("undated",), id="not"),
])
def test_on_postgresql_the_search_finds_other_forms_of_a_word(client, library, words, expected):
    assert listed(client, f"?q={words}") == ids(library, *expected)


def test_a_search_highlights_its_matches_in_each_row(client, library):
    html = client.get("/articles/?q=tractors").content.decode()
    row = row_of(html, library["tractors"].pk)
    snippet = re.search(r'<p class="snippet"[^>]*>(.*?)</p>', row, re.S).group(1)
    assert re.search(r"<mark>tractors</mark>", snippet, re.I)
    assert "Omsk" in snippet
    assert '<p class="snippet"' not in client.get("/articles/").content.decode()  # no search, no snippet
    russian = row_of(client.get("/articles/?q=сельском").content.decode(), library["ru_coop"].pk)
    assert '<p class="snippet" lang="ru">' in russian and "<mark>сельском</mark>" in russian


def test_text_from_articles_is_escaped_and_only_the_matches_are_marked(client, db):
    hostile = make.article("Tractors <script>alert('t')</script>",
                           "Belarus sold tractors <script>alert(1)</script> and <mark>grain</mark> "
                           "\ue000to\ue001 Omsk <img src=x onerror=1>.", source_name="<b>Outlet</b>")
    html = client.get("/articles/?q=tractors").content.decode()
    row = row_of(html, hostile.pk)
    assert "<script>" not in html and "<img src=x" not in html and "<b>Outlet" not in html
    assert "Tractors &lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in row
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in row
    assert re.findall(r"<mark>(.*?)</mark>", row) == ["tractors"]  # the text's own <mark> and markers are text
    snippet = re.search(r'<p class="snippet"[^>]*>(.*?)</p>', row, re.S).group(1)
    if connection.vendor == "postgresql":  # ts_headline's parser leaves tags out of the passage
        assert "alert(1)" in snippet and "grain" in snippet and "&lt;" not in snippet
    else:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet and "&lt;mark&gt;grain&lt;/mark&gt;" in snippet
    title_in = client.get("/articles/?q=%3Cscript%3E").content.decode()
    assert "<script>alert" not in title_in


def test_each_row_shows_date_title_language_outlet_and_regions(client, library):
    html = client.get("/articles/").content.decode()
    row = row_of(html, library["tractors"].pk)
    assert '<time datetime="2013-06-18">18 Jun 2013</time>' in row
    assert f'<a href="/articles/{library["tractors"].pk}/">Tractors for Omsk</a>' in row
    assert "<td>EN</td>" in row and "BelTA" in row
    assert '<a href="/regions/BY-MI/">Minsk Oblast</a>, <a href="/regions/RU-OMS/">Omsk Oblast</a>' in row
    assert "Date unknown" in row_of(html, library["undated"].pk)
    assert "/regions/RU-LEN/" not in row_of(html, library["potash"].pk)  # the rejected link is not shown
    assert f'<a href="/articles/{library["ru_coop"].pk}/" lang="ru">' in html  # a Russian title keeps its language


def test_pages_of_the_list(client, library, monkeypatch):
    monkeypatch.setattr(selector, "PER_PAGE", 2)
    pages = [listed(client, f"?page={n}") for n in (1, 2, 3)]
    assert sum(pages, []) == ids(library, *NEWEST_FIRST) and [len(p) for p in pages] == [2, 2, 1]
    html = client.get("/articles/?page=2&language=en").content.decode()
    assert "Articles 3–4 of 4" in html and "Page 2 of 2" in html
    assert 'href="?page=1&amp;language=en" rel="prev"' in html and 'rel="next"' not in html
    twin = client.get("/articles/?page=3&format=json").json()
    assert (twin["count"], twin["pages"], twin["page_number"]) == (5, 3, 3)
    assert client.get("/articles/?page=4").status_code == 400


def test_an_empty_search_says_so(client, library):
    html = client.get("/articles/?q=zeppelin").content.decode()
    assert 'data-empty="articles"' in html and "No article has all of the words “zeppelin”." in html


@pytest.mark.parametrize(("query", "param", "message"), [
    pytest.param("?colour=red", "colour", "colour is not a parameter of this page; it takes q, region", id="unknown"),
    pytest.param("?status=failed", "status", "status is not a parameter of this page", id="status"),
    pytest.param("?q=a&q=b", "q", "q is given more than once", id="twice"),
    pytest.param("?q=" + "x" * 201, "q", "q: at most 200 characters, got 201", id="long-search"),
    pytest.param("?from=20x0", "from", "from must be a year between 1991 and 2100", id="year"),
    pytest.param("?from=2015&to=2010", "from", "from (2015) is after to (2010)", id="from-after-to"),
    pytest.param("?region=RU-XXX", "region", "region: no region has the code RU-XXX", id="unknown-region"),
    pytest.param("?region=RU-NVS,RU-OMS", "region", "region: give one region code", id="two-regions"),
    pytest.param("?district=RU-NVS", "district", "district must be a federal district&#x27;s code", id="district"),
    pytest.param("?by_region=RU-NVS", "by_region", "by_region must be a Belarusian oblast", id="oblast"),
    pytest.param("?sector=Farming!", "sector", "sector must be a sector&#x27;s slug", id="not-a-slug"),
    pytest.param("?sector=zeppelins", "sector", "sector: no sector has the slug zeppelins", id="unknown-sector"),
    pytest.param("?person=abc", "person", "person must be a person&#x27;s id", id="person"),
    pytest.param("?person=999999", "person", "person: no person has the id 999999", id="unknown-person"),
    pytest.param("?language=de", "language", "language must be one of en, ru", id="language"),
    pytest.param("?page=0", "page", "page must be a whole number from 1 to", id="page-zero"),
    pytest.param("?page=9", "page", "page must be a whole number from 1 to 1, got &#x27;9&#x27;", id="page-past-end"),
])
def test_what_the_page_does_not_understand_is_a_400_naming_the_parameter(client, library, query, param, message):
    response = client.get("/articles/" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="request-error" role="alert">{message}' in html
    marked = re.findall(r'<input type="text" name="(\w+)" value="[^"]*" aria-invalid="true"', html)
    assert marked and set(marked) == {param}  # the mend form marks the parameter at fault, and only it


def test_the_csv_and_json_give_the_rows_of_the_page(client, library, monkeypatch):
    monkeypatch.setattr(selector, "PER_PAGE", 3)
    for query in ("?page=2", "?q=machinery", "?sector=agriculture", ""):
        shown = listed(client, query)
        joiner = "&" if query else "?"
        text = client.get(f"/articles/{query}{joiner}data=articles&format=csv").content.decode()
        from_csv = list(csv.DictReader(io.StringIO(text)))
        from_json = client.get(f"/articles/{query}{joiner}data=articles&format=json").json()["rows"]
        assert [int(r["id"]) for r in from_csv] == shown == [r["id"] for r in from_json], query
    rows = {r["id"]: r for r in client.get("/articles/?q=tractors&data=articles&format=json").json()["rows"]}
    tractors = rows[library["tractors"].pk]
    assert {k: tractors[k] for k in ("published", "title", "language", "source_name", "regions", "region_names")} \
        == {"published": "2013-06-18", "title": "Tractors for Omsk", "language": "en", "source_name": "BelTA",
            "regions": "BY-MI; RU-OMS", "region_names": "Minsk Oblast; Omsk Oblast"}
    assert "tractors" in tractors["snippet"].lower() and "<mark>" not in tractors["snippet"]


def test_the_navigation_has_the_page_and_a_search_box_in_both_languages(client, library):
    english = client.get("/regions/").content.decode()
    assert '<a href="/articles/">Articles</a>' in english
    form = re.search(r'<form class="site-search" role="search" method="get" action="([^"]+)"', english)
    assert form.group(1) == "/articles/" and 'name="q"' in english
    assert '<a href="/articles/" aria-current="page">Articles</a>' in client.get("/articles/").content.decode()
    russian = client.get("/ru/articles/").content.decode()
    assert '<a href="/ru/articles/" aria-current="page">Статьи</a>' in russian
    assert 'class="site-search" role="search" method="get" action="/ru/articles/"' in russian
    # What the header's box sends is the page's own search.
    assert listed(client, "?q=potash") == ids(library, "potash")


def test_the_russian_page_names_regions_and_dates_in_russian(client, library):
    assert listed(client, "?q=tractors", prefix="/ru") == ids(library, "tractors")
    html = client.get("/ru/articles/?sector=agriculture").content.decode()
    row = row_of(html, library["tractors"].pk)
    assert '<a href="/ru/regions/RU-OMS/">Омская область</a>' in row and "18 июня 2013 г." in row
    assert '<a href="/ru/articles/' in row and 'lang="en">Tractors for Omsk</a>' in row
    bad = client.get("/ru/articles/?from=2015&to=2010")
    assert bad.status_code == 400 and "from (2015) позже, чем to (2010)" in bad.content.decode()


@pytest.mark.parametrize("sizes", [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")])
@pytest.mark.parametrize(("url", "queries"), [
    # regions, sectors, the count, the page's articles, their regions
    pytest.param("/articles/", 5, id="articles"),
    pytest.param("/articles/?page=2", 5, id="page-2"),
    pytest.param("/articles/?region=RU-FD-CEN&from=2000&language=en&sector={sector}", 5, id="filtered"),
    pytest.param("/articles/?data=articles&format=csv", 5, id="csv"),
    pytest.param("/articles/?format=json", 5, id="json"),
    # and the page's snippets
    pytest.param("/articles/?q=belarus", 6, id="search"),
    pytest.param("/articles/?q=belarus&page=2&from=2000", 6, id="search-page-2"),
    # and the person asked for
    pytest.param("/articles/?person={person}", 6, id="person"),
])
def test_it_reads_a_fixed_number_of_queries(client, django_assert_num_queries, monkeypatch, sizes, url, queries):
    populate(sizes)
    monkeypatch.setattr(selector, "PER_PAGE", 5)  # a second page at both sizes
    person = Person.objects.filter(article_links__isnull=False).order_by("pk").first()
    sector = Sector.objects.filter(article_links__isnull=False).order_by("slug").first()
    client.get("/healthz")  # a process's first request imports every URLconf, and the API reads at import
    with django_assert_num_queries(queries):
        response = client.get(url.format(person=person.pk, sector=sector.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert ROW.findall(html) or "format=" in url or "region=" in url
    if "q=" in url and "format=" not in url:
        assert "<mark>" in html.lower()


@postgresql_only
def test_the_pages_search_reads_the_columns_gin_index(db):
    """The page's own query (parsed only, newest first) at 4,000 articles of common words: the index is cheaper
    than a scan, and no vector is computed per row (as the API's, tests/api/test_search_index.py)."""
    draw = random.Random(7)
    rows = []
    for n in range(ARTICLES):
        rare = {1: f" {RARE_EN} for the harvest", 2: f" поставки {RARE_RU} в область"}.get(n % 800, "")
        rows.append(make.new_article(f"News {n}", filler_text(draw) + rare,
                                     date(2015, 1, 1) + timedelta(days=n % 3000)))
    Article.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")  # as autovacuum would, after a large load
        # and as its vacuum would, the index's pending entries merged: the suite's earlier tests in this database
        # leave them (rolled back, but still in GIN's pending list), which the planner prices as a slow index.
        cursor.execute("SELECT gin_clean_pending_list('article_search_gin'::regclass)")
    for words in (RARE_EN, RARE_RU, f"{RARE_EN} harvest"):
        p = selector.ArticlesParams.from_query(QueryDict(urlencode({"q": words})))
        query = selector.matching_articles(p, {})
        plan = query.explain()
        assert "article_search_gin" in plan, plan
        assert "to_tsvector" not in plan, plan  # the column is read; nothing is computed per row
        assert query.count() == 5, words
