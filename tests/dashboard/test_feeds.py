"""Atom feeds of one region, district, oblast, sector or person (dashboard/feeds.py), read back as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from articles import editing, services
from articles.models import Article
from belregions.models import Person, TradeFigure
from belregions.review import fact_reject
from dashboard import feeds
from tests import factories as make
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    link: str
    updated: datetime
    summary: str
    kind: str


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - the app's own answer, in a test


def read_feed(client, url: str, **headers) -> ET.Element:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response.content)
    assert feed.tag == f"{ATOM}feed"
    # What Atom (RFC 4287) requires of a feed: an id, a title, an updated time and an author.
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    return feed


def items(feed: ET.Element) -> list[Item]:
    return [Item(id=entry.findtext(f"{ATOM}id"), title=entry.findtext(f"{ATOM}title"),
                 link=entry.find(f"{ATOM}link").get("href"),
                 updated=datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
                 summary=entry.findtext(f"{ATOM}summary") or "", kind=entry.find(f"{ATOM}category").get("term"))
            for entry in feed.findall(f"{ATOM}entry")]


def kinds(entries: list[Item]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.kind] = counts.get(entry.kind, 0) + 1
    return counts


def assert_well_formed(entries: list[Item]) -> None:
    """Unique tag ids, links to article pages, newest first."""
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.id.startswith("tag:testserver,") for e in entries)
    assert all(e.link.startswith("http://testserver/articles/") for e in entries)
    assert [e.updated for e in entries] == sorted((e.updated for e in entries), reverse=True)


def test_a_region_feed_lists_its_meetings_figures_and_articles(client, trade_data):
    feed = read_feed(client, "/regions/RU-NVS/feed/")
    assert feed.findtext(f"{ATOM}title") == "Novosibirsk Oblast: meetings, trade and articles"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/regions/RU-NVS/"
    assert feed.get(XML_LANG) == "en"
    entries = items(feed)
    assert_well_formed(entries)
    # One meeting in Novosibirsk, its seven figures (six turnover, one export), the two articles naming it.
    assert kinds(entries) == {"meeting": 1, "trade": 7, "article": 2}
    meeting = next(e for e in entries if e.kind == "meeting")
    assert meeting.title == "Meeting on 29 May 2012: Vasily Yurchenko"
    assert "Novosibirsk Oblast" in meeting.summary
    assert meeting.link == f"http://testserver/articles/{trade_data['first'].pk}/#article-text"
    titles = {e.title for e in entries}
    assert "Turnover, Novosibirsk Oblast and Belarus, 2011: over $200.0 million" in titles
    assert "Article: Trade figures disputed" in titles


def test_a_district_feed_covers_its_regions(client, trade_data):
    entries = items(read_feed(client, "/regions/RU-FD-SIB/feed/"))
    assert_well_formed(entries)
    # Both meetings; the figures of the district, Novosibirsk (7), Krasnoyarsk (4) and Omsk (2).
    assert kinds(entries) == {"meeting": 2, "trade": 14, "article": 2}
    assert any(e.title.startswith("Visit on 17 June 2013") for e in entries)
    assert not any("Moscow" in e.title for e in entries)


def test_an_oblast_feed_lists_the_figures_of_its_trade(client, trade_data):
    make.figure(trade_data["second"], "RU-SMO", 2013, 90_000_000, by_region="BY-MI")
    entries = items(read_feed(client, "/regions/BY-MI/feed/"))
    assert [(e.kind, e.title) for e in entries] == [
        ("trade", "Turnover, Smolensk Oblast and Minsk Oblast, 2013: $90.0 million")]
    assert entries[0].link == f"http://testserver/articles/{trade_data['second'].pk}/#article-text"
    assert "Minsk Oblast" not in "".join(e.title for e in items(read_feed(client, "/regions/BY-VI/feed/")))


def test_a_sector_feed_follows_the_articles_about_it(client, trade_data):
    feed = read_feed(client, "/sectors/high-tech/feed/")
    entries = items(feed)
    assert_well_formed(entries)
    first = trade_data["first"].pk
    # Only the first article is about high technology: it, its meeting and its 16 figures.
    assert kinds(entries) == {"meeting": 1, "trade": 16, "article": 1}
    assert {e.link.split("#")[0] for e in entries} == {f"http://testserver/articles/{first}/"}
    assert "high" in feed.findtext(f"{ATOM}title").lower()


def test_a_person_feed_lists_their_meetings_and_the_articles_naming_them(client, trade_data):
    governor = Person.objects.get(name="Vasily Yurchenko")
    url = f"/people/{governor.pk}/feed/"
    assert kinds(items(read_feed(client, url))) == {"meeting": 2}
    make.named(trade_data["second"], governor)
    entries = items(read_feed(client, url))
    assert_well_formed(entries)
    # The second article now names him: it and its three figures join his two meetings.
    assert kinds(entries) == {"meeting": 2, "article": 1, "trade": 3}
    assert read_feed(client, url).findtext(f"{ATOM}title") == "Vasily Yurchenko: meetings, trade and articles"


@pytest.mark.parametrize("url", ["/regions/XX-NOWHERE/feed/", "/regions/RU/feed/", "/sectors/no-such-sector/feed/",
                                 "/people/999999/feed/", "/people/someone/feed/"])
def test_an_unknown_thing_has_no_feed(client, db, url):
    assert client.get(url).status_code == 404


def test_what_readers_do_not_count_is_left_out(client, trade_data, admin_user):
    rejected = TradeFigure.objects.get(region_id="RU-NVS", amount=260_000_000)
    fact_reject(rejected, admin_user)
    entries = items(read_feed(client, "/regions/RU-NVS/feed/"))
    assert not any(e.id.endswith(f"/trade/{rejected.pk}") for e in entries)
    editing.delete(trade_data["second"], admin_user)
    entries = items(read_feed(client, "/regions/RU-OMS/feed/"))
    assert entries == []  # Omsk's meeting, figures and article were all the deleted article's


def test_the_newest_come_first_up_to_the_limit(client, trade_data, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LIMIT", 5)
    newest = make.article("Newest", "Novosibirsk Oblast again.")
    make.mention(newest, "RU-NVS", "Novosibirsk Oblast")
    entries = items(read_feed(client, "/regions/RU-NVS/feed/"))
    assert len(entries) == 5
    assert entries[0].title == "Article: Newest"
    assert_well_formed(entries)


def test_user_text_stays_text(client, db):
    source = make.article(HOSTILE, "Novosibirsk Oblast and a hostile title.")
    make.mention(source, "RU-NVS", "Novosibirsk Oblast")
    response = client.get("/regions/RU-NVS/feed/")
    assert b"<script>" not in response.content and b"<b>" not in response.content
    [entry] = items(parse(response.content))
    assert entry.title == f"Article: {HOSTILE}"  # Atom's title is text: read back exactly as written
    # The summary is HTML (type="html"): the title in it is escaped once more, so a reader shows it as text.
    assert "&lt;script&gt;" in entry.summary and "<script>" not in entry.summary


def test_a_parsed_article_shows_in_the_next_request(client, db, settings, django_capture_on_commit_callbacks):
    settings.DASHBOARD_CACHE_SECONDS = 600  # the read cache on: it must not hide the new article
    cache.clear()
    assert items(read_feed(client, "/regions/RU-NVS/feed/")) == []
    novosibirsk = next(path for path in SEEDS if Path(path).name.startswith("000_"))
    with django_capture_on_commit_callbacks(execute=True):
        services.create_article(novosibirsk.read_bytes(), filename=novosibirsk.name, source_name="BelTA (demo)")
    article = Article.objects.get()
    assert article.status == "parsed"
    entries = items(read_feed(client, "/regions/RU-NVS/feed/"))
    assert f"Article: {article.title}" in {e.title for e in entries}
    assert any(e.kind == "meeting" and "Yurchenko" in e.title for e in entries)
    cache.clear()


def test_the_region_page_offers_its_feed(client, trade_data):
    html = client.get("/regions/RU-NVS/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/regions/RU-NVS/feed/"' in html
    assert "Follow (Atom feed)" in html


def russian_catalogue() -> bool:
    return "ru" in dict(getattr(settings, "LANGUAGES", ())) and any(
        (Path(p) / "ru" / "LC_MESSAGES" / "django.mo").exists() for p in getattr(settings, "LOCALE_PATHS", ()))


@pytest.mark.skipif(not russian_catalogue(), reason="the Russian catalogue is another change's (i18n)")
def test_the_feed_speaks_the_readers_language(client, trade_data):
    with translation.override("ru"):
        url = reverse("dashboard:region-feed", args=["RU-NVS"])
    assert url.startswith("/ru/")
    feed = read_feed(client, url, HTTP_ACCEPT_LANGUAGE="ru")
    assert feed.get(XML_LANG) == "ru"
    assert feed.findtext(f"{ATOM}title") == "Новосибирская область: встречи, торговля и статьи"
    entries = items(feed)
    assert all(e.link.startswith("http://testserver/ru/articles/") for e in entries)
    meeting = next(e for e in entries if e.kind == "meeting")
    assert meeting.title.startswith("Встреча") and "29 мая 2012" in meeting.title
