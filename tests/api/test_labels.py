"""The API stays language-neutral (codes, ISO dates, English messages), but its labels come in both languages:
a region's and a sector's name in English and in Russian, wherever the row is given (its list, its detail, an
expanded relation in JSON and in CSV), whatever language the request asks for."""

import csv
import io

import pytest

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
