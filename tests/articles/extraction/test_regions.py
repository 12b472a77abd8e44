"""regions.find_regions on hand-built documents with a small hand-built gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.extraction import regions
from articles.extraction.document import Config
from articles.extraction.resources import Resources, load_resources

GAZETTEER = {
    "about": "test gazetteer",
    "ambiguous": {"en": ["Altai"], "ru": ["алтай", "алтая", "алтаем"]},
    "regions": [
        {"code": "RU-NVS", "en": ["Novosibirsk Oblast", "Novosibirsk Region"], "en_short": ["Novosibirsk"],
         "ru": ["новосибирская область", "новосибирской области", "новосибирскую область"],
         "ru_short": ["новосибирск", "новосибирске", "новосибирска"]},
        {"code": "RU-MOS", "en": ["Moscow Oblast", "Moscow Region"], "en_short": [], "ru": ["московской области"]},
        {"code": "RU-MOW", "en": ["City of Moscow"], "en_short": ["Moscow"], "ru": [],
         "ru_short": ["москва", "москве"]},
        {"code": "RU-IVA", "en": ["Ivanovo Oblast"], "en_short": ["Ivanovo"], "ru": []},
        {"code": "BY-BR", "en": ["Brest Oblast"], "en_short": ["Brest"], "ru": []},
        {"code": "BY-HM", "en": ["City of Minsk"], "en_short": ["Minsk"], "ru": [],
         "ru_short": ["минск", "минске", "минском"]},
        {"code": "BY-MI", "en": ["Minsk Oblast", "Minsk Region"], "ru": ["минской области"]},
        {"code": "RU-FD-SIB", "en": ["Siberia", "Siberian Federal District"],
         "ru": ["сибирь", "сибири", "сибирского федерального округа", "сибирском федеральном округе"]},
        {"code": "RU-FD-FE", "en": ["Far East", "Far Eastern Federal District"], "ru": []},
        {"code": "RU-FD-URA", "en": ["the Urals", "Ural Federal District"], "ru": []},
        {"code": "RU-ALT", "en": ["Altai Krai", "Altai Territory"], "ru": ["алтайский край", "алтайском крае"]},
        {"code": "RU-AL", "en": ["Altai Republic", "Republic of Altai"],
         "ru": ["республика алтай", "республики алтай"]},
        {"code": "RU-ZAB", "en": ["Trans-Baikal Territory", "Zabaykalsky Krai"], "ru": []},
        {"code": "RU-BU", "en": ["Buryatia", "Republic of Buryatia"], "ru": ["бурятия", "республике бурятия"]},
        {"code": "RU-KYA", "en": ["Krasnoyarsk Krai", "Krasnoyarsk Territory"], "en_short": ["Krasnoyarsk"],
         "ru": ["красноярский край", "красноярского края", "красноярском крае"]},
        {"code": "RU-OMS", "en": ["Omsk Oblast", "Omsk Region"], "en_short": ["Omsk"],
         "ru": ["омская область", "омской области", "омской областью"], "ru_short": ["омск", "омске"]},
        {"code": "RU-KEM", "en": ["Kemerovo Oblast", "Kemerovo Region"],
         "ru": ["кемеровская область", "кемеровской области", "кемеровской областью"]},
        {"code": "BY-HO", "en": ["Gomel Oblast", "Gomel Region"], "en_short": ["Gomel"],
         "ru": ["гомельская область", "гомельской области", "гомельской областью"], "ru_short": ["гомель"]},
    ],
}


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources(tables={"regions": GAZETTEER, "region_rules": load_resources().table("region_rules")})


@pytest.fixture
def find(make_doc, resources):
    def run(text: str, language: str = "en") -> list[tuple[str, str]]:
        doc = make_doc(text, language=language)
        doc.config = Config(resources=resources)
        regions.find_regions(doc)
        return [(span.text, span.value) for span in doc.spans_of("REGION")]

    return run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Trade with Novosibirsk Oblast grew.", [("Novosibirsk Oblast", "RU-NVS")], id="full-oblast"),
        pytest.param("The Novosibirsk region is a partner.", [("Novosibirsk region", "RU-NVS")],
                     id="designator-any-case"),
        pytest.param("Delegates came from Novosibirsk.", [("Novosibirsk", "RU-NVS")], id="bare-city-stem"),
        pytest.param("Belarus-Novosibirsk Oblast cooperation", [("Novosibirsk Oblast", "RU-NVS")],
                     id="after-hyphen"),
        pytest.param("Companies of the Moscow Region and of Moscow took part.",
                     [("Moscow Region", "RU-MOS"), ("Moscow", "RU-MOW")], id="longest-match-wins"),
        pytest.param("He visited the Ivanovo District of Brest Oblast.", [("Brest Oblast", "BY-BR")],
                     id="stem-before-district-is-another-unit"),
        pytest.param("Farms of the Minsk raion export milk.", [], id="stem-before-raion"),
        pytest.param("The Minsk Tractor Works ships balers.", [], id="company-name"),
        pytest.param("Students of Novosibirsk State University came.", [("Novosibirsk", "RU-NVS")],
                     id="institution-still-names-the-place"),
        pytest.param("MINSK, 29 May (BelTA) - Talks were held.", [], id="capitals-dateline"),
        pytest.param("Minsk, 17 June (BelTA) - Talks were held in Minsk.", [("Minsk", "BY-HM")],
                     id="dateline-skipped-later-mention-kept"),
        pytest.param("novosibirsk and moscow in lower case", [], id="proper-noun-needs-capital"),
        pytest.param("Ties with Siberian regions grow.", [("Siberian", "RU-FD-SIB")], id="adjective-with-regions"),
        pytest.param("The Siberian Accord association met.", [], id="adjective-in-organisation-name"),
        pytest.param("The Siberian Office of the Academy works.", [], id="adjective-without-group-noun"),
        pytest.param("Regions of Siberia, the Urals and the Far East.",
                     [("Siberia", "RU-FD-SIB"), ("Urals", "RU-FD-URA"), ("Far East", "RU-FD-FE")],
                     id="federal-districts-as-groups"),
        pytest.param("the far east of the country", [], id="common-phrase-lower-case"),
        pytest.param("Exports to the Trans-Baikal Territory rose.", [("Trans-Baikal Territory", "RU-ZAB")],
                     id="hyphenated-name"),
        pytest.param("Guests from the Republic of Buryatia arrived.", [("Republic of Buryatia", "RU-BU")],
                     id="republic-of"),
    ],
)
def test_english_forms(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Altai Krai and Altai are partners.", ["RU-ALT", "RU-ALT"], id="altai-resolved-by-full-name"),
        pytest.param("Altai is a partner.", [], id="altai-alone-unresolved"),
        pytest.param("Altai Krai, the Altai Republic and Altai.", ["RU-ALT", "RU-AL"], id="altai-both-named"),
        pytest.param("Алтайский край и Алтай.", ["RU-ALT", "RU-ALT"], id="ru-altai-resolved"),
    ],
)
def test_ambiguous_names(find, text, expected):
    assert [code for _, code in find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Делегация Новосибирской области прибыла.", [("Новосибирской области", "RU-NVS")],
                     id="genitive-oblast"),
        pytest.param("Выставка прошла в Новосибирске.", [("Новосибирске", "RU-NVS")], id="prepositional-city"),
        pytest.param("Хозяйства в Минском районе.", [], id="city-stem-before-raion"),
        pytest.param("Визит в Республике Бурятия.", [("Республике Бурятия", "RU-BU")], id="republic"),
        pytest.param("Полпред в Сибирском федеральном округе.", [("Сибирском федеральном округе", "RU-FD-SIB")],
                     id="federal-district"),
        pytest.param("Сотрудничество с сибирскими регионами растёт.", [("сибирскими", "RU-FD-SIB")],
                     id="adjective-lower-case"),
        pytest.param("новосибирской области без заглавной", [], id="needs-one-capital"),
        pytest.param("В Минске и Москве.", [("Минске", "BY-HM"), ("Москве", "RU-MOW")], id="two-cities"),
    ],
)
def test_russian_forms(find, text, expected):
    assert find(text, language="ru") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Новосибирская и Омская области наращивают поставки.",
                     [("Новосибирская", "RU-NVS"), ("Омская", "RU-OMS")], id="ru-elliptic-plural-noun"),
        pytest.param("Договоры заключены с Кемеровской, Омской и Гомельской областями.",
                     [("Кемеровской", "RU-KEM"), ("Омской", "RU-OMS"), ("Гомельской", "BY-HO")],
                     id="ru-elliptic-instrumental-list"),
        pytest.param("Из областей лидирует Гомельская, за ней идет Омская.",
                     [("Гомельская", "BY-HO"), ("Омская", "RU-OMS")], id="ru-elliptic-noun-earlier"),
        pytest.param("С Кемеровской областью торговля выросла, с Омской – упала.",
                     [("Кемеровской областью", "RU-KEM"), ("Омской", "RU-OMS")], id="ru-elliptic-after-full"),
        pytest.param("Красноярский и Алтайский края закупают технику.",
                     [("Красноярский", "RU-KYA"), ("Алтайский", "RU-ALT")], id="ru-elliptic-krai"),
        pytest.param("Гомельская делегация прибыла в область.", [], id="ru-adjective-before-noun"),
        pytest.param("Омская и Кемеровская ТЭЦ работают.", [], id="ru-no-designator-in-sentence"),
        pytest.param("Председатель Гомельского облисполкома выступил.", [("Гомельского", "BY-HO")],
                     id="ru-oblast-committee-masculine"),
        pytest.param("Делегация Минского областного исполнительного комитета приехала.", [("Минского", "BY-MI")],
                     id="ru-oblast-council-adjective"),
        pytest.param("Решение Омского горисполкома.", [], id="ru-city-committee-is-not-oblast"),
    ],
)
def test_russian_shared_noun_and_committee(find, text, expected):
    assert find(text, language="ru") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Ties with the Kemerovo and Omsk regions grew.", [("Kemerovo", "RU-KEM"), ("Omsk", "RU-OMS")],
                     id="elliptic-stem-before-plural"),
        pytest.param("Kemerovo, Omsk and Gomel oblasts signed.",
                     [("Kemerovo", "RU-KEM"), ("Omsk", "RU-OMS"), ("Gomel", "BY-HO")], id="elliptic-list"),
        pytest.param("The Kemerovo coal is cheap.", [], id="stem-before-other-noun"),
        pytest.param("Chairman of the Minsk Regional Executive Committee spoke.", [("Minsk", "BY-MI")],
                     id="regional-executive-committee"),
        pytest.param("20.05.2023 | Minsk +18", [], id="weather-widget"),
        pytest.param("Minsk -3°C, cloudy", [], id="weather-widget-minus"),
    ],
)
def test_english_shared_noun_committee_widget(find, text, expected):
    assert find(text) == expected


def test_every_mention_is_a_span_with_offsets(find, make_doc, resources):
    text = "Belarus, Novosibirsk to cooperate\nNovosibirsk Oblast and the Novosibirsk Region signed."
    doc = make_doc(text)
    doc.config = Config(resources=resources)
    regions.find_regions(doc)
    spans = doc.spans_of("REGION")
    assert [s.value for s in spans] == ["RU-NVS"] * 3
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert {s.rule for s in spans} == {"region.short", "region.full"}


def test_match_does_not_cross_a_line_break(find):
    assert find("News from Novosibirsk\nOblast budgets are small.") == [("Novosibirsk", "RU-NVS")]


@given(st.text(alphabet="ab Я1_-.,\n\t\u00a0²", max_size=60), st.integers(min_value=0, max_value=60))
def test_token_before_reads_back_what_tokenising_forwards_finds(text, pos):
    pos = min(pos, len(text))
    forward = list(regions.TOKEN_RE.finditer(text, max(0, pos - 40), pos))
    expected = (forward[-1].start(), forward[-1].end(), forward[-1].group()) if forward else None
    found = regions.token_before(text, pos)
    assert (found and (found.start, found.end, found.text)) == expected
