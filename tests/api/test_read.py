"""The read endpoints: filters, search, ordering, pagination and CSV."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize(
    "params, expected",
    [
        pytest.param({"country": "BY", "kind": "city"}, ["BY-HM"], id="country-and-kind"),
        pytest.param({"district": "RU-FD-NW", "q": "peter"}, ["RU-SPE"], id="district-and-search"),
        pytest.param({"q": "москва"}, ["RU-MOW"], id="russian-name-any-case"),
        pytest.param({"q": "oblast tomsk"}, ["RU-TOM"], id="all-words"),
        pytest.param({"district": "ru-fd-nw,RU-FD-URA", "kind": "federal_city"}, ["RU-SPE"], id="code-list"),
        pytest.param({"district": "XX-NO"}, [], id="unknown-code-matches-nothing"),
    ],
)
def test_it_filters_regions(anon_client, params, expected):
    assert [r["code"] for r in results(anon_client, "/api/v1/regions/", **params)] == expected


def test_it_shows_one_region_by_code(anon_client):
    body = anon_client.get("/api/v1/regions/RU-MOW/").json()
    assert body["name_ru"] == "Москва"
    assert body["district"] == "RU-FD-CEN"
    assert body["url"].endswith("/api/v1/regions/RU-MOW/")


@pytest.mark.parametrize(
    "params, expected",
    [
        pytest.param({}, {"RU-MOW 2019 turnover", "RU-MOW 2019 export", "RU-SPE 2019 turnover",
                          "RU-SPE 2020 turnover", "RU-OMS 2020 turnover", "RU 2020 turnover"}, id="rejected-left-out"),
        pytest.param({"region": "RU"}, {"RU 2020 turnover"}, id="russia-as-a-whole"),
        pytest.param({"region": "RU-MOW", "flow": "export"}, {"RU-MOW 2019 export"}, id="region-flow"),
        pytest.param({"district": "RU-FD-NW", "year_from": "2020"}, {"RU-SPE 2020 turnover"}, id="district-years"),
        pytest.param({"year_to": "2019", "region": "RU-SPE,RU-OMS"}, {"RU-SPE 2019 turnover"}, id="year-to"),
        pytest.param({"currency": "rub"}, {"RU-OMS 2020 turnover"}, id="currency"),
        pytest.param({"origin": "editor"}, {"RU-SPE 2020 turnover"}, id="made-by-editor"),
        pytest.param({"review": "rejected"}, {"RU-OMS 2018 turnover"}, id="rejected-when-asked"),
        pytest.param({"qualifier": "over"}, set(), id="qualifier"),
    ],
)
def test_it_filters_trade_figures(anon_client, world, params, expected):
    rows = results(anon_client, "/api/v1/trade-figures/", **params)
    assert {f"{r['region']} {r['year']} {r['flow']}" for r in rows} == expected


def test_it_orders_trade_figures_by_several_fields(anon_client, world):
    rows = results(anon_client, "/api/v1/trade-figures/", ordering="-amount,year")
    amounts = [r["amount"] for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    assert amounts[0] == 35000000000.0


@pytest.mark.parametrize(
    "params, expected",
    [
        pytest.param({"region": "RU-MOW"}, [1], id="region"),
        pytest.param({"region": "RU-MOW", "date_from": "2020-01-01", "date_to": "2020-01-31"}, [1], id="dates"),
        pytest.param({"participant": "{sobyanin}"}, [1], id="participant"),
        pytest.param({"kind": "visit"}, [], id="only-rejected-reports-hidden"),
    ],
)
def test_it_filters_meetings(anon_client, world, params, expected):
    params = {k: v.format(sobyanin=world["people"][1].pk) for k, v in params.items()}
    rows = results(anon_client, "/api/v1/meetings/", **params)
    assert [r["articles"] for r in rows] == [[world["articles"][0].pk] for _ in expected]
    if rows:
        assert rows[0]["regions"] == ["RU-MOW"]
        assert {p["name"] for p in rows[0]["participants"]} == {"Alexander Lukashenko", "Sergei Sobyanin"}


def test_a_meeting_of_two_of_the_regions_asked_for_is_listed_once(anon_client, world):
    world["meeting"].regions.add("RU-SPE")
    body = anon_client.get("/api/v1/meetings/", {"region": "RU-MOW,RU-SPE"}).json()
    assert [row["id"] for row in body["results"]] == [world["meeting"].pk]
    assert body["count"] == 1


@pytest.mark.parametrize(
    "params, titles",
    [
        pytest.param({"region": "RU-MOW"}, ["Lukashenko meets Moscow mayor"], id="rejected-region-not-counted"),
        pytest.param({"sector": "agriculture"}, ["Омская область и Беларусь"], id="sector"),
        pytest.param({"language": "ru"}, ["Омская область и Беларусь"], id="language"),
        pytest.param({"date_from": "2021-01-01"}, ["Омская область и Беларусь"], id="date-from"),
        pytest.param({"q": "tractors Moscow"}, ["Lukashenko meets Moscow mayor"], id="search-words"),
        pytest.param({"q": "омской"}, ["Омская область и Беларусь"], id="search-russian"),
        pytest.param({"q": "nothing-like-this"}, [], id="search-no-match"),
    ],
)
def test_it_filters_and_searches_articles(anon_client, world, params, titles):
    assert [r["title"] for r in results(anon_client, "/api/v1/articles/", **params)] == titles


def test_an_article_shows_its_facts(anon_client, world):
    moscow = world["articles"][0]
    body = anon_client.get(f"/api/v1/articles/{moscow.pk}/").json()
    assert body["status"] == "parsed"
    assert body["regions"] == ["RU-MOW"] and body["sectors"] == ["machinery"]
    facts = body["facts"]
    assert {f["name"] for f in facts["people"]} == {"Alexander Lukashenko", "Sergei Sobyanin"}
    assert [f["meeting"] for f in facts["meetings"]] == [world["meeting"].pk]
    assert {(f["region"], f["flow"]) for f in facts["trade_figures"]} == {("RU-MOW", "turnover"), ("RU-MOW", "export")}
    assert facts["regions"][0]["url"].endswith(f"/api/v1/facts/regions/{facts['regions'][0]['id']}/")
    assert "raw" not in body


def test_people_and_sectors(anon_client, world):
    assert [p["name"] for p in results(anon_client, "/api/v1/people/", region="RU-MOW")] == ["Sergei Sobyanin"]
    assert len(results(anon_client, "/api/v1/sectors/", page_size=100)) == 24
    assert anon_client.get("/api/v1/sectors/agriculture/").json()["name_en"]


def test_pages_are_stable_and_complete(anon_client):
    seen, url = [], "/api/v1/regions/?page_size=7"
    while url:
        body = anon_client.get(url).json()
        assert body["count"] == 98
        seen += [r["code"] for r in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 98
    assert seen == sorted(seen)


def test_a_page_past_the_last_is_empty(anon_client):
    body = anon_client.get("/api/v1/regions/", {"page": 99, "page_size": 50}).json()
    assert body["results"] == [] and body["next"] is None and "page=2" in body["previous"]


def test_it_sends_link_and_total_headers(anon_client):
    response = anon_client.get("/api/v1/regions/", {"page_size": 10, "page": 2})
    assert response["X-Total-Count"] == "98"
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]


@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"format": "csv"}, id="query-string"),
        pytest.param({"HTTP_ACCEPT": "text/csv"}, id="accept-header"),
    ],
)
def test_every_list_is_csv_too(anon_client, world, how):
    params = {k: v for k, v in how.items() if not k.startswith("HTTP_")}
    headers = {k: v for k, v in how.items() if k.startswith("HTTP_")}
    response = anon_client.get("/api/v1/trade-figures/", {**params, "ordering": "amount"}, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="trade-figures.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    assert rows[0]["amount"] == "400000000.00" or float(rows[0]["amount"]) == 400000000.0
    assert rows[0]["region"] == "RU-MOW" and rows[0]["flow"] == "export"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/v1/regions/", id="regions"),
        pytest.param("/api/v1/sectors/", id="sectors"),
        pytest.param("/api/v1/people/", id="people"),
        pytest.param("/api/v1/meetings/", id="meetings"),
        pytest.param("/api/v1/trade-figures/", id="trade-figures"),
        pytest.param("/api/v1/articles/", id="articles"),
        pytest.param("/api/v1/stats/trade/", id="stats-trade"),
    ],
)
def test_each_list_has_a_csv_header_even_when_empty(anon_client, url):
    response = anon_client.get(url, {"format": "csv", "page": 1000})
    assert response.status_code == 200
    header = response.content.decode().splitlines()[0]
    assert len(header.split(",")) >= 4


def test_csv_defuses_spreadsheet_formulas(anon_client, world):
    world["articles"][0].__class__.objects.filter(pk=world["articles"][0].pk).update(title="=HYPERLINK(1)")
    text = anon_client.get("/api/v1/articles/", {"format": "csv", "region": "RU-MOW"}).content.decode()
    assert "'=HYPERLINK(1)" in text


def test_lists_of_codes_are_json_in_csv(anon_client, world):
    text = anon_client.get("/api/v1/meetings/", {"format": "csv"}).content.decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["regions"] == '["RU-MOW"]'
