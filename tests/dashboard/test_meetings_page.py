"""The meetings page (issue 17, item 1): every meeting, newest first, filtered, a page at a time, with its chart,
its CSV and JSON, the region pages' link to it, and its Russian twin."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.utils import timezone

from articles.models import Article
from belregions.models import Meeting, Person
from bench.generate_dataset import populate
from dashboard.selectors import meetings as selector
from tests import factories as make
from tests.dashboard.conftest import figures_in
from tests.dashboard.test_queries import LARGE, SMALL

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-meeting="(\d+)">')


@pytest.fixture
def cast(db) -> dict:
    """Meetings across regions, districts, oblasts, people, kinds and years; one undated, one whose only report
    an editor rejected, one reported by an article since deleted, one reported twice."""
    first = make.article("Governor in Minsk", published=date(2012, 5, 30))
    second = make.article("Omsk and Vitebsk", published=date(2013, 6, 18))
    third = make.article("Moscow forum", published=date(2011, 3, 20))
    governor = make.person("Vasily Yurchenko", "RU-NVS", "Governor of Novosibirsk Oblast")
    president = make.person("Alexander Lukashenko", None, "President of Belarus")
    m = {
        "nvs": make.meeting(first, date(2012, 5, 29), ["RU-NVS"], [governor, president]),
        "oms": make.meeting(second, date(2013, 6, 17), ["RU-OMS", "BY-VI"], [governor], kind="visit"),
        "mow_forum": make.meeting(third, date(2011, 3, 1), ["RU-MOW"], [president], kind="forum", precision="month"),
        "kya_undated": make.meeting(third, None, ["RU-KYA"], [], kind="agreement"),
        "siberia": make.meeting(second, date(2014, 9, 1), ["RU-FD-SIB"], [], precision="year"),
        "mow_visit": make.meeting(first, date(2013, 1, 10), ["RU-MOW", "BY-MI"], [president], kind="visit"),
    }
    make.meeting_source(second, m["mow_visit"])  # a second report: one meeting, two articles
    rejected = make.meeting(first, date(2015, 2, 2), ["RU-SPE"], [president], review="rejected")
    gone = make.article("Deleted later")
    deleted = make.meeting(gone, date(2016, 1, 1), ["RU-SPE"], [president])
    Article.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    return {**m, "rejected": rejected, "deleted": deleted, "governor": governor, "president": president,
            "first": first, "second": second, "third": third}


def listed(client, query: str = "", prefix: str = "") -> list[int]:
    """The meetings the page lists, in its order (ids)."""
    response = client.get(f"{prefix}/meetings/{query}")
    assert response.status_code == 200, response.content.decode()[:500]
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def ids(cast: dict, *names: str) -> list[int]:
    return [cast[name].pk for name in names]


NEWEST_FIRST = ("siberia", "oms", "mow_visit", "nvs", "mow_forum", "kya_undated")


def test_every_reported_meeting_newest_first_undated_last(client, cast):
    assert listed(client) == ids(cast, *NEWEST_FIRST)


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("?region=RU-NVS", ("nvs",), id="region"),
    pytest.param("?region=ru-nvs", ("nvs",), id="region-lower-case"),
    # A district's code takes in its regions (Omsk, Novosibirsk, Krasnoyarsk) and the district itself.
    pytest.param("?region=RU-FD-SIB", ("siberia", "oms", "nvs", "kya_undated"), id="region-district"),
    pytest.param("?district=RU-FD-SIB", ("siberia", "oms", "nvs", "kya_undated"), id="district"),
    pytest.param("?district=RU-FD-CEN", ("mow_visit", "mow_forum"), id="district-central"),
    pytest.param("?by_region=BY-VI", ("oms",), id="oblast"),
    pytest.param("?region=BY-MI", ("mow_visit",), id="oblast-as-region"),
    pytest.param("?kind=visit", ("oms", "mow_visit"), id="kind"),
    pytest.param("?from=2013", ("siberia", "oms", "mow_visit"), id="from"),
    pytest.param("?to=2012", ("nvs", "mow_forum"), id="to"),
    pytest.param("?from=2012&to=2013", ("oms", "mow_visit", "nvs"), id="from-to"),
    pytest.param("?from=2013&to=2013", ("oms", "mow_visit"), id="one-year"),
    pytest.param("?district=RU-FD-SIB&kind=visit", ("oms",), id="district-and-kind"),
    pytest.param("?region=RU-MOW&by_region=BY-MI", ("mow_visit",), id="region-and-oblast"),
    pytest.param("?region=RU-FD-SIB&by_region=BY-MI", (), id="nothing-in-both"),
    pytest.param("?region=&district=&by_region=&kind=&from=&to=", NEWEST_FIRST, id="the-form-left-blank"),
])
def test_each_filter_narrows_the_list(client, cast, query, expected):
    assert listed(client, query) == ids(cast, *expected)


def test_the_person_filter_lists_their_meetings_and_offers_to_remove_itself(client, cast):
    president = cast["president"]
    assert listed(client, f"?person={president.pk}") == ids(cast, "mow_visit", "nvs", "mow_forum")
    assert listed(client, f"?person={cast['governor'].pk}&kind=visit") == ids(cast, "oms")
    html = client.get(f"/meetings/?person={president.pk}&kind=visit").content.decode()
    chip = re.search(r'<p class="tags" data-filter="person">(.*?)</p>', html, re.S).group(1)
    assert "Alexander Lukashenko" in chip and 'href="?kind=visit"' in chip  # removes the person, keeps the rest
    assert f'<input type="hidden" name="person" value="{president.pk}">' in html  # the form keeps it


def test_each_participant_links_to_their_meetings_keeping_the_other_filters(client, cast):
    governor = cast["governor"]
    html = client.get("/meetings/?region=RU-FD-SIB&page=1").content.decode()
    row = re.search(rf'<tr data-meeting="{cast["nvs"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "Vasily Yurchenko" in row and "— Governor of Novosibirsk Oblast" in row
    link = re.search(rf'<a class="small" href="([^"]+)" data-person="{governor.pk}">', row).group(1)
    assert link.replace("&amp;", "&") == f"?region=RU-FD-SIB&person={governor.pk}"  # the page number dropped
    # The name itself links to the person's page.
    assert re.search(rf'<a href="/people/{governor.pk}/"[^>]*>Vasily Yurchenko</a>', row)
    # On the governor's own list, no link to the list it is.
    theirs = client.get(f"/meetings/?person={governor.pk}").content.decode()
    assert f'data-person="{governor.pk}"' not in theirs and f'data-person="{cast["president"].pk}"' in theirs


def test_each_row_shows_date_kind_participants_regions_and_reports(client, cast):
    html = client.get("/meetings/").content.decode()

    def row(name: str) -> str:
        return re.search(rf'<tr data-meeting="{cast[name].pk}">(.*?)</tr>', html, re.S).group(1)

    assert '<time datetime="2012-05-29">29 May 2012</time>' in row("nvs")
    assert '<time datetime="2011-03">March 2011</time>' in row("mow_forum")  # as precisely as the article said
    assert '<time datetime="2014">2014</time>' in row("siberia")
    assert "Date unknown" in row("kya_undated")
    assert "<td>Visit</td>" in row("oms") and "<td>Forum</td>" in row("mow_forum")
    assert '<a href="/regions/RU-OMS/">Omsk Oblast</a>' in row("oms") and '<a href="/regions/BY-VI/">' in row("oms")
    both = row("mow_visit")
    assert f'<a href="/articles/{cast["first"].pk}/">Governor in Minsk</a>' in both
    assert f'<a href="/articles/{cast["second"].pk}/">Omsk and Vitebsk</a>' in both
    assert f"/articles/{cast['deleted'].pk}/" not in html  # nor the meeting only a deleted article reported


def test_the_chart_counts_the_filtered_meetings_per_year_and_kind(client, cast):
    rows = client.get("/meetings/?region=RU-FD-SIB&data=per_year&format=json").json()["rows"]
    assert rows == [{"year": 2012, "kind": "meeting", "meetings": 1}, {"year": 2013, "kind": "visit", "meetings": 1},
                    {"year": 2014, "kind": "meeting", "meetings": 1}]
    html = client.get("/meetings/?region=RU-FD-SIB").content.decode()
    figure = figures_in(html)["per_year"]
    assert figure["layout"]["barmode"] == "stack"
    drawn = {(trace["name"], x, y) for trace in figure["data"] for x, y in zip(trace["x"], trace["y"], strict=True)}
    assert drawn == {("Meeting", 2012, 1), ("Visit", 2013, 1), ("Meeting", 2014, 1)}
    assert 'data-undated="1"' in html  # Krasnoyarsk's undated agreement: listed, not charted
    assert "Meetings 1–4 of 4" in html


def test_pages_of_the_list(client, cast, monkeypatch):
    monkeypatch.setattr(selector, "PER_PAGE", 4)
    first, second = listed(client), listed(client, "?page=2")
    assert first + second == ids(cast, *NEWEST_FIRST) and len(first) == 4
    html = client.get("/meetings/?page=2").content.decode()
    assert "Meetings 5–6 of 6" in html and "Page 2 of 2" in html
    assert 'href="?page=1" rel="prev"' in html and 'rel="next"' not in html
    assert 'href="?page=2" rel="next"' in client.get("/meetings/").content.decode()
    assert listed(client, "?kind=visit&page=1") == ids(cast, "oms", "mow_visit")
    page_two_json = client.get("/meetings/?page=2&format=json").json()
    assert (page_two_json["count"], page_two_json["pages"], page_two_json["page_number"]) == (6, 2, 2)


def test_an_empty_list_says_so_and_is_one_page(client, cast):
    html = client.get("/meetings/?region=RU-FD-SIB&by_region=BY-MI").content.decode()
    assert 'data-empty="meetings"' in html and "No meeting matches these filters." in html
    assert client.get("/meetings/?region=RU-FD-SIB&by_region=BY-MI&page=1").status_code == 200


@pytest.mark.parametrize(("query", "param", "message"), [
    pytest.param("?colour=red", "colour", "colour is not a parameter of this page; it takes region, district",
                 id="unknown-parameter"),
    pytest.param("?regions=RU-NVS", "regions", "regions is not a parameter of this page", id="near-miss"),
    pytest.param("?kind=visit&kind=forum", "kind", "kind is given more than once", id="twice"),
    pytest.param("?from=20x0", "from", "from must be a year between 1991 and 2100, got &#x27;20x0&#x27;", id="year"),
    pytest.param("?to=1900", "to", "to must be a year between 1991 and 2100", id="year-too-early"),
    pytest.param("?from=2015&to=2010", "from", "from (2015) is after to (2010)", id="from-after-to"),
    pytest.param("?region=RU-XXX", "region", "region: no region has the code RU-XXX", id="unknown-region"),
    pytest.param("?region=Novosibirsk!", "region", "region: give codes like RU-MOW", id="not-a-code"),
    pytest.param("?region=RU-NVS,RU-OMS", "region", "region: give one region code", id="two-regions"),
    pytest.param("?district=RU-NVS", "district", "district must be a federal district&#x27;s code", id="district"),
    pytest.param("?district=RU-FD-XXX", "district", "district: no region has the code RU-FD-XXX",
                 id="unknown-district"),
    pytest.param("?by_region=RU-NVS", "by_region", "by_region must be a Belarusian oblast", id="oblast"),
    pytest.param("?by_region=BY-XX", "by_region", "by_region: no region has the code BY-XX", id="unknown-oblast"),
    pytest.param("?person=abc", "person", "person must be a person&#x27;s id", id="person"),
    pytest.param("?person=999999", "person", "person: no person has the id 999999", id="unknown-person"),
    pytest.param("?kind=party", "kind", "kind must be one of meeting, visit", id="kind"),
    pytest.param("?page=0", "page", "page must be a whole number from 1 to", id="page-zero"),
    pytest.param("?page=two", "page", "page must be a whole number from 1 to", id="page-word"),
    pytest.param("?page=3", "page", "page must be a whole number from 1 to 1, got &#x27;3&#x27;", id="page-past-end"),
    pytest.param("?data=nothing&format=json", "data", "", id="no-such-table"),
])
def test_what_the_page_does_not_understand_is_a_400_naming_the_parameter(client, cast, query, param, message):
    response = client.get("/meetings/" + query)
    assert response.status_code == 400
    if response["Content-Type"].startswith("application/json"):
        assert response.json()["error"].startswith("this page has no chart 'nothing'")
        return
    html = response.content.decode()
    assert f'id="request-error" role="alert">{message}' in html
    # The mend form marks the parameter at fault, and only it.
    marked = re.findall(r'<input type="text" name="([\w]+)" value="[^"]*" aria-invalid="true"', html)
    assert marked and set(marked) == {param}


def test_a_bad_parameter_of_a_data_request_is_told_in_json(client, cast):
    response = client.get("/meetings/?region=RU-XXX&data=meetings&format=csv")
    assert response.status_code == 400
    assert response.json() == {"error": "region: no region has the code RU-XXX"}


def test_the_csv_and_json_give_the_rows_of_the_page(client, cast, monkeypatch):
    monkeypatch.setattr(selector, "PER_PAGE", 4)
    for query in ("?page=2", "?region=RU-FD-SIB", ""):
        shown = listed(client, query)
        joiner = "&" if query else "?"
        text = client.get(f"/meetings/{query}{joiner}data=meetings&format=csv").content.decode()
        from_csv = list(csv.DictReader(io.StringIO(text)))
        from_json = client.get(f"/meetings/{query}{joiner}data=meetings&format=json").json()["rows"]
        assert [int(r["id"]) for r in from_csv] == shown == [r["id"] for r in from_json], query
        assert [{k: str("" if v is None else v) for k, v in r.items()} for r in from_json] == from_csv
    rows = {r["id"]: r for r in client.get("/meetings/?data=meetings&format=json").json()["rows"]}
    visit = rows[cast["mow_visit"].pk]
    assert visit == {
        "id": cast["mow_visit"].pk, "date": "2013-01-10", "date_precision": "day", "kind": "visit",
        "participants": "Alexander Lukashenko (President of Belarus)", "person_ids": str(cast["president"].pk),
        "regions": "BY-MI; RU-MOW", "region_names": "Minsk Oblast; Moscow",
        "article_ids": f"{cast['first'].pk}; {cast['second'].pk}",
        "article_titles": "Governor in Minsk; Omsk and Vitebsk",
        # Report by report, in the order of article_ids: these two reports were stored with no sentence or address.
        "evidence": " | ", "article_addresses": "; ", "agreed": ""}


def test_the_page_has_a_json_twin_linked_from_it(client, cast):
    html = client.get("/meetings/?kind=visit").content.decode()
    assert 'type="application/json" href="/meetings/?kind=visit&amp;format=json"' in html
    twin = client.get("/meetings/?kind=visit&format=json").json()
    assert twin["page"] == "meetings" and twin["count"] == 2
    assert [r["id"] for r in twin["tables"]["meetings"]["rows"]] == ids(cast, "oms", "mow_visit")


@pytest.mark.parametrize("code", ["RU-NVS", "RU-FD-SIB", "BY-VI"])
def test_a_region_page_links_to_all_its_meetings(client, cast, code):
    html = client.get(f"/regions/{code}/").content.decode()
    count = len(client.get(f"/regions/{code}/?data=meetings&format=json").json()["rows"])
    link = re.search(r'<a href="([^"]+)" data-link="all-meetings">([^<]+)</a>', html)
    assert link.group(1) == f"/meetings/?region={code}"
    assert str(count) in link.group(2)
    assert len(listed(client, f"?region={code}")) == count  # the list has every meeting the region page counts


def test_a_region_page_past_its_latest_25_meetings_links_to_them_all(client, db):
    source = make.article()
    for day in range(1, 31):
        make.meeting(source, date(2012, 1, day), ["RU-NVS"])
    html = client.get("/regions/RU-NVS/").content.decode()
    assert "The latest 25 of 30" in html
    assert '<a href="/meetings/?region=RU-NVS" data-link="all-meetings">All 30 meetings in the list of meetings</a>' \
        in html
    assert len(listed(client, "?region=RU-NVS")) == 30


def test_the_navigation_has_the_page_in_both_languages(client, cast):
    english = client.get("/").content.decode()
    assert '<a href="/meetings/">Meetings</a>' in english
    assert '<a href="/meetings/" aria-current="page">Meetings</a>' in client.get("/meetings/").content.decode()
    russian = client.get("/ru/meetings/").content.decode()
    assert '<a href="/ru/meetings/" aria-current="page">Встречи</a>' in russian
    assert '<html lang="ru">' in russian


def test_the_russian_page_names_kinds_and_regions_in_russian(client, cast):
    assert listed(client, "?kind=visit", prefix="/ru") == ids(cast, "oms", "mow_visit")
    html = client.get("/ru/meetings/?kind=visit").content.decode()
    row = re.search(rf'<tr data-meeting="{cast["oms"].pk}">(.*?)</tr>', html, re.S).group(1)
    assert "<td>Визит</td>" in row and '<a href="/ru/regions/RU-OMS/">Омская область</a>' in row
    assert "17 июня 2013 г." in row
    # A name as the article spells it keeps its language for screen readers.
    assert '<span lang="en">Vasily Yurchenko</span>' in row
    bad = client.get("/ru/meetings/?from=2015&to=2010")
    assert bad.status_code == 400 and "from (2015) позже, чем to (2010)" in bad.content.decode()


def test_user_text_is_escaped(client, db):
    source = make.article("Visit <script>alert('t')</script>")
    who = make.person("Ivan <script>alert('x')</script> Petrov", "RU-NVS", role='Governor "><img src=x onerror=1>')
    make.meeting(source, date(2012, 5, 29), ["RU-NVS"], [who])
    html = client.get(f"/meetings/?person={who.pk}").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "Ivan &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Petrov" in html
    assert "Visit &lt;script&gt;" in html and "&quot;&gt;&lt;img src=x" in html
    text = client.get(f"/meetings/?person={who.pk}&data=meetings&format=csv").content.decode()
    assert "Ivan <script>alert('x')</script> Petrov" in text  # the CSV holds the text as written


@pytest.mark.parametrize("sizes", [pytest.param(SMALL, id="small"), pytest.param(LARGE, id="large")])
@pytest.mark.parametrize(("url", "queries"), [
    # regions, meetings per year and kind (the chart and the count), the page's meetings, their participants,
    # regions and reports, what was agreed at them and its sectors
    pytest.param("/meetings/", 8, id="meetings"),
    pytest.param("/meetings/?page=2", 8, id="page-2"),
    pytest.param("/meetings/?region=RU-FD-CEN&from=2000&kind=visit", 8, id="filtered"),
    pytest.param("/meetings/?data=meetings&format=csv", 8, id="csv"),
    pytest.param("/meetings/?format=json", 8, id="json"),
    # and the person asked for
    pytest.param("/meetings/?person={person}", 9, id="person"),
])
def test_it_reads_a_fixed_number_of_queries(client, django_assert_num_queries, monkeypatch, sizes, url, queries):
    populate(sizes)
    for meeting in Meeting.objects.order_by("pk")[::3]:  # what was agreed at some, with their sectors
        source = meeting.sources.first()
        make.agreement(source.article, "contract", ["RU-NVS"], ["it", "machinery"], meeting=meeting, amount=5)
    monkeypatch.setattr(selector, "PER_PAGE", 5)  # a second page at both sizes
    person = Person.objects.filter(meetings__isnull=False).order_by("pk").first()
    client.get("/healthz")  # a process's first request imports every URLconf, and the API reads at import
    with django_assert_num_queries(queries):
        response = client.get(url.format(person=person.pk))
    assert response.status_code == 200
    assert ROW.findall(response.content.decode()) or "format=" in url or "region=" in url


@pytest.mark.django_db
def test_the_meetings_csv_carries_each_reports_sentence_and_its_articles_address(client):
    """Every number traceable (issue 17, item 10): a meeting's row gives, report by report, the sentence it was read
    from and where its article was published."""
    said = "Lukashenko met the governor of Novosibirsk Oblast in Minsk; they spoke of tractors."
    first = make.article(text=f"{said} More text.", source_url="https://example.org/a")
    second = make.article(text="The governor was received in Minsk. More text.", source_url="https://example.org/b")
    event = make.meeting(first, date(2013, 5, 6), ["RU-NVS"], words=said)
    make.meeting_source(second, event, "The governor was received in Minsk.")
    (row,) = client.get("/meetings/?data=meetings&format=json").json()["rows"]
    assert row["article_ids"] == f"{first.pk}; {second.pk}"
    assert row["evidence"] == f"{said} | The governor was received in Minsk."
    assert row["article_addresses"] == "https://example.org/a; https://example.org/b"
    (csv_row,) = csv.DictReader(io.StringIO(client.get("/meetings/?data=meetings&format=csv").content.decode()))
    assert (csv_row["evidence"], csv_row["article_addresses"]) == (row["evidence"], row["article_addresses"])


# --- what was agreed (issue 17, item 2) ---

SIGNED = "MTZ and the Novosibirsk government signed a contract worth $20 million <b>now</b>."


@pytest.fixture
def agreed(db) -> dict:
    source = make.article("Tractors for Novosibirsk", text=f"{SIGNED} More text.", source_url="https://example.org/c")
    event = make.meeting(source, date(2012, 5, 29), ["RU-NVS"])
    contract = make.agreement(source, "contract", ["RU-NVS", "BY-MI"], ["machinery", "agriculture"], SIGNED,
                              meeting=event, parties=["Minsk Tractor Works", "Novosibirsk <i>government</i>"],
                              amount="20000000", currency="USD")
    rejected = make.agreement(source, "memorandum", ["RU-NVS"], ["it"], meeting=event, evidence="Not so.",
                              review="rejected")
    return {"source": source, "meeting": event, "contract": contract, "rejected": rejected}


def test_under_each_meeting_what_was_agreed_with_parties_sum_sectors_sentence_and_article(client, agreed):
    html = client.get("/meetings/").content.decode()
    row = html.split(f'<tr class="agreed" data-agreed="{agreed["meeting"].pk}">')[1].split("</tr>")[0]
    assert "What was agreed" in row and f'data-agreement="{agreed["contract"].pk}">Contract</span>' in row
    assert "Minsk Tractor Works, Novosibirsk &lt;i&gt;government&lt;/i&gt;" in row  # escaped
    assert "$20.0 million" in row
    assert '<a href="/sectors/machinery/">Machine building</a>' in row and '<a href="/sectors/agriculture/">' in row
    assert "signed a contract worth $20 million &lt;b&gt;now&lt;/b&gt;." in row
    assert f'href="/articles/{agreed["source"].pk}/"' in row
    assert "Not so." not in html and "<b>now" not in html and "<i>government" not in html  # rejected; escaped


def test_the_russian_page_says_what_was_agreed_in_russian(client, agreed):
    html = client.get("/ru/meetings/").content.decode()
    assert 'href="/ru/sectors/machinery/"' in html
    assert "О чём договорились" in html and "What was agreed" not in html


def test_the_csv_and_json_carry_what_was_agreed_with_its_evidence(client, agreed):
    (row,) = client.get("/meetings/?data=meetings&format=json").json()["rows"]
    assert row["agreed"] == ("Contract (Minsk Tractor Works, Novosibirsk <i>government</i>; $20.0 million; "
                             f"agriculture, machinery): {SIGNED}")
    (csv_row,) = csv.DictReader(io.StringIO(client.get("/meetings/?data=meetings&format=csv").content.decode()))
    assert csv_row["agreed"] == row["agreed"]


def test_a_meeting_with_nothing_agreed_has_no_such_row(client, cast):
    assert 'class="agreed"' not in client.get("/meetings/").content.decode()


def test_a_region_pages_latest_meetings_say_what_was_agreed_as_the_list_does(client, agreed):
    html = client.get("/regions/RU-NVS/").content.decode()
    item = html.split(f'<div class="agreed" data-agreed="{agreed["meeting"].pk}">')[1].split("</div>")[0]
    assert "What was agreed" in item and f'data-agreement="{agreed["contract"].pk}">Contract</span>' in item
    assert "signed a contract worth $20 million &lt;b&gt;now&lt;/b&gt;." in item
    assert f'href="/articles/{agreed["source"].pk}/"' in item and "$20.0 million" in item
    assert "Not so." not in html and "<b>now" not in html  # the rejected one left out; the sentence escaped
    (row,) = client.get("/regions/RU-NVS/?data=meetings&format=json").json()["rows"]
    assert row["agreed"] == client.get("/meetings/?data=meetings&format=json").json()["rows"][0]["agreed"]


def test_a_region_page_with_nothing_agreed_has_no_such_block(client, cast):
    html = client.get("/regions/RU-NVS/").content.decode()
    assert 'class="timeline"' in html and 'class="agreed"' not in html
