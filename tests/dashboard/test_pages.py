"""The dashboard's pages: what they show, their JSON twins and data links, empty states and bad requests."""

import csv
import io
from datetime import date

import pytest

from tests import factories as make
from tests.dashboard.conftest import figures_in

pytestmark = pytest.mark.django_db

PAGES = ["/", "/regions/", "/regions/RU-NVS/", "/regions/RU-FD-SIB/", "/regions/BY-VI/",
         "/compare/?regions=RU-NVS,RU-KYA&from=2010&to=2024", "/compare/"]


@pytest.mark.parametrize("url", PAGES)
def test_it_shows_every_page_of_the_demo(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_the_article_page_of_every_demo_article(client, demo):
    for article in demo:
        response = client.get(f"/articles/{article.pk}/")
        assert response.status_code == 200
        assert article.title in response.content.decode()


@pytest.mark.parametrize("url", [*PAGES, "/articles/{id}/"])
def test_every_page_has_a_json_twin_linked_from_it(client, demo, url):
    url = url.format(id=demo[0].pk)
    html = client.get(url).content.decode()
    assert "format=json" in html
    twin = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert twin.status_code == 200 and twin["Content-Type"] == "application/json"
    assert twin.json()["page"] in ("overview", "regions", "region", "compare", "article")


def test_the_region_page_shows_novosibirsks_2011_figure_with_its_source(client, demo):
    source = next(a for a in demo if "Novosibirsk urged" in a.title)
    html = client.get("/regions/RU-NVS/").content.decode()
    assert "$200.0 million" in html and "over $200.0 million" in html
    assert f'href="/articles/{source.pk}/" data-source="2011-Turnover"' in html


def test_the_overview_headline_counts(client, trade_data):
    page = client.get("/?format=json").json()
    headline = page["headline"]
    assert headline["latest_year"] == 2013
    # 2013: Novosibirsk 250 M, Krasnoyarsk 150 M, Moscow 2,250 M and Omsk's partial 90 M.
    assert headline["latest_year_trade"] == pytest.approx(250e6 + 150e6 + 2250e6 + 90e6)
    assert headline["russian_regions_with_ties"] == 5  # NVS, KYA, MOW, OMS, SMO
    assert headline["meetings"] == 2


def test_the_overview_chart_keeps_the_top_regions_and_sums_the_rest(client, trade_data):
    rows = client.get("/?top=2&other=1&data=trade&format=json").json()["rows"]
    assert sorted({r["region_code"] for r in rows}) == ["RU-MOW", "RU-NVS", "other"]
    other_2012 = next(r for r in rows if r["region_code"] == "other" and r["year"] == 2012)
    assert other_2012["value_usd"] == pytest.approx(230e6 * 0.6 + 6.2e9 / 31.09)  # Krasnoyarsk, Omsk's roubles


def test_a_region_page_lists_the_other_sources_and_the_disagreement(client, trade_data):
    html = client.get("/regions/RU-NVS/").content.decode()
    assert "sources disagree" in html
    assert "Trade figures disputed" in html and "Trade grew" in html
    figures = client.get("/regions/RU-NVS/?data=figures&format=json").json()["rows"]
    of_2011 = [r for r in figures if r["year"] == 2011 and r["flow"] == "turnover"]
    assert [(r["chosen"], r["value_usd"]) for r in of_2011] == [(True, 260_000_000), (False, 200_000_000)]
    assert of_2011[0]["disputed"] is True


def test_converted_amounts_show_the_original_beside(client, trade_data):
    html = client.get("/regions/RU-OMS/").content.decode()
    assert "6.2 billion RUB" in html and "31.09 RUB per USD" in html


def test_a_district_page_sums_its_regions_and_links_them(client, trade_data):
    page = client.get("/regions/RU-FD-SIB/")
    rows = client.get("/regions/RU-FD-SIB/?data=trade&format=json").json()["rows"]
    summed_2012 = next(r for r in rows if r["series"] == "Turnover, its regions summed" and r["year"] == 2012)
    assert summed_2012["value_usd"] == pytest.approx(230e6 + 138e6 + 6.2e9 / 31.09, rel=1e-6)
    assert summed_2012["figures"] == 3
    own = next(r for r in rows if r["series"] == "Turnover" and r["year"] == 2012)
    assert own["value_usd"] == 1_400_000_000
    html = page.content.decode()
    assert 'href="/regions/RU-NVS/"' in html and 'href="/regions/RU-OMS/"' in html
    assert 'data-link="district"' in client.get("/regions/RU-NVS/").content.decode()


def test_an_oblast_page_shows_its_own_figures(client, trade_data):
    rows = client.get("/regions/BY-VI/?data=trade&format=json").json()["rows"]
    assert [(r["year"], r["value_usd"]) for r in rows] == [(2012, 80_000_000)]


def test_compare_draws_one_series_per_region(client, trade_data):
    html = client.get("/compare/?regions=RU-NVS,RU-KYA&from=2010&to=2012").content.decode()
    traces = figures_in(html)["trade"]["data"]
    assert [t["name"] for t in traces] == ["Novosibirsk Oblast", "Krasnoyarsk Krai"]
    assert traces[0]["x"] == [2010, 2011, 2012]


def test_compare_accepts_repeated_parameters_too(client, trade_data):
    a = client.get("/compare/?regions=RU-NVS&regions=RU-KYA&format=json").json()
    assert [r["code"] for r in a["regions"]] == ["RU-NVS", "RU-KYA"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        pytest.param("q=novosib", ["RU-NVS"], id="english"),
        pytest.param("q=Новосибирская", ["RU-NVS"], id="russian"),
        pytest.param("q=новосибирская", ["RU-NVS"], id="russian-lower-case"),
        pytest.param("q=Homel", ["BY-HO"], id="variant-spelling"),
        pytest.param("country=BY", ["BY-BR", "BY-HM", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI"], id="country"),
    ],
)
def test_the_regions_table_filters(client, db, query, shown):
    rows = client.get(f"/regions/?{query}&data=regions&format=json").json()["rows"]
    assert sorted(r["code"] for r in rows) == shown


def test_the_regions_table_has_all_98_and_filters_by_district(client, trade_data):
    assert len(client.get("/regions/?data=regions&format=json").json()["rows"]) == 98
    rows = client.get("/regions/?district=RU-FD-SIB&data=regions&format=json").json()["rows"]
    assert "RU-FD-SIB" in {r["code"] for r in rows} and "RU-NVS" in {r["code"] for r in rows}
    assert {r["district"] for r in rows} <= {"RU-FD-SIB", None}


def test_the_regions_table_sorts_with_empty_values_last(client, trade_data):
    rows = client.get("/regions/?sort=-trade&data=regions&format=json").json()["rows"]
    values = [r["trade_usd"] for r in rows]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True) and values[: len(present)] == present
    assert rows[0]["code"] == "RU-MOW"
    by_name = client.get("/regions/?sort=name&data=regions&format=json").json()["rows"]
    assert [r["name"] for r in by_name] == sorted(r["name"] for r in by_name)


def test_the_regions_table_counts_meetings_and_the_last_one(client, trade_data):
    rows = {r["code"]: r for r in client.get("/regions/?data=regions&format=json").json()["rows"]}
    assert (rows["RU-NVS"]["meetings"], rows["RU-NVS"]["last_meeting"]) == (1, "2012-05-29")
    assert (rows["RU-FD-SIB"]["meetings"], rows["RU-FD-SIB"]["last_meeting"]) == (2, "2013-06-17")


def test_chart_data_downloads_as_csv(client, trade_data):
    response = client.get("/regions/RU-NVS/?data=trade&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"series", "year", "value_usd", "as_stated", "article_id"} <= set(rows[0])


def test_the_currency_can_be_chosen(client, trade_data):
    rows = client.get("/compare/?regions=RU-OMS&currency=RUB&data=trade&format=json").json()["rows"]
    assert rows[0]["value_rub"] == pytest.approx(6_200_000_000)


def test_a_fresh_install_says_there_are_no_articles(client, db):
    html = client.get("/").content.decode()
    assert 'data-empty="articles"' in html and "No articles yet" in html
    assert "no trade figures yet" in html
    for url in ("/regions/", "/regions/RU-NVS/", "/compare/", "/compare/?regions=RU-NVS"):
        assert client.get(url).status_code == 200


def test_a_region_without_figures_says_so(client, trade_data):
    html = client.get("/regions/RU-TOM/").content.decode()
    assert 'data-empty="trade"' in html and "No trade figures for Tomsk Oblast" in html
    assert 'data-empty="meetings"' in html and 'data-empty="articles"' in html


def test_a_year_without_figures_says_so(client, trade_data):
    make.figure(trade_data["first"], "RU-NVS", 2005, 90_000_000)  # 2006 to 2008: within the slider, no figures
    html = client.get("/?year=2007").content.decode()
    assert "No trade figures for 2007." in html and "Years with figures: 2013, 2012, 2011, 2010, 2009, 2005" in html


def test_an_article_not_parsed_yet_says_so(client, db):
    article = make.article(text="", status="queued")
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "queued" in html and 'data-empty="text"' in html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("/?from=20x0", "from must be a year", id="year"),
        pytest.param("/?from=2015&to=2010", "from (2015) is after to (2010)", id="year-range"),
        pytest.param("/?chart=pie", "chart must be one of bar, line", id="chart"),
        pytest.param("/?top=500", "top must be a whole number from 1 to 20", id="top"),
        pytest.param("/?flow=transit", "flow must be one of", id="flow"),
        pytest.param("/?currency=XYZ", "currency must be one of", id="currency"),
        pytest.param("/?format=xml", "format must be one of", id="format"),
        pytest.param("/?format=csv", "format=csv needs data=", id="csv-without-chart"),
        pytest.param("/regions/?sort=colour", "sort must be one of", id="sort"),
        pytest.param("/regions/?district=RU-NVS", "district must be a federal district", id="district"),
        pytest.param("/compare/?regions=RU-NVS,RU-XXX", "unknown region code(s): RU-XXX", id="unknown-region"),
        pytest.param("/compare/?regions=" + ",".join(f"RU-{c}" for c in "ABCDEFGHIJK"), "at most 10", id="too-many"),
    ],
)
def test_a_bad_parameter_gets_a_400_that_says_why(client, db, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_parameter_in_a_data_request_gets_json(client, db):
    response = client.get("/regions/RU-NVS/?data=nothing&format=csv")
    assert response.status_code == 400
    assert "no chart 'nothing'" in response.json()["error"]


@pytest.mark.parametrize("url", ["/regions/RU-XXX/", "/articles/999999/"])
def test_unknown_things_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_a_404_is_a_page_of_the_site_with_its_navigation_and_the_address(client, db):
    response = client.get("/regions/RU-XXX/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'nav aria-label="Main"' in html and "Skip to content" in html
    assert "<code>/regions/RU-XXX/</code>" in html
    assert "<b>x</b>" not in client.get("/regions/<b>x</b>/").content.decode()


def test_the_500_page_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'lang="en"' in html


def test_a_lower_case_region_code_works(client, db):
    assert client.get("/regions/ru-nvs/").status_code == 200


def test_every_view_lives_in_its_url(client, trade_data):
    """The chart type, years, flow, top, currency and map year all come back in the page's links."""
    html = client.get("/?chart=line&from=2010&to=2013&flow=export&top=3&currency=EUR&year=2012").content.decode()
    assert figures_in(html)["trade"]["data"][0]["type"] == "scatter"
    for kept in ("chart=line", "from=2010", "to=2013", "flow=export", "top=3", "currency=EUR", "year=2012"):
        assert f"?{kept}" in html or f"&amp;{kept}" in html
    assert 'aria-current="true">Lines' in html


def test_meetings_of_a_rejected_report_do_not_count(client, db):
    source = make.article()
    make.meeting(source, date(2012, 1, 1), ["RU-NVS"], review="rejected")
    assert client.get("/?format=json").json()["headline"]["meetings"] == 0


def test_compare_links_to_the_selection_without_each_region(client, trade_data):
    html = client.get("/compare/?regions=RU-NVS,RU-KYA&from=2010").content.decode()
    assert 'href="?regions=RU-KYA&amp;from=2010" aria-label="Remove Novosibirsk Oblast"' in html
    assert 'href="?regions=RU-NVS&amp;from=2010" aria-label="Remove Krasnoyarsk Krai"' in html


@pytest.mark.django_db
def test_the_figures_csv_carries_each_figures_sentence_and_its_articles_address(client):
    """Every number traceable (issue 17, item 10): a figure's row says the sentence it was read from and where the
    article was published, in the CSV and the JSON alike."""
    source = make.article(title="Trade with Novosibirsk", published=date(2013, 3, 1),
                          source_url="https://example.org/news/novosibirsk-trade")
    make.figure(source, "RU-NVS", 2012, 250_000_000, evidence="Trade reached $250 million in 2012, he said.")
    (row,) = client.get("/regions/RU-NVS/?data=figures&format=json").json()["rows"]
    assert row["evidence"] == "Trade reached $250 million in 2012, he said."
    assert row["article_address"] == "https://example.org/news/novosibirsk-trade"
    csv_text = client.get("/regions/RU-NVS/?data=figures&format=csv").content.decode()
    header, line = csv_text.splitlines()[:2]
    assert header.split(",")[-2:] == ["evidence", "article_address"]
    assert line.endswith('"Trade reached $250 million in 2012, he said.",https://example.org/news/novosibirsk-trade')
