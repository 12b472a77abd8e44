"""Person pages (issue 17, item 3): roles over time, regions, meetings and articles; every name on every page
links to its person; CSV and JSON twins; the Russian page; a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from articles import editing
from belregions.models import Person
from bench.generate_dataset import populate
from dashboard.selectors import person as selector
from tests import factories as make
from tests.dashboard.test_queries import LARGE, SMALL

pytestmark = pytest.mark.django_db

MEETING_ROW = re.compile(r'<tr data-meeting="(\d+)">')
ARTICLE_ITEM = re.compile(r'<li data-article="(\d+)">')
ROLE_ROW = re.compile(r'<tr data-role-year="(\d*)"><td>[^<]*</td><td[^>]*>([^<]*)</td>')


@pytest.fixture
def cast(db) -> dict:
    """The governor of Novosibirsk over three years: named with two roles, in two meetings, in three articles; an
    editor rejected one naming, an article naming him is deleted; the president meets someone else too."""
    older = make.article("Acting governor visits Minsk", published=date(2011, 3, 1))
    newer = make.article("Governor signs a roadmap", published=date(2013, 6, 18))
    newest = make.article("Governor at the forum", published=date(2014, 9, 2))
    other = make.article("The president meets Omsk", published=date(2014, 10, 1))
    governor = make.person("Vasily Yurchenko", "RU-NVS", "Governor of Novosibirsk Oblast")
    president = make.person("Alexander Lukashenko", None, "President of Belarus")
    omsk = make.person("Viktor Nazarov", "RU-OMS", "Governor of Omsk Oblast")
    make.named(older, governor, role="Acting Governor of Novosibirsk Oblast", region_id="RU-NVS")
    make.named(newer, governor, role="Governor of Novosibirsk Oblast")
    make.named(newest, governor, role="Governor of Novosibirsk Oblast")
    make.named(other, governor, role="Impostor role", review="rejected")
    gone = make.article("Deleted later", published=date(2015, 1, 1))
    make.named(gone, governor, role="Deleted role")
    editing.delete(gone, None)  # as an editor deletes it: the kept counts follow
    m = {
        "minsk": make.meeting(older, date(2011, 3, 1), ["RU-NVS", "BY-MI"], [governor, president]),
        "omsk": make.meeting(newer, date(2013, 6, 17), ["RU-OMS"], [governor], kind="visit"),
        "not_his": make.meeting(other, date(2014, 10, 1), ["RU-OMS"], [president, omsk]),
        "rejected": make.meeting(newest, date(2014, 9, 1), ["RU-KYA"], [governor], review="rejected"),
    }
    return {**m, "governor": governor, "president": president, "omsk_governor": omsk, "older": older,
            "newer": newer, "newest": newest, "other": other, "gone": gone}


def page_of(client, who: Person, prefix: str = "", query: str = "") -> str:
    response = client.get(f"{prefix}/people/{who.pk}/{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_the_page_names_them_with_their_roles_newest_first(client, cast):
    html = page_of(client, cast["governor"])
    assert '<h1 lang="en">Vasily Yurchenko</h1>' in html or "<h1>Vasily Yurchenko</h1>" in html
    assert ROLE_ROW.findall(html) == [("2014", "Governor of Novosibirsk Oblast"),
                                      ("2013", "Governor of Novosibirsk Oblast"),
                                      ("2011", "Acting Governor of Novosibirsk Oblast")]
    assert "Impostor role" not in html and "Deleted role" not in html  # rejected; of a deleted article


def test_their_meetings_newest_first_and_a_link_to_all_of_them(client, cast):
    html = page_of(client, cast["governor"])
    assert [int(pk) for pk in MEETING_ROW.findall(html)] == [cast["omsk"].pk, cast["minsk"].pk]
    link = re.search(r'<a href="([^"]+)" data-link="all-meetings">([^<]+)</a>', html)
    assert link.group(1) == f"/meetings/?person={cast['governor'].pk}"
    assert link.group(2) == "All 2 meetings in the list of meetings"


def test_past_the_latest_25_meetings_the_page_says_so(client, db):
    source = make.article()
    who = make.person("Busy Person", "RU-NVS", "Governor")
    for day in range(1, 31):
        make.meeting(source, date(2012, 1, day), ["RU-NVS"], [who])
    html = page_of(client, who)
    assert len(MEETING_ROW.findall(html)) == 25 and "The latest 25 of 30." in html
    assert "All 30 meetings in the list of meetings" in html


def test_their_regions_with_their_meetings_there(client, cast):
    html = page_of(client, cast["governor"])
    listed = re.findall(r'<li data-region="([\w-]+)"><a href="/regions/[\w-]+/">([^<]+)</a>', html)
    # Novosibirsk first (his meeting there, and named as his), then Minsk Oblast and Omsk (one meeting each).
    assert listed == [("RU-NVS", "Novosibirsk Oblast"), ("BY-MI", "Minsk Oblast"), ("RU-OMS", "Omsk Oblast")]
    assert "RU-KYA" not in re.search(r'id="regions-heading".*?</section>', html, re.S).group(0)  # rejected meeting


def test_the_articles_naming_them_newest_first_with_their_count(client, cast, monkeypatch):
    html = page_of(client, cast["governor"])
    assert [int(pk) for pk in ARTICLE_ITEM.findall(html)] == [cast["newest"].pk, cast["newer"].pk,
                                                              cast["older"].pk]
    assert "Articles naming them (3)" in html
    monkeypatch.setattr(selector, "ARTICLES_LISTED", 2)
    fewer = page_of(client, cast["governor"])
    assert len(ARTICLE_ITEM.findall(fewer)) == 2 and "The latest 2 of 3." in fewer


def test_names_on_the_page_link_to_their_pages_and_to_their_meetings(client, cast):
    html = page_of(client, cast["governor"])
    row = re.search(rf'<tr data-meeting="{cast["minsk"].pk}">(.*?)</tr>', html, re.S).group(1)
    president = cast["president"].pk
    assert re.search(rf'<a href="/people/{president}/"[^>]*>Alexander Lukashenko</a>', row)
    assert f'href="/meetings/?person={president}" data-person="{president}"' in row
    # The page's own person: a link to their page, no second link to their meetings in each row.
    assert f'data-person="{cast["governor"].pk}"' not in html


def test_it_follows_their_feed(client, cast):
    html = page_of(client, cast["governor"])
    feed = f"/people/{cast['governor'].pk}/feed/"
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">', html)
    assert f'<a href="{feed}" type="application/atom+xml" data-link="feed">' in html
    atom = client.get(feed).content.decode()  # the feed follows this page
    assert f'<link href="http://testserver/people/{cast["governor"].pk}/" rel="alternate"' in atom


def test_a_missing_person_is_a_404_in_the_sites_layout(client, db):
    response = client.get("/people/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<nav aria-label="Main">' in html and "There is no such page" in html
    assert client.get("/ru/people/999999/").status_code == 404


@pytest.mark.parametrize(("query", "param", "message"), [
    pytest.param("?colour=red", "colour", "colour is not a parameter of this page; it takes format, data",
                 id="unknown"),
    pytest.param("?format=xml", "format", "format must be one of html, json, csv", id="format"),
])
def test_what_the_page_does_not_understand_is_a_400_naming_it(client, cast, query, param, message):
    response = client.get(f"/people/{cast['governor'].pk}/{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="request-error" role="alert">{message}' in html
    assert re.findall(r'<input type="text" name="(\w+)" value="[^"]*" aria-invalid="true"', html) == [param]


def test_the_csv_and_json_twins(client, cast):
    pk = cast["governor"].pk
    html = page_of(client, cast["governor"])
    assert f'type="application/json" href="/people/{pk}/?format=json"' in html
    twin = client.get(f"/people/{pk}/?format=json").json()
    assert twin["page"] == "person" and twin["person"]["name"] == "Vasily Yurchenko"
    assert (twin["meetings"], twin["articles"]) == (2, 3)
    assert set(twin["tables"]) == {"roles", "regions", "meetings", "articles"}
    roles = list(csv.DictReader(io.StringIO(client.get(f"/people/{pk}/?data=roles&format=csv").content.decode())))
    assert roles == [
        {"year": "2014", "role": "Governor of Novosibirsk Oblast", "articles": "1",
         "latest_article_id": str(cast["newest"].pk)},
        {"year": "2013", "role": "Governor of Novosibirsk Oblast", "articles": "1",
         "latest_article_id": str(cast["newer"].pk)},
        {"year": "2011", "role": "Acting Governor of Novosibirsk Oblast", "articles": "1",
         "latest_article_id": str(cast["older"].pk)}]
    meetings = client.get(f"/people/{pk}/?data=meetings&format=json").json()["rows"]
    assert [r["id"] for r in meetings] == [cast["omsk"].pk, cast["minsk"].pk]
    assert client.get(f"/people/{pk}/?data=nothing&format=json").status_code == 400
    refused = client.get(f"/people/{pk}/?format=csv")  # a CSV is a table's: asked of the page, a 400 in JSON
    assert refused.status_code == 400 and refused.json()["error"].startswith("format=csv needs data=<chart>")


def test_every_name_links_to_its_person(client, cast):
    governor, president = cast["governor"], cast["president"]
    meetings = client.get("/meetings/").content.decode()
    assert re.search(rf'<a href="/people/{governor.pk}/"[^>]*>Vasily Yurchenko</a>', meetings)
    region = client.get("/regions/RU-NVS/").content.decode()
    people = re.search(r'id="people-heading".*?</section>', region, re.S).group(0)
    assert re.search(rf'<a href="/people/{governor.pk}/"[^>]*>Vasily Yurchenko</a>', people)
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', region, re.S).group(1)
    assert re.search(rf'<a href="/people/{president.pk}/"[^>]*>Alexander Lukashenko</a>', timeline)
    article = client.get(f"/articles/{cast['older'].pk}/").content.decode()
    assert re.search(rf'<a href="/people/{governor.pk}/"[^>]*>Vasily Yurchenko, Acting Governor', article)


def test_a_hostile_name_is_escaped(client, db):
    source = make.article("Visit <script>alert('t')</script>")
    who = make.person("<script>x</script>", "RU-NVS", role='Governor "><img src=x onerror=1>')
    make.named(source, who, role='Envoy "><img src=y onerror=1>')
    make.meeting(source, date(2012, 5, 29), ["RU-NVS"], [who])
    html = page_of(client, who)
    assert "<script>x" not in html and "<img src=" not in html and "<script>alert" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&quot;&gt;&lt;img src=y" in html
    assert "Visit &lt;script&gt;" in html
    roles = client.get(f"/people/{who.pk}/?data=roles&format=csv").content.decode()
    assert 'Envoy ""><img src=y onerror=1>' in roles  # the CSV holds the text as written (quoted)
    assert "<script>x" not in client.get("/meetings/").content.decode()


def test_the_russian_page(client, cast):
    html = page_of(client, cast["governor"], prefix="/ru")
    assert '<html lang="ru">' in html
    assert '<h1 lang="en">Vasily Yurchenko</h1>' in html  # the name as the articles spell it, marked English
    assert '<a href="/ru/regions/RU-NVS/">Новосибирская область</a>' in html
    assert "Роли по годам" in html and "Roles over time" not in html
    assert f'href="/ru/meetings/?person={cast["governor"].pk}"' in html
    assert "Визит" in html and "17 июня 2013 г." in html


@pytest.mark.parametrize("sizes", [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")])
@pytest.mark.parametrize("query", ["", "?format=json", "?data=meetings&format=csv"])
def test_it_reads_a_fixed_number_of_queries(client, django_assert_num_queries, monkeypatch, sizes, query):
    populate(sizes)
    monkeypatch.setattr(selector, "MEETINGS_LISTED", 3)  # more meetings than listed at both sizes
    who = (Person.objects.filter(meetings__isnull=False, article_links__isnull=False).order_by("pk").first())
    client.get("/healthz")  # a process's first request imports every URLconf, and the API reads at import
    # person, regions, roles, regions articles place them in, regions of their meetings, meeting count, latest
    # meetings, their participants, regions and reports, what was agreed at them and its sectors, latest articles,
    # article count
    with django_assert_num_queries(14):
        response = client.get(f"/people/{who.pk}/{query}")
    assert response.status_code == 200
