"""The API stays language-neutral (codes, ISO dates, English messages), but its labels come in both languages:
a region's and a sector's name in English and in Russian, wherever the row is given (its list, its detail, an
expanded relation in JSON and in CSV), and the words of every coded value (`kind_en`, `kind_ru`: api/labels.py),
from the same catalogue as the admin and the dashboard, whatever language the request asks for."""

import csv
import io

import pytest
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation

from api import labels
from articles.models import Article, ParseRun
from belregions.models import Meeting, Region, TradeFigure

pytestmark = pytest.mark.django_db


def test_regions_carry_their_russian_name_beside_the_english_one(anon_client):
    body = anon_client.get("/api/v1/regions/?region=RU-MOW,RU-OMS&ordering=code").json()
    names = {row["code"]: (row["name_en"], row["name_ru"]) for row in body["results"]}
    assert names == {"RU-MOW": ("Moscow", "Москва"), "RU-OMS": ("Omsk Oblast", "Омская область")}
    detail = anon_client.get("/api/v1/regions/RU-FD-SIB/").json()
    assert detail["name_ru"] == "Сибирский федеральный округ"


def test_sectors_carry_their_russian_name_beside_the_english_one(anon_client):
    row = anon_client.get("/api/v1/sectors/agriculture/").json()
    assert (row["name_en"], row["name_ru"]) == ("Agriculture", "Сельское хозяйство")


def test_the_names_do_not_depend_on_the_language_asked_for(anon_client):
    english = anon_client.get("/api/v1/regions/RU-MOW/").json()
    russian = anon_client.get("/api/v1/regions/RU-MOW/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert russian == english and russian["name_en"] == "Moscow"


def test_expanded_regions_and_sectors_carry_both_names_in_json_and_csv(anon_client, world):
    article = world["articles"][2].pk  # Omsk's: its region and sector facts
    row = anon_client.get(f"/api/v1/articles/{article}/?expand=regions,sectors").json()
    assert [(r["code"], r["name_ru"]) for r in row["regions"]] == [("RU-OMS", "Омская область")]
    assert [(s["slug"], s["name_ru"]) for s in row["sectors"]] == [("agriculture", "Сельское хозяйство")]
    response = anon_client.get("/api/v1/trade-figures/?region=RU-OMS&expand=region&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and {(r["region.name_en"], r["region.name_ru"]) for r in rows} == {("Omsk Oblast", "Омская область")}


# --- the words of every coded value: `<field>_en` and `<field>_ru` (api/labels.py) ---------------------------------

# Each list, the model its rows are, and a filter that gives rows with the codes checked below.
LISTS = {
    "/api/v1/regions/?region=RU-MOW,BY-MI": Region,
    "/api/v1/meetings/": Meeting,
    "/api/v1/trade-figures/?review=unreviewed&review=added": TradeFigure,
    "/api/v1/articles/": Article,
}


def coded_fields(model, row: dict) -> list[str]:
    """The keys of a row that show a model field with choices: each a code with words."""
    names = []
    for key in row:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if field.choices:
            names.append(key)
    return names


@pytest.mark.parametrize("url, model", LISTS.items(), ids=[m.__name__ for m in LISTS.values()])
def test_every_coded_value_of_a_list_row_has_its_words_in_both_languages_after_every_other_key(
        anon_client, world, url, model):
    rows = anon_client.get(url).json()["results"]
    assert rows
    for row in rows:
        coded = coded_fields(model, row)
        assert coded, f"{url}: no coded field to label"
        keys = list(row)
        first_label = len(keys) - 2 * len(coded)
        for name in coded:
            choices = dict(model._meta.get_field(name).choices)
            for language in ("en", "ru"):
                with translation.override(language):
                    assert row[f"{name}_{language}"] == str(choices[row[name]]), (url, name, language)
                # The words come after every older key: a CSV reader counting columns finds those where they were.
                assert keys.index(f"{name}_{language}") >= first_label, (url, name)


def test_a_meetings_and_a_figures_words(anon_client, world):
    meeting = anon_client.get(f"/api/v1/meetings/{world['meeting'].pk}/").json()
    assert (meeting["kind"], meeting["kind_en"], meeting["kind_ru"]) == ("meeting", "Meeting", "Встреча")
    assert (meeting["date_precision_en"], meeting["date_precision_ru"]) == ("Day", "День")
    figure = anon_client.get(f"/api/v1/trade-figures/{world['trade'][1].pk}/").json()
    assert (figure["flow"], figure["flow_en"], figure["flow_ru"]) == ("export", "Belarus' exports", "Экспорт Беларуси")
    assert (figure["qualifier_en"], figure["qualifier_ru"]) == ("Exact", "Точно")
    assert (figure["origin_en"], figure["origin_ru"]) == ("Parser", "Парсер")
    added = anon_client.get(f"/api/v1/trade-figures/{world['trade'][3].pk}/").json()
    assert (added["review"], added["review_en"], added["review_ru"]) == ("added", "Added by editor",
                                                                         "Добавлено редактором")
    region = anon_client.get("/api/v1/regions/BY-MI/").json()
    assert (region["kind_ru"], region["country_en"], region["country_ru"]) == ("Область Беларуси", "Belarus",
                                                                               "Беларусь")


def test_the_words_do_not_depend_on_the_language_asked_for(anon_client, world):
    url = f"/api/v1/meetings/{world['meeting'].pk}/"
    assert anon_client.get(url, HTTP_ACCEPT_LANGUAGE="ru").json() == anon_client.get(url).json()
    assert anon_client.get(url, HTTP_ACCEPT_LANGUAGE="ru").json()["kind"] == "meeting"  # the code stays the code


def test_an_articles_facts_and_parse_runs_carry_their_words(anon_client, world):
    article = world["articles"][0]
    ParseRun.objects.create(article=article, outcome="success")
    body = anon_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert (body["status"], body["status_en"], body["status_ru"]) == ("parsed", "Parsed", "Разобрана")
    assert [(run["outcome"], run["outcome_ru"]) for run in body["parse_runs"]] == [("success", "Успешно")]
    figure = body["facts"]["trade_figures"][0]
    assert (figure["kind"], figure["kind_en"], figure["kind_ru"]) == ("trade-figures", "Trade figures",
                                                                      "Торговые показатели")
    assert (figure["flow_ru"], figure["review_en"], figure["review_ru"]) == ("Товарооборот", "Not reviewed",
                                                                             "Не проверено")
    meeting = body["facts"]["meetings"][0]
    assert (meeting["meeting_kind"], meeting["meeting_kind_ru"]) == ("meeting", "Встреча")
    assert {fact["kind_ru"] for fact in body["facts"]["people"]} == {"Люди"}


def test_expanded_regions_carry_the_words_of_their_codes(anon_client, world):
    row = anon_client.get(f"/api/v1/articles/{world['articles'][2].pk}/?expand=regions").json()
    assert [(r["kind"], r["kind_ru"], r["country_ru"]) for r in row["regions"]] == [("oblast", "Область", "Россия")]


def test_csv_gives_the_words_as_columns_after_the_older_ones(anon_client, world):
    before = ["id", "url", "date", "date_precision", "kind", "regions", "participants", "articles", "reports", "agreed"]
    response = anon_client.get("/api/v1/meetings/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [*before, "date_precision_en", "date_precision_ru", "kind_en", "kind_ru"]
    assert rows[1][rows[0].index("kind_ru")] == "Встреча"
    only = anon_client.get("/api/v1/meetings/?fields=id,kind_ru").json()["results"]
    assert only == [{"id": world["meeting"].pk, "kind_ru": "Встреча"}]


def test_stats_name_both_sides_and_every_code_in_both_languages(anon_client, world):
    rows = anon_client.get("/api/v1/stats/trade/?flow=turnover&year_from=2020").json()["results"]
    by_region = {row["region"]: row for row in rows}
    omsk, russia = by_region["RU-OMS"], by_region["RU"]
    assert (omsk["region_name"], omsk["region_en"], omsk["region_ru"]) == ("Omsk Oblast", "Omsk Oblast",
                                                                           "Омская область")
    assert (omsk["partner"], omsk["partner_en"], omsk["partner_ru"]) == ("BY", "Belarus", "Беларусь")
    assert (russia["region_en"], russia["region_ru"]) == ("Russia", "Россия")
    assert (omsk["flow_en"], omsk["flow_ru"], omsk["qualifier_ru"], omsk["origin_ru"]) == (
        "Turnover", "Товарооборот", "Точно", "Парсер")
    spb = by_region["RU-SPE"]
    assert (spb["review_en"], spb["review_ru"]) == ("Added by editor", "Добавлено редактором")
    top = anon_client.get("/api/v1/stats/top-regions/?year=2020").json()["results"]
    assert {(row["region"], row["region_ru"], row["flow_ru"]) for row in top} >= {
        ("RU-SPE", "Санкт-Петербург", "Товарооборот")}


def test_the_stats_csv_keeps_its_older_columns_first(anon_client, world):
    header = anon_client.get("/api/v1/stats/trade/?format=csv").content.decode().splitlines()[0].split(",")
    assert header[:3] == ["region", "region_name", "region_level"]
    assert header[-12:] == ["region_en", "region_ru", "partner_en", "partner_ru", "flow_en", "flow_ru", "qualifier_en",
                            "qualifier_ru", "origin_en", "origin_ru", "review_en", "review_ru"]


def test_labels_come_in_every_language_of_the_site():
    assert set(labels.LANGUAGES) == {code for code, _name in settings.LANGUAGES}


def test_the_schema_documents_the_words(anon_client, db):
    components = anon_client.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    for name, key in [("Meeting", "kind_ru"), ("TradeFigure", "review_en"), ("TradePoint", "partner_ru"),
                      ("Article", "status_ru"), ("TradeFact", "kind_ru")]:
        properties = components[name]["properties"]
        assert properties[key]["type"] == "string" and properties[key]["readOnly"], (name, key)
