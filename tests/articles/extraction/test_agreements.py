"""The agreements step on hand-built documents: one sentence per line, the region, money and sector
steps run before it as in the pipeline."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from articles.extraction.agreements import find_agreements
from articles.extraction.document import AgreementFact, Evidence, MeetingFact, Sentence
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
        pytest.param("Belarus and Kaluga Oblast approved a plan of measures for development of cooperation "
                     "in 2016-2018.", "en", [("roadmap", ["RU-KLU"])], id="en-roadmap-with-its-term"),
        pytest.param("Иркутская область и Белоруссия подписали протокол о развитии взаимодействия.", "ru",
                     [("memorandum", ["RU-IRK"])], id="ru-protocol-is-a-memorandum"),
        pytest.param("Сегодня подписан план мероприятий по реализации соглашения между Смоленской и Витебской "
                     "областями.", "ru", [("roadmap", ["BY-VI", "RU-SMO"])], id="ru-roadmap-before-its-agreement"),
        pytest.param("Подписано соглашение о сотрудничестве между Омской и Могилевской областями.", "ru",
                     [("agreement", ["BY-MA", "RU-OMS"])], id="ru-agreement"),
        pytest.param("Партнёрские соглашения с Красноярским краем заключены на поставку белорусских самосвалов.", "ru",
                     [("contract", ["RU-KYA"])], id="ru-supply-agreements-are-contracts"),
        pytest.param("Governors of Vitebsk Oblast and Bryansk Oblast decided to set up a working group.", "en",
                     [("decision", ["BY-VI", "RU-BRY"])], id="en-decision"),
        pytest.param("Губернатор Ярославской области и посол Беларуси договорились провести бизнес-миссию.", "ru",
                     [("decision", ["RU-YAR"])], id="ru-decision"),
        pytest.param("Губернатор Кемеровской области дал поручение открыть торговый дом Беларуси.", "ru",
                     [("decision", ["RU-KEM"])], id="ru-instruction"),
        pytest.param("The governor said that an agreement between Voronezh Oblast and Minsk was signed today.", "en",
                     [("agreement", ["BY-HM", "RU-VOR"])], id="en-said-that-an-agreement-is-no-repeat"),
        pytest.param("Иркутская область и Белоруссия подписали протокол, сообщает пресс-служба правительства "
                     "сибирского региона.", "ru", [("memorandum", ["RU-IRK"])], id="ru-a-federal-district-is-no-party"),
        # Sentence structure rather than known wording: sentences written for these tests, in both languages.
        pytest.param("Mogilev Oblast and Tula Oblast inked a cooperation programme for 2026-2028.", "en",
                     [("roadmap", ["BY-MA", "RU-TUL"])], id="en-inked-programme"),
        pytest.param("The visit of the Brest delegation ended with the signing of a protocol between Brest Oblast and "
                     "Irkutsk Oblast.", "en", [("memorandum", ["BY-BR", "RU-IRK"])], id="en-the-act-of-signing"),
        pytest.param("A memorandum of understanding signed by Grodno Oblast and Tomsk Oblast covers education.", "en",
                     [("memorandum", ["BY-HR", "RU-TOM"])], id="en-participle"),
        pytest.param("Было подписано соглашение о сотрудничестве между Гродненской и Пензенской областями.", "ru",
                     [("agreement", ["BY-HR", "RU-PNZ"])], id="ru-passive-with-было"),
        pytest.param("Подписанное сегодня соглашение между Гродненской и Пензенской областями расширит связи.", "ru",
                     [("agreement", ["BY-HR", "RU-PNZ"])], id="ru-participle-before-its-noun"),
        pytest.param("Итогом встречи стало подписание дорожной карты между Минской и Ленинградской областями.", "ru",
                     [("roadmap", ["BY-MI", "RU-LEN"])], id="ru-the-act-of-signing-in-the-genitive"),
        pytest.param("Витебский облисполком заключил с правительством Псковской области договор о сотрудничестве.",
                     "ru", [("agreement", ["BY-VI", "RU-PSK"])], id="ru-договор-is-an-agreement"),
        pytest.param("Делегации Брестской и Псковской областей скрепили подписями меморандумом не ограничились: "
                     "утверждён план мероприятий на 2026 год.", "ru", [("roadmap", ["BY-BR", "RU-PSK"])],
                     id="ru-approved-plan-of-measures"),
        pytest.param("Minsk Oblast enterprises concluded contracts worth $15 million with Omsk Oblast.", "en",
                     [("contract", ["BY-MI", "RU-OMS"])], id="en-contracts-with-a-sum"),
        pytest.param("Over 80 agreements were signed at the Forum of Regions of Belarus and Russia.", "en",
                     [("agreement", [])], id="en-a-forums-total-has-no-region"),
        pytest.param("Лукашенко поручил правительству Беларуси организовать поставки техники в Курскую область.", "ru",
                     [("decision", ["RU-KRS"])], id="ru-instruction-to-do-something"),
        pytest.param("Gomel Oblast and Bryansk Oblast agreed to open a joint trading house in Bryansk.", "en",
                     [("decision", ["BY-HO", "RU-BRY"])], id="en-agreed-to-open"),
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
        # Sentence structure rather than known wording: sentences written for these tests, in both languages.
        pytest.param("Belarus and Tula Oblast are expected to sign a roadmap.", "en", id="en-expected-to-sign"),
        pytest.param("A roadmap between Vitebsk Oblast and Pskov Oblast is to be signed in June.", "en",
                     id="en-is-to-be-signed"),
        pytest.param("The signing of a protocol between Brest Oblast and Irkutsk Oblast is scheduled for May.", "en",
                     id="en-the-signing-is-scheduled"),
        pytest.param("Подписание соглашения с Курской областью и Гомельской областью запланировано на осень.", "ru",
                     id="ru-the-signing-is-planned"),
        pytest.param("Ожидается подписание дорожной карты между Витебской и Псковской областями.", "ru",
                     id="ru-the-signing-is-expected"),
        pytest.param("Гомельская область готова подписать соглашение с Брянской областью.", "ru",
                     id="ru-ready-to-sign"),
        pytest.param("Минская область планирует заключить контракты с Ленинградской областью.", "ru",
                     id="ru-plans-to-conclude"),
        pytest.param("Соглашение Могилевской области с Калужской областью так и не было подписано.", "ru",
                     id="ru-not-signed"),
        pytest.param("Председатель облисполкома одобрил проект соглашения Гомельской области с Курской областью.",
                     "ru", id="ru-a-draft"),
        pytest.param("Гродненский облисполком подписал меморандум с Самаркандской областью Узбекистана.", "ru",
                     id="ru-another-country"),
        pytest.param("Brest Oblast signed a cooperation agreement with a province of China.", "en",
                     id="en-another-country"),
        pytest.param("Минская область подписала соглашения с 38 субъектами России.", "ru", id="ru-a-stock-of-partners"),
        pytest.param("Vitebsk Oblast has been cooperating with Smolensk Oblast since the agreement was signed.", "en",
                     id="en-since"),
        pytest.param("Витебская и Псковская области договорились развивать сотрудничество.", "ru", id="ru-vague"),
        pytest.param("В прошлом году Гомельская область заключила контракты с Брянской областью на $5 млн.", "ru",
                     id="ru-last-year"),
        pytest.param("Last year Gomel Oblast signed contracts with Bryansk Oblast.", "en", id="en-last-year"),
        pytest.param("В Москве достигнута договоренность о визите делегации Гомельской области в Брянскую область.",
                     "ru", id="ru-an-arrangement-to-visit"),
    ],
)
def test_plans_history_other_countries_figures_and_vague_words_are_no_outcomes(make_doc, text, language):
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
        pytest.param("Подписан план мероприятий по реализации соглашения Беларуси с Саратовской областью о "
                     "торгово-экономическом, научно-техническом и социально-культурном сотрудничестве.", "ru", id="ru"),
    ],
)
def test_a_document_title_names_its_sectors_and_trade_gives_none(make_doc, text, language):
    assert [a.sectors for a in outcomes(make_doc, text, language)] == [["science", "culture"]]


def test_a_contract_keeps_its_sum_and_sectors(make_doc):
    found = outcomes(make_doc, "Gomel Oblast companies signed contracts with Bryansk Oblast for the supply of food "
                               "products worth $20 million.")
    assert [(a.kind, a.amount, a.currency, a.sectors) for a in found] == [
        ("contract", Decimal(20_000_000), "USD", ["food"])]
    assert found[0].evidence.rule == "agreements.signed.contract"


def test_agreements_table_has_both_languages():
    table = load_resources().table("agreements")
    assert table["about"] and isinstance(table["reach"], int)
    for name in ("signed", "nominal", "headline_signed", "commercial", "draft", "decided", "instructions", "anaphoric",
                 "concrete", "vague", "plans", "plans_nominal", "background", "tie", "totals", "demonstrative", "venue",
                 "also", "signatories"):
        assert set(table[name]) == {"en", "ru"}, name
    assert set(table["documents"]) == {"ignore", "agreement", "memorandum", "roadmap", "contract", "generic"}
    for kind, entry in table["documents"].items():
        assert set(entry) == {"en", "ru"}, kind


def test_a_paragraph_about_an_earlier_visit_recalls_its_contracts(make_doc):
    text = ("В конце 2015 года делегация Тульской области посетила Гомельскую область. По итогам визита заключен ряд "
            "контрактов.")
    doc = make_doc(text, language="ru", published=PUBLISHED, sentences=False)
    first = text.index("По итогам")
    doc.sentences = [Sentence(0, first - 1, text[: first - 1]), Sentence(first, len(text), text[first:])]
    doc.year = PUBLISHED.year
    assert find_agreements(find_sectors(find_money(find_regions(doc)))).agreements == []


def test_other_stories_headlines_listed_in_the_body_are_no_outcomes(make_doc):
    text = ("Vitebsk Oblast and Pskov Oblast discussed trade.\n"
            "Belarus, Russia's Tula Oblast sign action plan to promote cooperation\n"
            "Gomel Oblast, Bryansk Oblast sign protocol on youth policy\n"
            "Subscribe to our channel.")
    assert outcomes(make_doc, text) == []


def test_a_second_document_without_regions_takes_the_firsts(make_doc):
    text = "Было подписано соглашение между Брестской и Псковской областями, а также меморандум о туризме."
    assert kinds(make_doc, text, "ru") == [("agreement", ["BY-BR", "RU-PSK"]), ("memorandum", ["BY-BR", "RU-PSK"])]


def test_a_decision_pointing_back_reads_the_sentence_before_and_counts_once(make_doc):
    text = ("Vitebsk Oblast and Pskov Oblast will open a joint trading house.\n"
            "The agreement was reached during talks of the governors.\n"
            "“We decided to open a joint trading house,” the governor said.")
    assert kinds(make_doc, text) == [("decision", ["BY-VI", "RU-PSK"])]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("Tula Oblast and Mogilev Oblast sign cooperation agreement", [("agreement", ["BY-MA", "RU-TUL"])],
                     id="a-headline-the-body-does-not-repeat"),
        pytest.param("Belarus to sign cooperation agreements with three Russian regions", [], id="a-headline-plan"),
    ],
)
def test_the_headline_counts_where_the_body_names_no_outcome(make_doc, title, expected):
    text = f"{title}\nThe governors of Tula Oblast and Mogilev Oblast met in Mogilev on Monday."
    doc = make_doc(text, published=PUBLISHED)
    doc.year, doc.title, doc.body_start = PUBLISHED.year, title, len(title) + 1
    found = find_agreements(find_sectors(find_money(find_regions(doc)))).agreements
    assert [(a.kind, sorted(a.regions)) for a in found] == expected


def test_a_document_named_again_with_a_participle_is_a_repeat(make_doc):
    text = ("Подписано соглашение о сотрудничестве между Могилевской и Кемеровской областями.\n"
            "Перспективы подписанного в Могилеве соглашения губернатор Кемеровской области обсудит в Минске.")
    assert kinds(make_doc, text, "ru") == [("agreement", ["BY-MA", "RU-KEM"])]


def test_a_plant_is_no_plan(make_doc):
    text = "An agreement between the Grodno Institute of Plant Industry and a Tomsk Oblast institute was signed."
    assert kinds(make_doc, text) == [("agreement", ["BY-HR", "RU-TOM"])]


def test_a_paragraph_that_opens_a_recalled_story_is_background(make_doc):
    text = ("The St. Petersburg governor met the Belarusian ambassador in Minsk.\n"
            "As SOYUZ has already reported, the Belarusian Food Forum was held in St. Petersburg. "
            "Contracts were signed for the supply of Belarusian food products worth 14.6 billion Russian rubles.")
    assert kinds(make_doc, text) == []


def test_the_act_after_a_habitual_frame_is_no_outcome(make_doc):
    text = ("Gomel Oblast chairman Ivan Krupko met the governor of Bryansk Oblast. "
            "He assured that all negotiations end with the signing of memorandums.")
    assert kinds(make_doc, text) == []


def test_an_oblast_body_without_its_oblast_is_the_articles_oblast(make_doc):
    text = ("Дни Гродненской области открылись в Москве. Гродненская область представила свои предприятия.\n"
            "Облисполком подписал соглашение о сотрудничестве с министерством спорта Смоленской области.")
    assert kinds(make_doc, text, "ru") == [("agreement", ["BY-HR", "RU-SMO"])]
