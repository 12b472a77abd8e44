"""Issue 16: what a consumer of the API expects.

Unknown parameters refused; every documented filter narrowing where it should (generated from the schema);
fields=, expand=, facets= (against counts computed independently); CORS on reads and none on writes;
ETag / Last-Modified / 304; participants' roles, meeting reports, top regions, person and sector details;
the guide served where the schema links to it.
"""

import json
from collections import Counter
from datetime import date

import pytest
import yaml
from django.db import connection

from belregions.models import (
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Origin,
    Review,
    TradeFigure,
)
from tests import factories as make

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/regions/", "/api/v1/sectors/", "/api/v1/people/", "/api/v1/meetings/",
         "/api/v1/trade-figures/", "/api/v1/agreements/", "/api/v1/articles/", "/api/v1/stats/trade/",
         "/api/v1/stats/top-regions/?year=2020"]


@pytest.fixture
def richer(world):
    """The world, plus a Belarusian side, people named in articles with roles, and more years."""
    moscow, spb, omsk = world["articles"]
    lukashenko, sobyanin = world["people"]
    ArticlePerson.objects.filter(article=moscow, person=sobyanin).update(role="Mayor of Moscow")
    make.mention(spb, "BY-MI", fingerprint="rby")
    minsk = make.figure(spb, "RU-SPE", 2020, "70000000.00", flow="export", by_region="BY-MI")
    make.figure(moscow, "RU-MOW", 2020, "1500000000.00")
    make.sector(spb, "agriculture", fingerprint="s3")
    make.sector(spb, "it", fingerprint="s4", review=Review.REJECTED)
    visit = make.meeting(spb, date(2021, 3, 5), ["RU-SPE", "BY-MI"], [lukashenko], kind="visit", precision="month",
                         fingerprint="m3")
    make.agreement(moscow, "agreement", ["RU-MOW"], ["machinery"], date=date(2020, 1, 1), origin=Origin.EDITOR,
                   review=Review.ADDED, evidence="Moscow and Minsk signed an agreement.")
    make.agreement(spb, "contract", ["RU-SPE", "BY-MI"], ["agriculture"], meeting=visit, evidence="A contract.")
    make.agreement(omsk, "decision", ["RU-OMS"], evidence="They decided.")
    make.agreement(omsk, "roadmap", review=Review.REJECTED, evidence="Not a roadmap.")
    return {**world, "minsk": minsk, "visit": visit}


def schema(anon_client) -> dict:
    return yaml.safe_load(anon_client.get("/api/v1/schema/").content)


# --- 1. strict parameters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [*LISTS, "/api/v1/regions/RU-MOW/", "/api/v1/sectors/agriculture/"])
def test_every_read_refuses_an_unknown_parameter_naming_it_and_listing_the_accepted(anon_client, world, url):
    joiner = "&" if "?" in url else "?"
    response = anon_client.get(f"{url}{joiner}contry=BY")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["contry"]
    assert "format" in body["errors"]["contry"][0] and "strict" in body["errors"]["contry"][0]
    assert body["message"].startswith("contry: Unknown parameter")
    assert anon_client.get(f"{url}{joiner}contry=BY&strict=0").status_code == 200


def test_the_schema_documents_exactly_what_each_list_accepts(anon_client, world):
    paths = schema(anon_client)["paths"]
    for url in LISTS:
        path = url.split("?")[0]
        documented = {p["name"] for p in paths[path]["get"]["parameters"] if p["in"] == "query"}
        probe = anon_client.get(path, {"zz_probe": "1", **({"year": "2020"} if "top-regions" in path else {})})
        listed = probe.json()["errors"]["zz_probe"][0].split("accepts: ")[1].split(" (")[0].split(", ")
        assert documented == set(listed), path


# Values each documented filter is tried with, on the `richer` world.
VALUES = {
    "region": "RU-MOW", "district": "RU-FD-NW", "by_region": "BY-MI", "sector": "agriculture",
    "person": "{sobyanin}", "participant": "{sobyanin}", "year_from": "2021", "year_to": "2019", "flow": "export",
    "currency": "RUB", "kind": "meeting", "language": "ru", "q": "Moscow", "country": "BY", "status": "failed",
    "date_from": "2021-01-01", "date_to": "2020-01-01", "qualifier": "about", "origin": "editor",
    "review": "rejected", "article": "{moscow}", "date_precision": "month",
}
# A filter whose value narrows nothing in this world (it still must answer 200 with no more rows).
NOT_NARROWING = {("/api/v1/meetings/", "date_to"), ("/api/v1/meetings/", "kind"), ("/api/v1/meetings/", "article"),
                 ("/api/v1/meetings/", "participant"), ("/api/v1/meetings/", "person"),
                 ("/api/v1/meetings/", "year_from"),
                 ("/api/v1/stats/trade/", "currency"),  # converts, does not filter
                 ("/api/v1/articles/", "date_to"), ("/api/v1/sectors/", "q")}


def test_every_documented_filter_changes_the_result_where_it_should(anon_client, richer):
    paths = schema(anon_client)["paths"]
    ids = {"sobyanin": richer["people"][1].pk, "moscow": richer["articles"][0].pk}
    tried = 0
    for url in LISTS[:-1]:
        path = url.split("?")[0]
        everything = anon_client.get(path, {"page_size": 500}).json()
        for parameter in paths[path]["get"]["parameters"]:
            name = parameter["name"]
            if name not in VALUES or parameter["in"] != "query":
                continue
            value = VALUES[name].format(**ids)
            enum = parameter["schema"].get("enum") or parameter["schema"].get("items", {}).get("enum")
            if enum and value not in enum:
                value = enum[0]  # e.g. a region's kind
            filtered = anon_client.get(path, {name: value, "page_size": 500})
            assert filtered.status_code == 200, (path, name, filtered.content)
            got = filtered.json()
            tried += 1
            if name == "review":  # brings back the rejected: another set, not a subset
                assert got["count"] != everything["count"], (path, name)
                continue
            assert got["count"] <= everything["count"], (path, name)
            if (path, name) not in NOT_NARROWING:
                assert got["count"] < everything["count"], (path, name, value)
    assert tried > 50


def test_the_issues_examples(anon_client, richer):
    by_region = anon_client.get("/api/v1/stats/trade/", {"by_region": "BY-MI"}).json()["results"]
    assert by_region and {row["partner"] for row in by_region} == {"BY-MI"}
    values = [row["value"] for row in anon_client.get("/api/v1/stats/trade/?ordering=-value").json()["results"]]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True) and values[: len(present)] == present
    years = [row["year"] for row in anon_client.get("/api/v1/stats/trade/?ordering=year,region").json()["results"]]
    assert years == sorted(years)
    articles = anon_client.get("/api/v1/articles/", {"district": "RU-FD-SIB", "sector": "agriculture"}).json()
    assert [row["regions"] for row in articles["results"]] == [["RU-OMS"]]
    dates = [m["date"] for m in anon_client.get("/api/v1/meetings/?ordering=-kind").json()["results"]]
    assert dates


def test_fields_keeps_only_those_keys_in_json_and_csv(anon_client, world):
    body = anon_client.get("/api/v1/trade-figures/?fields=amount,id,region").json()
    assert [list(row) for row in body["results"]][0] == ["id", "region", "amount"]
    csv = anon_client.get("/api/v1/trade-figures/?fields=id,region&format=csv").content.decode()
    assert csv.splitlines()[0] == "id,region"
    one = anon_client.get(f"/api/v1/trade-figures/{world['trade'][0].pk}/?fields=id,evidence").json()
    assert list(one) == ["id", "evidence"]
    refused = anon_client.get("/api/v1/trade-figures/?fields=id,nope")
    assert refused.status_code == 400 and "nope" in refused.json()["errors"]["fields"][0]


def test_expand_gives_the_related_rows_in_one_query_each(anon_client, world, django_assert_num_queries, settings):
    settings.API_CACHE_SECONDS = 0
    plain = anon_client.get("/api/v1/trade-figures/").json()["results"]
    extra = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(1 + 2 + 2 + extra):  # version, count + page, region + article
        rows = anon_client.get("/api/v1/trade-figures/?expand=region,article").json()["results"]
    moscow = next(row for row in rows if row["id"] == world["trade"][0].pk)
    assert moscow["region"]["name_en"] == "Moscow" and moscow["article"]["id"] == world["articles"][0].pk
    assert len(rows) == len(plain)
    meetings = anon_client.get("/api/v1/meetings/?expand=regions").json()["results"]
    assert meetings[0]["regions"][0]["code"] == "RU-MOW"
    csv = anon_client.get("/api/v1/people/?expand=region&format=csv").content.decode().splitlines()[0]
    assert "region.code" in csv and "region.name_en" in csv
    assert anon_client.get("/api/v1/sectors/?expand=x").status_code == 400


# --- 4. facets --------------------------------------------------------------------------------------------

def as_counts(facet: list[dict]) -> dict:
    return {entry["value"]: entry["count"] for entry in facet}


def test_facets_equal_counts_computed_independently(anon_client, richer, django_assert_num_queries, settings):
    settings.API_CACHE_SECONDS = 0
    extra = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(1 + 2 + 4 + extra):  # version, count + page, a GROUP BY per facet
        body = anon_client.get("/api/v1/trade-figures/?flow=turnover&facets=region,year,sector,currency").json()
    figures = [f for f in TradeFigure.objects.exclude(review=Review.REJECTED).filter(flow="turnover")]
    assert as_counts(body["facets"]["region"]) == Counter(f.region_id for f in figures)
    assert as_counts(body["facets"]["year"]) == Counter(f.period_start.year for f in figures)
    assert as_counts(body["facets"]["currency"]) == Counter(f.currency for f in figures)
    sectors = Counter()
    for figure in figures:
        for slug in {s.sector_id for s in ArticleSector.objects.filter(article=figure.article)
                     if s.review != Review.REJECTED}:
            sectors[slug] += 1
    assert as_counts(body["facets"]["sector"]) == sectors
    articles = anon_client.get("/api/v1/articles/?facets=region,sector,year,language").json()["facets"]
    active = ArticleRegion.objects.exclude(review=Review.REJECTED)
    assert as_counts(articles["region"]) == Counter(fact.region_id for fact in active)
    assert as_counts(articles["language"]) == {"en": 2, "ru": 1}
    meetings = anon_client.get("/api/v1/meetings/?facets=region,year,kind").json()["facets"]
    assert as_counts(meetings["kind"]) == {"meeting": 1, "visit": 1}
    assert as_counts(meetings["year"]) == {2020: 1, 2021: 1}
    assert as_counts(meetings["region"]) == {"RU-MOW": 1, "RU-SPE": 1, "BY-MI": 1}
    assert "facets" not in anon_client.get("/api/v1/trade-figures/?facets=region&format=csv").content.decode()
    empty = anon_client.get("/api/v1/regions/?region=XX-XXX&format=ndjson")
    assert empty.content == b"" and empty["Content-Type"].startswith("application/x-ndjson")
    refused = anon_client.get("/api/v1/trade-figures/?facets=colour")
    assert refused.status_code == 400 and "region" in refused.json()["errors"]["facets"][0]


# --- 2. HTTP: CORS, conditional GET ----------------------------------------------------------------------

def test_cors_headers_on_reads_and_their_preflight(anon_client, world):
    read = anon_client.get("/api/v1/regions/", HTTP_ORIGIN="https://notebook.example")
    assert read["Access-Control-Allow-Origin"] == "https://notebook.example"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert {"origin", "accept"} <= {v.strip().lower() for v in read["Vary"].split(",")}
    preflight = anon_client.options("/api/v1/regions/", HTTP_ORIGIN="https://notebook.example",
                                    HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 200 and preflight["Access-Control-Allow-Origin"] == "https://notebook.example"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_no_cors_headers_on_writes_or_their_preflight(editor_client, anon_client, world):
    preflight = anon_client.options("/api/v1/articles/", HTTP_ORIGIN="https://evil.example",
                                    HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert "Access-Control-Allow-Origin" not in preflight
    figure = world["trade"][0]
    write = editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/confirm/", HTTP_ORIGIN="https://evil.example")
    assert write.status_code == 200 and "Access-Control-Allow-Origin" not in write


def test_allowed_origins_are_a_setting(anon_client, world, settings):
    settings.API_CORS_ALLOWED_ORIGINS = ["https://ok.example"]
    assert anon_client.get("/api/v1/regions/", HTTP_ORIGIN="https://ok.example")["Access-Control-Allow-Origin"]
    assert "Access-Control-Allow-Origin" not in anon_client.get("/api/v1/regions/", HTTP_ORIGIN="https://no.example")


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/regions/RU-MOW/", "/api/v1/trade-figures/?format=csv",
                                 "/api/v1/meetings/?format=ndjson"])
def test_every_read_has_validators_and_answers_304_on_a_match(anon_client, world, settings, url):
    settings.API_HTTP_MAX_AGE = 30
    first = anon_client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"') and first["Last-Modified"].endswith("GMT")
    assert first["Cache-Control"] == "public, max-age=30"
    again = anon_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert anon_client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert anon_client.get(url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_a_write_gives_a_fresh_200(anon_client, editor_client, world):
    first = anon_client.get("/api/v1/trade-figures/")
    figure = world["trade"][0]
    assert editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/reject/").status_code == 200
    fresh = anon_client.get("/api/v1/trade-figures/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]
    assert figure.pk not in [row["id"] for row in fresh.json()["results"]]
    assert "Access-Control-Allow-Origin" not in editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/confirm/")


def test_json_csv_and_ndjson_have_different_etags(anon_client, world):
    tags = {anon_client.get("/api/v1/regions/", {"format": fmt})["ETag"] for fmt in ("json", "csv", "ndjson")}
    assert len(tags) == 3


# --- 3. exports (the memory test is tests/api/test_export.py) --------------------------------------------

@pytest.mark.parametrize("path", [url.split("?")[0] for url in LISTS[:-1]])
def test_page_size_all_streams_every_row_in_each_format(anon_client, richer, path):
    extra = {}
    paged = anon_client.get(path, {"page_size": 1, **extra}).json()
    whole = anon_client.get(path, {"page_size": "all", **extra})
    assert whole.streaming
    body = json.loads(b"".join(whole.streaming_content))
    assert body["count"] == paged["count"] == len(body["results"])
    ndjson = anon_client.get(path, {"page_size": "all", "format": "ndjson", **extra})
    lines = b"".join(ndjson.streaming_content).decode().splitlines()
    assert ndjson["Content-Type"].startswith("application/x-ndjson") and len(lines) == paged["count"]
    csv = anon_client.get(path, {"page_size": "all", "format": "csv", **extra})
    assert csv["Content-Type"].startswith("text/csv")
    assert len(b"".join(csv.streaming_content).decode().splitlines()) >= paged["count"] + 1
    assert b"".join(anon_client.get(path, {"page_size": "all", "page": 2, "format": "ndjson"})
                    .streaming_content) == b""


def test_exported_trade_rows_have_the_evidence_and_the_articles_address(anon_client, world):
    moscow = world["articles"][0]
    moscow.source_url = "https://belta.by/moscow"
    moscow.save()
    lines = b"".join(anon_client.get("/api/v1/trade-figures/?page_size=all&format=ndjson&region=RU-MOW")
                     .streaming_content).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all(row["source_url"] == "https://belta.by/moscow" and row["evidence"] for row in rows)


# --- 5. more to read -------------------------------------------------------------------------------------

def test_meeting_participants_have_their_roles_and_reports(anon_client, richer):
    meeting = anon_client.get(f"/api/v1/meetings/{richer['meeting'].pk}/").json()
    roles = {p["name"]: p["role"] for p in meeting["participants"]}
    assert roles == {"Alexander Lukashenko": "President", "Sergei Sobyanin": "Mayor of Moscow"}
    assert meeting["reports"] == [{"article": richer["articles"][0].pk, "source_url": "",
                                   "evidence": ""}]
    listed = anon_client.get("/api/v1/meetings/", {"kind": "meeting"}).json()["results"][0]
    assert listed["participants"] == meeting["participants"]


def test_top_regions_rank_a_year_with_the_change_from_the_year_before(anon_client, richer):
    body = anon_client.get("/api/v1/stats/top-regions/", {"year": 2020}).json()
    rows = {row["region"]: row for row in body["results"]}
    assert [row["rank"] for row in body["results"]] == list(range(1, len(rows) + 1))
    assert body["results"][0]["value"] >= body["results"][-1]["value"]
    moscow, spb = rows["RU-MOW"], rows["RU-SPE"]
    assert moscow["value"] == 1.5e9 and moscow["previous_value"] == 1.2e9 and moscow["change"] == 0.3e9
    assert moscow["change_percent"] == 25.0
    assert spb["value"] == 9.5e8 and spb["previous_value"] == 9e8
    by_change = anon_client.get("/api/v1/stats/top-regions/", {"year": 2020, "ordering": "-change"}).json()
    assert by_change["results"][0]["region"] == "RU-MOW"
    assert anon_client.get("/api/v1/stats/top-regions/").status_code == 400  # year is required


def test_person_and_sector_details(anon_client, richer):
    sobyanin = richer["people"][1]
    person = anon_client.get(f"/api/v1/people/{sobyanin.pk}/").json()
    assert person["roles"] == ["Mayor of Moscow"] and person["article_count"] == 1
    assert person["meetings"] == [{"id": richer["meeting"].pk, "date": "2020-01-01", "kind": "meeting",
                                   "regions": ["RU-MOW"], "kind_en": "Meeting", "kind_ru": "Встреча"}]
    sector = anon_client.get("/api/v1/sectors/agriculture/").json()
    assert sector["article_count"] == 2
    assert as_counts(sector["regions"]) == {"RU-OMS": 1, "RU-SPE": 1, "BY-MI": 1}
    assert sum(entry["count"] for entry in sector["years"]) == 2


def test_the_guide_is_served_where_the_schema_links_to_it(anon_client, db):
    description = schema(anon_client)["info"]["description"]
    assert "(/api/v1/docs/guide/)" in description
    guide = anon_client.get("/api/v1/docs/guide/")
    assert guide.status_code == 200 and guide.content.startswith(b"# The JSON API")
    assert anon_client.get("/api/v1/").json()["guide"].endswith("/api/v1/docs/guide/")


def test_years_are_one_definition_for_api_and_dashboard(anon_client, db):
    from belregions import params
    from dashboard import params as dashboard_params

    assert dashboard_params.FIRST_YEAR == params.FIRST_YEAR
    assert anon_client.get("/api/v1/trade-figures/", {"year_from": params.FIRST_YEAR - 1}).status_code == 400
    assert anon_client.get("/api/v1/trade-figures/", {"year_from": params.FIRST_YEAR}).status_code == 200
    with pytest.raises(params.BadParam, match="from must be a year between"):
        params.year("from", str(params.FIRST_YEAR - 1))
