"""people.find_people on hand-built documents (REGION spans added by hand)."""

from __future__ import annotations

import re

import pytest

from articles.extraction import people
from articles.extraction.document import Span


def add_regions(doc, regions: dict[str, str]) -> None:
    for name, code in regions.items():
        for m in re.finditer(re.escape(name), doc.text):
            doc.spans.append(Span("REGION", m.start(), m.end(), name, code, "test"))


@pytest.fixture
def find(make_doc):
    def run(text: str, regions: dict[str, str] | None = None, language: str = "en"):
        doc = make_doc(text, language=language)
        add_regions(doc, regions or {})
        return people.find_people(doc)

    return run


def facts(doc) -> list[tuple[str, str | None, str | None]]:
    return [(p.name, p.role, p.region) for p in doc.people]


@pytest.mark.parametrize(
    ("text", "regions", "expected"),
    [
        pytest.param("President of Belarus Alexander Lukashenko said the ties are strong.", {},
                     ("Alexander Lukashenko", "President of Belarus", None), id="country-role-before-name"),
        pytest.param("The talks were held with Governor of Novosibirsk Oblast of Russia Vasily Yurchenko.",
                     {"Novosibirsk Oblast": "RU-NVS"},
                     ("Vasily Yurchenko", "Governor of Novosibirsk Oblast", "RU-NVS"), id="trailing-country-dropped"),
        pytest.param("He met with Governor of Russia’s Tomsk Oblast Sergei Zhvachkin.", {"Tomsk Oblast": "RU-TOM"},
                     ("Sergei Zhvachkin", "Governor of Tomsk Oblast", "RU-TOM"), id="country-possessive-dropped"),
        pytest.param("Yesterday Krasnoyarsk Krai Governor Lev Kuznetsov arrived.", {"Krasnoyarsk Krai": "RU-KYA"},
                     ("Lev Kuznetsov", "Krasnoyarsk Krai Governor", "RU-KYA"), id="region-before-head"),
        pytest.param("Chairman of the Gomel Oblast Executive Committee Ivan Krupko opened it.",
                     {"Gomel Oblast": "BY-HO"},
                     ("Ivan Krupko", "Chairman of the Gomel Oblast Executive Committee", "BY-HO"),
                     id="belarusian-oblast-role"),
        pytest.param("He received Plenipotentiary of the President of the Russian Federation in the Siberian "
                     "Federal District Nikolai Rogozhkin.", {"Siberian Federal District": "RU-FD-SIB"},
                     ("Nikolai Rogozhkin", "Plenipotentiary of the President of the Russian Federation in the "
                      "Siberian Federal District", "RU-FD-SIB"), id="district-envoy"),
        pytest.param("First Vice Premier of Belarus Vladimir Semashko spoke next.", {},
                     ("Vladimir Semashko", "First Vice Premier of Belarus", None), id="modifiers-before-head"),
        pytest.param("Addressing Head of the Council of Interregional Association “Siberian Accord” Viktor Zimin, "
                     "he spoke.", {},
                     ("Viktor Zimin", "Head of the Council of Interregional Association “Siberian Accord”", None),
                     id="quoted-organisation-in-role"),
        pytest.param("Chairman of the Board of the Belcoopsoyuz consumer cooperative society Valery Ivanov said so.",
                     {}, ("Valery Ivanov",
                          "Chairman of the Board of the Belcoopsoyuz consumer cooperative society", None),
                     id="lower-case-words-after-of"),
        pytest.param("Tatyana Ivanova, the mayor of Omsk, welcomed the guests.", {"Omsk": "RU-OMS"},
                     ("Tatyana Ivanova", "mayor of Omsk", "RU-OMS"), id="appositive-role"),
        pytest.param("The Governor welcomed Minister Anatoly Kuzmin.", {},
                     ("Anatoly Kuzmin", "Minister", None), id="verb-ends-role"),
        pytest.param("Governor Zhargal Dorzhiev thanked the guests.", {},
                     ("Zhargal Dorzhiev", "Governor", None), id="unknown-given-name-after-role"),
        pytest.param("Губернатор Воронежской области Александр Гусев прибыл в Минск.",
                     {"Воронежской области": "RU-VOR"},
                     ("Александр Гусев", "Губернатор Воронежской области", "RU-VOR"), id="ru-nominative"),
        pytest.param("Встреча с губернатором Воронежской области Александром Гусевым прошла в Минске.",
                     {"Воронежской области": "RU-VOR"},
                     ("Александр Гусев", "губернатор Воронежской области", "RU-VOR"), id="ru-instrumental"),
        pytest.param("По словам председателя Гомельского облисполкома Ивана Крупко, урожай вырос.", {},
                     ("Иван Крупко", "председатель Гомельского облисполкома", None), id="ru-genitive"),
        pytest.param("Губернатор поблагодарил Наталью Кочанову за поддержку.", {},
                     ("Наталья Кочанова", None, None), id="ru-female-accusative"),
        pytest.param("Переговоры с Сергеем Собяниным прошли в Москве.", {},
                     ("Сергей Собянин", None, None), id="ru-instrumental-in"),
        pytest.param("Телеграмма Александра Григорьевича Лукашенко пришла.", {},
                     ("Александр Григорьевич Лукашенко", None, None), id="ru-patronymic-genitive"),
        pytest.param("Он осмотрел завод вместе с Сергеем Воробьем.", {},
                     ("Сергей Воробей", None, None), id="ru-surname-ej-instrumental"),
        pytest.param("Визит Андрея Соловья в Брест завершился.", {},
                     ("Андрей Соловей", None, None), id="ru-surname-ej-genitive"),
        pytest.param("Премия вручена Андрею Соловью.", {},
                     ("Андрей Соловей", None, None), id="ru-surname-ej-dative"),
        pytest.param("Он встретился с Владимиром Ваньке.", {},
                     ("Владимир Ваньке", None, None), id="ru-indeclinable-e-after-instrumental"),
        pytest.param("Он встретился с Игорем Черных.", {},
                     ("Игорь Черных", None, None), id="ru-indeclinable-ykh"),
        pytest.param("Он рассказал о Владимире Гусеве.", {},
                     ("Владимир Гусев", None, None), id="ru-surname-e-prepositional-declines"),
        pytest.param("Он встретился с Григорием Рапотой.", {},
                     ("Григорий Рапота", None, None), id="ru-a-stem-surname-instrumental"),
        pytest.param("Визит Григория Рапоты завершился.", {},
                     ("Григорий Рапота", None, None), id="ru-a-stem-surname-genitive"),
    ],
)
def test_names_and_roles(find, text, regions, expected):
    assert facts(find(text, regions)) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Novosibirsk Oblast and the Customs Union gained.", id="region-and-union"),
        pytest.param("The Single Economic Space helps, the Belarusian President said.", id="role-words-only"),
        pytest.param("The Siberian Accord association met.", id="association"),
        pytest.param("By Ivan Petrov\nTrade grew.", id="byline"),
        pytest.param("Trade grew.\nPhoto: Sergei Smirnov", id="photo-credit"),
        pytest.param("Ties with Vladimir Oblast grew.", id="given-name-as-region"),
        pytest.param("Ivan said the results were good.", id="given-name-alone"),
    ],
)
def test_no_person(find, text):
    doc = find(text, {"Novosibirsk Oblast": "RU-NVS", "Vladimir Oblast": "RU-VLA"})
    assert doc.people == []


def test_spelling_variants_are_one_person(find):
    doc = find("Aleksandr Lukashenko met the governor.\nAlexander Lukashenko said trade grew.\n"
               "Lukashenko thanked him.\nAliaksandr Lukashenka left.")
    assert [(p.name, p.aliases) for p in doc.people] == [
        ("Aleksandr Lukashenko", ["Alexander Lukashenko", "Aliaksandr Lukashenka"])
    ]
    assert [s.text for s in doc.spans_of("PERSON")] == [
        "Aleksandr Lukashenko", "Alexander Lukashenko", "Aliaksandr Lukashenka", "Lukashenko"
    ]
    assert {s.value for s in doc.spans_of("PERSON")} == {"Aleksandr Lukashenko"}


def test_role_comes_from_a_later_mention(find):
    doc = find("Lev Kuznetsov arrived.\nKrasnoyarsk Krai Governor Lev Kuznetsov spoke.", {"Krasnoyarsk Krai": "RU-KYA"})
    assert facts(doc) == [("Lev Kuznetsov", "Krasnoyarsk Krai Governor", "RU-KYA")]


def test_shared_surname_is_not_guessed(find):
    doc = find("Viktor Ivanov and Valery Ivanov met.\nIvanov said it was useful.")
    assert [p.name for p in doc.people] == ["Viktor Ivanov", "Valery Ivanov"]
    assert [s.text for s in doc.spans_of("PERSON")] == ["Viktor Ivanov", "Valery Ivanov"]


def test_russian_surname_alone_in_oblique_case(find):
    doc = find("Губернатор Александр Гусев прибыл.\nПо словам Гусева, товарооборот вырос.", language="ru")
    assert [(s.text, s.value) for s in doc.spans_of("PERSON")] == [
        ("Александр Гусев", "Александр Гусев"), ("Гусева", "Александр Гусев")
    ]


def test_evidence_points_at_first_mention(find):
    text = "Trade grew.\nPresident of Belarus Alexander Lukashenko said so."
    doc = find(text)
    evidence = doc.people[0].evidence
    assert text[evidence.start : evidence.end] == "Alexander Lukashenko"
    assert evidence.sentence == "President of Belarus Alexander Lukashenko said so."


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("Как мы с Путиным договорились, эти области работают.", "ru", ["Владимир Путин"],
                     id="ru-instrumental"),
        pytest.param("Putin and the governor agreed.", "en", ["Vladimir Putin"], id="en"),
        pytest.param("Президент Владимир Путин заявил. Путин добавил.", "ru", ["Владимир Путин"],
                     id="named-in-full-once"),
        pytest.param("Губернатор Иван Петров заявил.", "ru", ["Иван Петров"], id="nobody-well-known"),
    ],
)
def test_well_known_people_named_by_surname_alone(find, text, language, expected):
    assert [p.name for p in find(text, language=language).people] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Губернатор Ярославской области обсудил это с послом Дмитрием Крутым.", "Дмитрий Крутой",
                     id="adjectival-surname"),
        pytest.param("Глава республики встретился с министром Юрием Чеботарем.", "Юрий Чеботарь", id="soft-stem"),
        pytest.param("Решение поддержали в ведомстве министра Юрия Чеботаря.", "Юрий Чеботарь",
                     id="soft-stem-genitive"),
    ],
)
def test_russian_surnames_back_in_the_nominative(find, text, expected):
    assert expected in [p.name for p in find(text, language="ru").people]


def test_a_given_name_and_patronymic_name_no_one_new(find):
    doc = find("Министр Наталья Петрова выступила. «Наталья Владимировна сегодня предложила многое», — отметил "
               "губернатор Руслан Борисович.", language="ru")
    assert [p.name for p in doc.people] == ["Наталья Петрова"]


def test_a_belarusian_surname_in_ich_is_a_surname(find):
    doc = find("Глава района Андрей Карпович открыл выставку.", language="ru")
    assert [p.name for p in doc.people] == ["Андрей Карпович"]
