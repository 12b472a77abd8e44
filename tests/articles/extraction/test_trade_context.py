"""Trade figures read with the sentences around them: inherited periods and partners, pronouns,
headlines, contracts, future tense and the Belarusian oblast. Hand-made sentences, one per line."""

import re
from datetime import date
from decimal import Decimal

import pytest

from articles.extraction.document import Span
from articles.extraction.money import find_money
from articles.extraction.trade import find_trade_figures

PUBLISHED = date(2021, 5, 14)
REGIONS = {
    "Omsk Oblast": "RU-OMS",
    "Tver Oblast": "RU-TVE",
    "Perm Krai": "RU-PER",
    "Volga Federal District": "RU-FD-VOL",
    "Mogilev Oblast": "BY-MA",
    "Vitebsk Oblast": "BY-VI",
    "Minsk": "BY-HM",
    "Омской областью": "RU-OMS",
    "Омской области": "RU-OMS",
    "Омскую область": "RU-OMS",
    "Тверской областью": "RU-TVE",
    "Тверская область": "RU-TVE",
    "Пермским краем": "RU-PER",
    "Пермский край": "RU-PER",
    "Приволжского федерального округа": "RU-FD-VOL",
    "Могилевской области": "BY-MA",
    "Витебской области": "BY-VI",
    "Минска": "BY-HM",
}
NAMES = re.compile("|".join(re.escape(n) for n in sorted(REGIONS, key=len, reverse=True)))


# The trade step reads figures only in an article that names Belarus: the sentences tested here stand in one.
ABOUT_BELARUS = "\nThe Belarusian side."


def figures(make_doc, text: str, published: date | None = PUBLISHED, body_start: int = 0, **kwargs):
    """Money and trade on `text` (one sentence a line), with REGION spans for the names above."""
    language = "ru" if re.search("[а-я]", text) else "en"
    doc = make_doc(text + ABOUT_BELARUS, published=published, language=language, **kwargs)
    doc.body_start = body_start
    for m in NAMES.finditer(text):
        doc.spans.append(Span("REGION", m.start(), m.end(), m.group(), REGIONS[m.group()], "test"))
    return find_trade_figures(find_money(doc)).trade_figures


def periods(found) -> list[tuple]:
    return [(f.amount, f.period_start, f.period_end) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("In 2019 trade with Omsk Oblast reached $90 million.\n"
                     "Belarus' exports to the region over the same period came to $60 million.",
                     [(Decimal(90_000_000), date(2019, 1, 1), date(2019, 12, 31)),
                      (Decimal(60_000_000), date(2019, 1, 1), date(2019, 12, 31))], id="same-period"),
        pytest.param("In January-March trade with Omsk Oblast was $40 million.\n"
                     "Imports from the region totalled $15 million.",
                     [(Decimal(40_000_000), date(2021, 1, 1), date(2021, 3, 31)),
                      (Decimal(15_000_000), date(2021, 1, 1), date(2021, 3, 31))], id="no-period-follows-figure"),
        pytest.param("Trade between Belarus and Russia set a record in 2020.\n"
                     "Trade with Omsk Oblast amounted to $70 million.",
                     [(Decimal(70_000_000), date(2020, 1, 1), date(2020, 12, 31))], id="period-of-sentence-before"),
        pytest.param("Last year trade with Omsk Oblast was $70 million.\n"
                     "In 2018 trade with Omsk Oblast was $50 million.",
                     [(Decimal(70_000_000), date(2020, 1, 1), date(2020, 12, 31)),
                      (Decimal(50_000_000), date(2018, 1, 1), date(2018, 12, 31))], id="own-period-wins"),
        pytest.param("В 2019 году товарооборот с Омской областью составил 90 млн долларов.\n"
                     "За тот же период экспорт в Омскую область достиг 60 млн долларов.",
                     [(Decimal(90_000_000), date(2019, 1, 1), date(2019, 12, 31)),
                      (Decimal(60_000_000), date(2019, 1, 1), date(2019, 12, 31))], id="ru-za-tot-zhe-period"),
        pytest.param("Торговля Беларуси с Россией в 2020 году обновила рекорд.\n"
                     "Товарооборот с Омской областью составил 70 млн долларов.",
                     [(Decimal(70_000_000), date(2020, 1, 1), date(2020, 12, 31))], id="ru-period-sentence-before"),
        pytest.param("По итогам девяти месяцев 2020 года товарооборот с Омской областью превысил 80 млн долларов.",
                     [(Decimal(80_000_000), date(2020, 1, 1), date(2020, 9, 30))], id="ru-po-itogam-months"),
        pytest.param("In the nine months of 2020 trade with Omsk Oblast was $80 million.",
                     [(Decimal(80_000_000), date(2020, 1, 1), date(2020, 9, 30))], id="in-the-nine-months"),
    ],
)
def test_period_from_what_came_before(make_doc, text, expected):
    assert periods(figures(make_doc, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("In the first half of 2017 trade with Omsk Oblast was $50 million.\n"
                     "In January-June exports to Omsk Oblast came to $30 million.", id="month-range"),
        pytest.param("В первом полугодии 2017 года товарооборот с Омской областью составил 50 млн долларов.\n"
                     "За январь – июнь экспорт в Омскую область составил 30 млн долларов.", id="ru-month-range"),
    ],
)
def test_undated_article_gives_a_year_less_period_the_year_just_spoken_of(make_doc, text):
    found = figures(make_doc, text, published=None)
    assert [(f.period_start, f.period_end) for f in found] == [(date(2017, 1, 1), date(2017, 6, 30))] * 2


def test_last_year_stays_unresolved_without_a_date(make_doc):
    found = figures(make_doc, "In 2017 trade with Omsk Oblast was $50 million.\n"
                              "Last year trade with Omsk Oblast was $40 million.", published=None)
    assert [f.period_start for f in found] == [date(2017, 1, 1), None]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        pytest.param("Trade with Omsk Oblast reached $90 million last year.\n"
                     "In the first quarter it grew to $30 million.", [90, 30], id="it-grew"),
        pytest.param("Trade with Omsk Oblast reached $90 million last year.\n"
                     "This figure rose to $95 million in 2021.", [90, 95], id="this-figure"),
        pytest.param("Товарооборот с Омской областью в прошлом году составил 90 млн долларов.\n"
                     "В первом квартале он вырос до 30 млн долларов.", [90, 30], id="ru-on-vyros"),
        pytest.param("Товарооборот с Омской областью в прошлом году составил 90 млн долларов.\n"
                     "На втором месте – Пермский край с показателем 40 млн долларов.", [90, 40], id="ru-pokazatel"),
        pytest.param("Trade with Omsk Oblast reached $90 million last year.\n"
                     "In the first quarter the company paid $3 million.", [90], id="no-pronoun"),
        pytest.param("Trade with Omsk Oblast reached $90 million last year.\n"
                     "Next year it will reach $100 million.", [90], id="pronoun-but-future"),
        pytest.param("Trade with Omsk Oblast reached $90 million last year.\n"
                     "The plant opened in March.\n"
                     "In May it borrowed $3 million.", [90], id="too-far"),
    ],
)
def test_pronoun_goes_on_about_the_figure_before(make_doc, text, amounts):
    assert [f.amount for f in figures(make_doc, text)] == [Decimal(a * 1_000_000) for a in amounts]


def test_pronoun_figure_takes_the_region_its_sentence_names(make_doc):
    found = figures(make_doc, "Товарооборот с Омской областью в 2020 году составил 90 млн долларов.\n"
                              "На втором месте – Пермский край с показателем 40 млн долларов.")
    assert [(f.region, f.flow, f.period_start) for f in found] == [
        ("RU-OMS", "turnover", date(2020, 1, 1)), ("RU-PER", "turnover", date(2020, 1, 1))]


def test_headline_figure_given_again_in_the_body_counts_once(make_doc):
    text = "Trade with Omsk Oblast almost $90 million\nIn 2020 trade with Omsk Oblast came to almost $90 million."
    found = figures(make_doc, text, body_start=text.index("\n") + 1)
    assert [(f.amount, f.period_start) for f in found] == [(Decimal(90_000_000), date(2020, 1, 1))]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        pytest.param("Governor of Tver Oblast met the Belarusian ambassador.\n"
                     "Trade grew by 10% to $70 million in 2020.", "RU-TVE", id="region-of-sentence-before"),
        pytest.param("Trade between Belarus and Russia keeps growing.\n"
                     "Our trade turnover exceeded $45 billion in 2020.", "RU", id="russia-in-sentence-before"),
        pytest.param("The trade of Mogilev Oblast with Russian regions was about $2 billion in 2020.", "RU",
                     id="with-russian-regions"),
        pytest.param("Товарооборот Могилевской области с российскими регионами составил 2 млрд долларов в 2020 году.",
                     "RU", id="ru-s-rossiyskimi-regionami"),
        pytest.param("Tver Oblast hosted the forum of the Volga Federal District.\n"
                     "In 2020 Belarus' trade with the regions of the district exceeded $2 billion.", "RU-FD-VOL",
                     id="regions-of-the-district"),
        pytest.param("Совещание прошло в столице Приволжского федерального округа.\n"
                     "В 2020 году товарооборот Беларуси с регионами округа превысил 2 млрд долларов.", "RU-FD-VOL",
                     id="ru-regionami-okruga"),
        pytest.param("Trade with Omsk Oblast was $90 million in 2020, and Perm Krai came second.\n"
                     "Exports to the region were $60 million.", "RU-OMS", id="partner-of-figure-before"),
        pytest.param("Governor of Tver Oblast met the Belarusian ambassador.\n"
                     "Belarus' trade with China reached $4 billion in 2020.", None, id="other-partner-not-inherited"),
    ],
)
def test_russian_side_from_what_came_before(make_doc, text, region):
    found = figures(make_doc, text)
    assert [f.region for f in found][-1:] == ([region] if region else [])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The city signed a contract for the supply of 50 Belarusian trolleybuses worth about $20 million.",
                     id="contract-for-the-supply"),
        pytest.param("Omsk Oblast placed an order for the delivery of 40 tractors for $5 million in 2020.",
                     id="order-for-the-delivery"),
        pytest.param("Мэрия подписала контракт на поставку 50 троллейбусов белорусского производства на сумму "
                     "около 1,9 млрд рублей.", id="ru-kontrakt-na-postavku"),
        pytest.param("Заключен договор на поставку 30 автобусов МАЗ в Омскую область, сделка на поставку "
                     "оценивается в 300 млн рублей.", id="ru-sdelka-na-postavku"),
        pytest.param("Губернатор уверен, что к концу года товарооборот с Омской областью достигнет 420 млн долларов.",
                     id="ru-dostignet"),
        pytest.param("По прогнозу, в 2022 году товарооборот с Омской областью составит 500 млн долларов.",
                     id="ru-sostavit"),
        pytest.param("Товарооборот с Омской областью в этом году превысит 100 млн долларов.", id="ru-prevysit"),
        pytest.param("Trade with Omsk Oblast is to reach $500 million in 2022.", id="is-to-reach"),
        pytest.param("В 2020 году товарооборот с Омской областью вырос на 20 млн долларов.", id="ru-vyros-na-delta"),
        pytest.param("In 2020 trade with Omsk Oblast grew by $20 million.", id="grew-by-delta"),
    ],
)
def test_not_a_trade_figure(make_doc, text):
    assert figures(make_doc, text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Belarus supplied 50 trolleybuses worth $20 million to Omsk Oblast in 2020.",
                     id="supplies-worth-are-exports"),
        pytest.param("В 2020 году белорусские предприятия поставили в Омскую область продукции на сумму 20 млн "
                     "долларов.", id="ru-postavili-na-summu"),
        pytest.param("В 2020 году минские компании поставили в Омскую область товаров на 20 млн долларов.",
                     id="ru-tovarov-na-is-no-delta"),
        pytest.param("Товарооборот с Омской областью достиг 300 млн долларов, доля Витебской области в этом объеме "
                     "в 2020 году – около 70 млн долларов.",
                     id="ru-v-etom-obeme"),
    ],
)
def test_still_a_trade_figure(make_doc, text):
    assert [f.amount for f in figures(make_doc, text)][-1:] in ([Decimal(20_000_000)], [Decimal(70_000_000)])


@pytest.mark.parametrize(
    ("text", "by_region"),
    [
        pytest.param("In 2020 the trade of Mogilev Oblast with Omsk Oblast was $90 million.", "BY-MA",
                     id="oblast-in-clause"),
        pytest.param("In 2020 trade between Omsk Oblast and Belarus was $900 million, "
                     "and Mogilev Oblast has a large share.", None, id="oblast-in-other-clause"),
        pytest.param("Mogilev Oblast is growing fast: in 2020 its exports to Omsk Oblast reached $20 million.",
                     "BY-MA", id="its-exports"),
        pytest.param("Mogilev Oblast hosted the talks.\n"
                     "In 2020 its turnover with Omsk Oblast reached $20 million.", "BY-MA", id="its-sentence-before"),
        pytest.param("In 2020 trade between the city of Minsk and Omsk Oblast was $90 million.", "BY-HM",
                     id="city-of-minsk"),
        pytest.param("In 2020 Minsk and Omsk Oblast traded goods worth $90 million.", None, id="minsk-alone"),
        pytest.param("В 2020 году товарооборот Минска с Омской областью составил порядка 600 млн долларов.", "BY-HM",
                     id="ru-tovarooborot-minska"),
        pytest.param("В 2020 году товарооборот города Минска с Омской областью составил 600 млн долларов.", "BY-HM",
                     id="ru-goroda-minska"),
        pytest.param("В 2020 году экспорт гомельских предприятий в Омскую область составил 187,4 млн долларов.",
                     "BY-HO", id="ru-gomelskih-predpriyatiy"),
        pytest.param("В 2020 году брестские компании поставили в Омскую область товаров на сумму 50 млн "
                     "долларов.",
                     "BY-BR", id="ru-brestskie-kompanii"),
        pytest.param("Доля Витебской области в товарообороте с Омской областью в 2020 году – около 70 млн долларов.",
                     "BY-VI", id="ru-dash-joined-clause"),
        pytest.param("В 2020 году товарооборот Омской области с Беларусью составил 1,1 млрд долларов, и "
                     "Могилевской области принадлежит заметная его часть.", None, id="ru-oblast-in-other-clause"),
    ],
)
def test_belarusian_oblast(make_doc, text, by_region):
    found = figures(make_doc, text)
    assert [f.by_region for f in found] == [by_region]
