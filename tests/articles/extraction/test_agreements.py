"""The agreements step on hand-built documents: one sentence per line, the region, money and sector
steps run before it as in the pipeline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from articles.extraction.agreements import find_agreements
from articles.extraction.document import AgreementFact, Evidence, MeetingFact
from articles.extraction.money import find_money
from articles.extraction.regions import find_regions
from articles.extraction.resources import load_resources
from articles.extraction.sectors import find_sectors

PUBLISHED = date(2016, 8, 10)


def outcomes(make_doc, text: str, language: str = "en", meeting: MeetingFact | None = None) -> list[AgreementFact]:
    doc = make_doc(text, language=language, published=PUBLISHED)
    doc.year = PUBLISHED.year
    doc.meetings = [meeting] if meeting else []
    return find_agreements(find_sectors(find_money(find_regions(doc)))).agreements


def kinds(make_doc, text: str, language: str = "en", **kwargs) -> list[tuple[str, list[str]]]:
    return [(a.kind, sorted(a.regions)) for a in outcomes(make_doc, text, language, **kwargs)]


def a_meeting(*regions: str) -> MeetingFact:
    return MeetingFact(PUBLISHED, "meeting", [], list(regions), Evidence("", 0, 0, "test"))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("Following the meeting the parties signed an agreement on cooperation between Vitebsk Oblast "
                     "and Bryansk Oblast.", "en", [("agreement", ["BY-VI", "RU-BRY"])], id="en-agreement"),
        pytest.param("The parties approved a plan of measures for development of cooperation with Kaluga Oblast "
                     "in 2016-2018.", "en", [("roadmap", ["RU-KLU"])], id="en-roadmap-with-its-term"),
        pytest.param("Иркутская область и Белоруссия подписали протокол о развитии взаимодействия.", "ru",
                     [("memorandum", ["RU-IRK"])], id="ru-protocol-is-a-memorandum"),
        pytest.param("Сегодня подписан план мероприятий по реализации соглашения между Смоленской и Витебской "
                     "областями.", "ru", [("roadmap", ["BY-VI", "RU-SMO"])], id="ru-roadmap-before-its-agreement"),
        pytest.param("Подписано соглашение о сотрудничестве между Омской и Могилевской областями.", "ru",
                     [("agreement", ["BY-MA", "RU-OMS"])], id="ru-agreement"),
        pytest.param("Партнёрские соглашения с Красноярским краем заключены на поставку карьерных самосвалов.", "ru",
                     [("contract", ["RU-KYA"])], id="ru-supply-agreements-are-contracts"),
        pytest.param("Governors of Vitebsk Oblast and Bryansk Oblast decided to set up a working group.", "en",
                     [("decision", ["BY-VI", "RU-BRY"])], id="en-decision"),
        pytest.param("Губернатор Ярославской области и посол договорились провести бизнес-миссию.", "ru",
                     [("decision", ["RU-YAR"])], id="ru-decision"),
        pytest.param("Губернатор Кемеровской области дал поручение открыть торговый дом Беларуси.", "ru",
                     [("decision", ["RU-KEM"])], id="ru-instruction"),
        pytest.param("The governor said that an agreement between Voronezh Oblast and Minsk was signed today.", "en",
                     [("agreement", ["BY-HM", "RU-VOR"])], id="en-said-that-an-agreement-is-no-repeat"),
        pytest.param("Иркутская область и Белоруссия подписали протокол, сообщает пресс-служба правительства "
                     "сибирского региона.", "ru", [("memorandum", ["RU-IRK"])], id="ru-a-federal-district-is-no-party"),
    ],
)
def test_an_outcome_reached_is_found_with_its_kind_and_regions(make_doc, text, language, expected):
    assert kinds(make_doc, text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("Belarus and Astrakhan Oblast plan to sign the corresponding agreements in autumn.", "en",
                     id="en-plan-to-sign"),
        pytest.param("The action plan with Smolensk Oblast will be signed by the governors.", "en", id="en-will-be"),
        pytest.param("It is planned that a roadmap with Kemerovo Oblast was signed.", "en", id="en-planned"),
        pytest.param("Планируется, что будет подписано соглашение с Калужской областью.", "ru", id="ru-planned"),
        pytest.param("Они подпишут соглашение с Калужской областью.", "ru", id="ru-future-verb"),
        pytest.param("On 7 September 2005, an agreement was signed between Belarus and Ulyanovsk Oblast.", "en",
                     id="en-earlier-year"),
        pytest.param("Back then Belarus and Voronezh Oblast signed an agreement.", "en", id="en-back-then"),
        pytest.param("Как мы договорились, Брянская область будет связана с Беларусью.", "ru", id="ru-as-agreed"),
        pytest.param("Эти соглашения с Новосибирской областью были подписаны во время визита.", "ru",
                     id="ru-refers-back"),
        pytest.param("“We have adopted a kind of roadmaps with Novosibirsk Oblast to foster ties.", "en",
                     id="en-quoted-document-with-no-tie"),
        pytest.param("In 2015 trade between Belarus and Omsk Oblast reached $300 million.", "en",
                     id="en-a-trade-figure-is-no-agreement"),
        pytest.param("Товарооборот с Омской областью в 2016 году составил 300 млн долларов.", "ru",
                     id="ru-a-trade-figure-is-no-agreement"),
        pytest.param("Kazakhstan and Belarus signed an agreement on economic cooperation.", "en",
                     id="another-country"),
        pytest.param("Governors of Vitebsk Oblast and Bryansk Oblast agreed to meet in Bryansk at the end of August.",
                     "en", id="en-agreed-to-meet-again"),
        pytest.param("Vitebsk Oblast and Bryansk Oblast agreed that we need to move closer together.", "en",
                     id="en-vague-decision"),
        pytest.param("Губернатор Кемеровской области дал поручение более плотно развивать сотрудничество.", "ru",
                     id="ru-vague-instruction"),
        pytest.param("42 agreements on cooperation have been concluded between Minsk Oblast and the regions of the "
                     "Russian Federation.", "en", id="en-a-stock-of-agreements"),
    ],
)
def test_plans_background_and_figures_are_no_outcomes(make_doc, text, language):
    assert outcomes(make_doc, text, language) == []


def test_the_same_outcome_named_twice_is_one(make_doc):
    text = ("Vitebsk Oblast and Bryansk Oblast signed an agreement on cooperation.\n"
            "The agreement was signed by the governors of Vitebsk Oblast and Bryansk Oblast.\n"
            "This agreement provides for joint fairs.")
    assert kinds(make_doc, text) == [("agreement", ["BY-VI", "RU-BRY"])]


def test_a_page_printed_twice_gives_one_decision(make_doc):
    text = "Vitebsk Oblast and Bryansk Oblast decided to set up a working group.\n" * 2
    assert len(outcomes(make_doc, text)) == 1


def test_a_second_document_signed_at_once_has_its_own_regions(make_doc):
    text = ("Подписаны соглашения между Витебским облисполкомом и Правительством Ульяновской области, а также "
            "План мероприятий с Правительством Саратовской области.")
    assert kinds(make_doc, text, "ru") == [("agreement", ["BY-VI", "RU-ULY"]), ("roadmap", ["RU-SAR"])]


def test_a_sentence_naming_no_region_takes_the_meetings(make_doc):
    found = outcomes(make_doc, "The parties signed a roadmap for 2019-2021.", meeting=a_meeting("RU-SVE"))
    assert [(a.kind, a.regions, a.date) for a in found] == [("roadmap", ["RU-SVE"], PUBLISHED)]


def test_the_venue_is_no_party(make_doc):
    text = "Today in Minsk an agreement was signed between Smolensk Oblast and Minsk Oblast."
    assert kinds(make_doc, text) == [("agreement", ["BY-MI", "RU-SMO"])]


def test_a_next_sentence_naming_the_signatory_adds_its_region(make_doc):
    text = ("Belarus and Khabarovsk Territory have approved the action plan for 2025-2027.\n"
            "The document was signed by Chairman of the Mogilev Oblast Executive Committee Anatoly Isachenko.")
    assert kinds(make_doc, text) == [("roadmap", ["BY-MA", "RU-KHA"])]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("The parties signed a roadmap to implement the agreement between Belarus and Sverdlovsk Oblast "
                     "on trade, economic, sci-tech and cultural cooperation.", "en", id="en"),
        pytest.param("Подписан план мероприятий по реализации соглашения с Саратовской областью о "
                     "торгово-экономическом, научно-техническом и социально-культурном сотрудничестве.", "ru", id="ru"),
    ],
)
def test_a_document_title_names_its_sectors_and_trade_gives_none(make_doc, text, language):
    assert [a.sectors for a in outcomes(make_doc, text, language)] == [["science", "culture"]]


def test_a_contract_keeps_its_sum_and_sectors(make_doc):
    found = outcomes(make_doc, "Gomel Oblast companies signed contracts for the supply of food products worth "
                               "$20 million.")
    assert [(a.kind, a.amount, a.currency, a.sectors) for a in found] == [
        ("contract", Decimal(20_000_000), "USD", ["food"])]
    assert found[0].evidence.rule == "agreements.signed.contract"


def test_agreements_table_has_both_languages():
    table = load_resources().table("agreements")
    assert table["about"] and isinstance(table["reach"], int)
    for name in ("signed", "commercial", "decided", "plans", "background", "tie", "demonstrative", "venue", "also",
                 "vague", "signatories"):
        assert set(table[name]) == {"en", "ru"}, name
    assert set(table["documents"]) == {"agreement", "memorandum", "roadmap", "contract"}
