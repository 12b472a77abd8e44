"""Schema and content checks of the region reference data.

belregions/data/regions.csv is the list of regions; articles/extraction/data/
regions.json is the gazetteer scripts/build_region_forms.py makes from it.
Plain files only: no database, no Django.
"""

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[2]
CSV_PATH = ROOT / "belregions" / "data" / "regions.csv"
GAZETTEER_PATH = ROOT / "articles" / "extraction" / "data" / "regions.json"

COLUMNS = [
    "code",
    "country",
    "kind",
    "district",
    "name_en",
    "name_ru",
    "lat",
    "lon",
    "variants_en",
    "variants_ru",
]
KINDS = {
    "oblast",
    "krai",
    "republic",
    "federal_city",
    "autonomous_okrug",
    "autonomous_oblast",
    "federal_district",
    "by_oblast",
    "city",
}
DISTRICTS = {
    "RU-FD-CEN",
    "RU-FD-NW",
    "RU-FD-SOU",
    "RU-FD-NC",
    "RU-FD-VOL",
    "RU-FD-URA",
    "RU-FD-SIB",
    "RU-FD-FE",
}
FORM_KEYS = ("en", "en_short", "ru", "ru_short")


def read_rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


ROWS = read_rows()
GAZETTEER = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))


def owners_by_form():
    owners = defaultdict(set)
    for entry in GAZETTEER["regions"]:
        for key in FORM_KEYS:
            for form in entry[key]:
                owners[form.casefold()].add(entry["code"])
    return owners


OWNERS = owners_by_form()


def test_it_has_98_rows_with_unique_codes():
    codes = [r["code"] for r in ROWS]
    assert len(codes) == 98
    assert len(set(codes)) == 98


def test_it_counts_83_subjects_8_districts_7_belarusian_units():
    counts = Counter((r["country"], r["kind"] == "federal_district") for r in ROWS)
    assert counts == {("RU", False): 83, ("RU", True): 8, ("BY", False): 7}
    assert {r["code"] for r in ROWS if r["kind"] == "federal_district"} == DISTRICTS


@pytest.mark.parametrize("country", ["RU", "BY"])
def test_it_holds_exactly_pycountrys_subdivisions(country):
    ours = {r["code"] for r in ROWS if r["country"] == country and r["kind"] != "federal_district"}
    theirs = {s.code for s in pycountry.subdivisions.get(country_code=country)}
    assert ours == theirs


def test_every_non_district_code_is_known_to_pycountry():
    for row in ROWS:
        if row["kind"] != "federal_district":
            sub = pycountry.subdivisions.get(code=row["code"])
            assert sub is not None and sub.country_code == row["country"], row["code"]


def test_every_kind_is_from_the_list():
    assert {r["kind"] for r in ROWS} <= KINDS
    assert [r["code"] for r in ROWS if r["kind"] == "city"] == ["BY-HM"]
    assert {r["kind"] for r in ROWS if r["country"] == "BY"} == {"by_oblast", "city"}


def test_each_russian_subject_has_one_of_the_8_districts():
    for row in ROWS:
        subject = row["country"] == "RU" and row["kind"] != "federal_district"
        if subject:
            assert row["district"] in DISTRICTS, row["code"]
        else:
            assert row["district"] == "", row["code"]
    sizes = Counter(r["district"] for r in ROWS if r["district"])
    assert sizes == {
        "RU-FD-CEN": 18,
        "RU-FD-NW": 11,
        "RU-FD-SOU": 6,
        "RU-FD-NC": 7,
        "RU-FD-VOL": 14,
        "RU-FD-URA": 6,
        "RU-FD-SIB": 10,
        "RU-FD-FE": 11,
    }


@pytest.mark.parametrize(
    ("code", "district"),
    [
        pytest.param("RU-BU", "RU-FD-FE", id="buryatia-far-east-since-2018"),
        pytest.param("RU-ZAB", "RU-FD-FE", id="zabaykalsky-far-east-since-2018"),
        pytest.param("RU-KHM", "RU-FD-URA", id="khmao-ural"),
        pytest.param("RU-YAN", "RU-FD-URA", id="yanao-ural"),
        pytest.param("RU-KK", "RU-FD-SIB", id="khakassia-siberia"),
        pytest.param("RU-NEN", "RU-FD-NW", id="nenets-northwest"),
        pytest.param("RU-STA", "RU-FD-NC", id="stavropol-north-caucasus"),
    ],
)
def test_district_spot_checks(code, district):
    assert {r["code"]: r["district"] for r in ROWS}[code] == district


def test_names_and_coordinates_are_filled():
    for row in ROWS:
        assert row["name_en"] and row["name_ru"], row["code"]
        lat, lon = float(row["lat"]), float(row["lon"])
        assert 40 <= lat <= 82, row["code"]
        assert -180 <= lon <= 180, row["code"]
        assert all(len(v.partition(".")[2]) <= 4 for v in (row["lat"], row["lon"])), row["code"]


def test_belarusian_units_lie_in_belarus():
    for row in ROWS:
        if row["country"] == "BY":
            assert 51 <= float(row["lat"]) <= 56.5 and 23 <= float(row["lon"]) <= 33, row["code"]


def test_the_gazetteer_covers_exactly_the_csv_codes_once():
    codes = [e["code"] for e in GAZETTEER["regions"]]
    assert sorted(codes) == sorted(r["code"] for r in ROWS)
    assert len(codes) == len(set(codes))


def test_gazetteer_entries_have_the_documented_shape():
    assert GAZETTEER["about"]
    for entry in GAZETTEER["regions"]:
        assert entry["en"] or entry["en_short"], entry["code"]
        assert entry["ru"] or entry["ru_short"], entry["code"]
        for key in FORM_KEYS:
            assert all(isinstance(f, str) and f.strip() == f and f for f in entry[key])
        for key in ("ru", "ru_short"):
            assert all(f == f.lower() for f in entry[key]), entry["code"]


def test_no_form_maps_to_two_codes():
    clashes = {form: codes for form, codes in OWNERS.items() if len(codes) > 1}
    assert clashes == {}


def test_ambiguous_names_belong_to_no_region():
    ambiguous = GAZETTEER["ambiguous"]
    assert "altai" in {f.casefold() for f in ambiguous["en"]}
    assert "алтай" in ambiguous["ru"]
    for form in ambiguous["en"] + ambiguous["ru"]:
        assert form.casefold() not in OWNERS, form


def test_csv_names_are_in_the_gazetteer():
    for row in ROWS:
        names = [row["name_en"], row["name_ru"]]
        names += [v for v in (row["variants_en"] + "|" + row["variants_ru"]).split("|") if v]
        for name in names:
            assert OWNERS.get(name.casefold()) == {row["code"]}, (row["code"], name)


@pytest.mark.parametrize(
    ("form", "code"),
    [
        pytest.param("Trans-Baikal Territory", "RU-ZAB", id="trans-baikal-territory"),
        pytest.param("Zabaykalsky Krai", "RU-ZAB", id="zabaykalsky-krai"),
        pytest.param("krasnoyarsk territory", "RU-KYA", id="krasnoyarsk-territory-lower"),
        pytest.param("Krasnoyarsk", "RU-KYA", id="krasnoyarsk-short"),
        pytest.param("Novosibirsk Region", "RU-NVS", id="novosibirsk-region"),
        pytest.param("Republic of Buryatia", "RU-BU", id="republic-of-buryatia"),
        pytest.param("Khakasia", "RU-KK", id="khakasia-misspelt"),
        pytest.param("Altai Krai", "RU-ALT", id="altai-krai"),
        pytest.param("Altai Republic", "RU-AL", id="altai-republic"),
        pytest.param("Moscow", "RU-MOW", id="moscow-city"),
        pytest.param("Moscow Region", "RU-MOS", id="moscow-region"),
        pytest.param("St. Petersburg", "RU-SPE", id="st-petersburg"),
        pytest.param("Siberia", "RU-FD-SIB", id="siberia"),
        pytest.param("Siberian Federal District", "RU-FD-SIB", id="siberian-federal-district"),
        pytest.param("the Urals", "RU-FD-URA", id="the-urals"),
        pytest.param("Russian Far East", "RU-FD-FE", id="russian-far-east"),
        pytest.param("Gomel Region", "BY-HO", id="gomel-region"),
        pytest.param("Minsk Region", "BY-MI", id="minsk-region"),
        pytest.param("Minsk", "BY-HM", id="minsk-city"),
        pytest.param("новосибирской области", "RU-NVS", id="ru-novosibirskoy-oblasti"),
        pytest.param("Новосибирскую область", "RU-NVS", id="ru-novosibirskuyu-oblast-capitalised"),
        pytest.param("красноярском крае", "RU-KYA", id="ru-krasnoyarskom-krae"),
        pytest.param("Приморье", "RU-PRI", id="ru-primorye"),
        pytest.param("Приморского края", "RU-PRI", id="ru-primorskogo-kraya"),
        pytest.param("республике татарстан", "RU-TA", id="ru-respublike-tatarstan"),
        pytest.param("Татарстана", "RU-TA", id="ru-tatarstana"),
        pytest.param("санкт-петербурге", "RU-SPE", id="ru-sankt-peterburge"),
        pytest.param("ХМАО", "RU-KHM", id="ru-khmao"),
        pytest.param("Югры", "RU-KHM", id="ru-yugry"),
        pytest.param("ханты-мансийского автономного округа — югры", "RU-KHM", id="ru-khmao-full-genitive"),
        pytest.param("Сибири", "RU-FD-SIB", id="ru-sibiri"),
        pytest.param("сибирском федеральном округе", "RU-FD-SIB", id="ru-sfo-prepositional"),
        pytest.param("дальнем востоке", "RU-FD-FE", id="ru-dalnem-vostoke"),
        pytest.param("гомельской области", "BY-HO", id="ru-gomelskoy-oblasti"),
        pytest.param("минской областью", "BY-MI", id="ru-minskoy-oblastyu"),
        pytest.param("Минске", "BY-HM", id="ru-minske"),
        pytest.param("могилевской области", "BY-MA", id="ru-mogilev-without-yo"),
        pytest.param("новосибирской обл", "RU-NVS", id="ru-obl-abbreviation"),
    ],
)
def test_form_spot_checks(form, code):
    assert OWNERS.get(form.casefold()) == {code}


@pytest.mark.parametrize(
    "form",
    [
        pytest.param("Altai", id="altai"),
        pytest.param("Алтая", id="altaya"),
    ],
)
def test_altai_alone_names_no_region(form):
    assert form.casefold() not in OWNERS
