import re
from datetime import date
from decimal import Decimal

import pytest

from articles.extraction.document import Sentence, Span
from articles.extraction.money import find_money
from articles.extraction.resources import load_resources
from articles.extraction.trade import find_trade_figures

PUBLISHED = date(2012, 5, 29)
REGIONS = {
    "Novosibirsk Oblast": "RU-NVS",
    "Krasnoyarsk Krai": "RU-KYA",
    "Siberian regions": "RU-FD-SIB",
    "Siberia": "RU-FD-SIB",
    "Bryansk Oblast": "RU-BRY",
    "Gomel Oblast": "BY-HO",
    "Omsk Oblast": "RU-OMS",
    "Tomsk Oblast": "RU-TOM",
    "Kemerovo Oblast": "RU-KEM",
    "Омской областью": "RU-OMS",
    "Омской области": "RU-OMS",
    "Омскую область": "RU-OMS",
    "Minsk": "BY-HM",
}


# The trade step reads figures only in an article that names Belarus: the sentences tested here stand in one.
ABOUT_BELARUS = "\nThe Belarusian side."


def figures(make_doc, text: str, published: date | None = PUBLISHED, language: str = "en", about_belarus=True,
            **config):
    """Run money and trade on `text` (one sentence per line) with REGION spans for known names."""
    doc = make_doc(text + ABOUT_BELARUS if about_belarus else text, published=published, language=language,
                   **config)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(REGIONS, key=len, reverse=True)))
    for m in pattern.finditer(text):
        doc.spans.append(Span("REGION", m.start(), m.end(), m.group(), REGIONS[m.group()], "test"))
    return find_trade_figures(find_money(doc)).trade_figures


def only(make_doc, text: str, **kwargs):
    found = figures(make_doc, text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_reads_a_whole_figure(make_doc):
    fact = only(make_doc, "In 2011 trade between Belarus and Novosibirsk Oblast grew 1.5-fold to over $300 million.")
    assert (fact.region, fact.by_region, fact.amount, fact.currency) == ("RU-NVS", None, Decimal(300_000_000), "USD")
    assert (fact.period_start, fact.period_end) == (date(2011, 1, 1), date(2011, 12, 31))
    assert (fact.flow, fact.qualifier, fact.change) == ("turnover", "over", {"factor": 1.5, "versus": None})
    assert fact.evidence.sentence.startswith("In 2011 trade")
    assert fact.evidence.rule == "trade.turnover"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        pytest.param("Trade with Omsk Oblast neared $1.5 billion in 2012.", "under", id="neared"),
        pytest.param("Mutual trade with Omsk Oblast reached nearly $132 million in 2011.", "under", id="nearly"),
        pytest.param("Trade with Omsk Oblast was almost $90 million in 2011.", "under", id="almost"),
        pytest.param("Trade with Omsk Oblast came close to $90 million in 2011.", "under", id="close-to"),
        pytest.param("In 2011 trade with Omsk Oblast rose 1.7 times over 2010 to exceed $200 million.", "over",
                     id="to-exceed"),
        pytest.param("Trade with Omsk Oblast topped $200 million in 2011.", "over", id="topped"),
        pytest.param("Trade with Omsk Oblast amounted to more than $200 million in 2011.", "over", id="more-than"),
        pytest.param("Trade with Omsk Oblast stood at about $80 million in 2011.", "about", id="about"),
        pytest.param("Trade with Omsk Oblast was estimated at $80 million in 2011.", "about", id="estimated-at"),
        pytest.param("Trade with Omsk Oblast totalled $80 million in 2011.", "exact", id="exact"),
        pytest.param("Trade with Omsk Oblast more than doubled to $80 million in 2011.", "exact",
                     id="more-than-governs-the-verb"),
        pytest.param("Товарооборот с Омской областью в 2011 году составил почти 90 млн долларов.", "under",
                     id="ru-pochti"),
        pytest.param("Товарооборот с Омской областью в 2011 году превысил 90 млн долларов.", "over", id="ru-prevysil"),
        pytest.param("Товарооборот с Омской областью в 2011 году составил порядка 90 млн долларов.", "about",
                     id="ru-poryadka"),
        pytest.param("Товарооборот с Омской областью в 2011 году практически дошел до исторической отметки в "
                     "90 млн долларов.", "under", id="ru-practically-reached-the-historic-mark"),
        pytest.param("Trade with Omsk Oblast in 2011 neared the record level of $80 million.", "under",
                     id="neared-the-record-level"),
    ],
)
def test_qualifier(make_doc, text, qualifier):
    assert only(make_doc, text).qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        pytest.param("Last year trade with Omsk Oblast exceeded $200 million.", PUBLISHED,
                     date(2011, 1, 1), date(2011, 12, 31), id="last-year"),
        pytest.param("In the past year trade with Omsk Oblast exceeded $200 million.", PUBLISHED,
                     date(2011, 1, 1), date(2011, 12, 31), id="past-year"),
        pytest.param("This year trade with Omsk Oblast has reached $90 million.", PUBLISHED,
                     date(2012, 1, 1), PUBLISHED, id="this-year-to-date"),
        pytest.param("Since the start of the year trade with Omsk Oblast has reached $90 million.", PUBLISHED,
                     date(2012, 1, 1), PUBLISHED, id="since-start-of-year"),
        pytest.param("In January-August 2022 trade with Omsk Oblast reached $90 million.", PUBLISHED,
                     date(2022, 1, 1), date(2022, 8, 31), id="month-range"),
        pytest.param("In January-March trade with Omsk Oblast reached $90 million.", PUBLISHED,
                     date(2012, 1, 1), date(2012, 3, 31), id="month-range-of-published-year"),
        pytest.param("In the first half of 2023 trade with Omsk Oblast reached $90 million.", PUBLISHED,
                     date(2023, 1, 1), date(2023, 6, 30), id="first-half"),
        pytest.param("In Q1 2024 trade with Omsk Oblast reached $90 million.", PUBLISHED,
                     date(2024, 1, 1), date(2024, 3, 31), id="q1"),
        pytest.param("In the first eight months of 2021 trade with Omsk Oblast reached $90 million.", PUBLISHED,
                     date(2021, 1, 1), date(2021, 8, 31), id="first-eight-months"),
        pytest.param("Trade with Omsk Oblast reached $90 million in 2011, up 30% on 2010.", PUBLISHED,
                     date(2011, 1, 1), date(2011, 12, 31), id="comparison-year-is-not-the-period"),
        pytest.param("Last year trade with Omsk Oblast exceeded $200 million.", None, None, None,
                     id="relative-without-published"),
        pytest.param("В январе-сентябре 2023 года товарооборот с Омской областью составил 150 млн долларов.",
                     PUBLISHED, date(2023, 1, 1), date(2023, 9, 30), id="ru-month-range"),
        pytest.param("В прошлом году товарооборот с Омской областью составил 150 млн долларов.", PUBLISHED,
                     date(2011, 1, 1), date(2011, 12, 31), id="ru-last-year"),
        pytest.param("В первом полугодии 2023 года товарооборот с Омской областью составил 150 млн долларов.",
                     PUBLISHED, date(2023, 1, 1), date(2023, 6, 30), id="ru-first-half"),
        pytest.param("В 2011 году товарооборот с Омской областью составил 150 млн долларов, что выше показателя 2010 "
                     "года.", PUBLISHED, date(2011, 1, 1), date(2011, 12, 31), id="ru-above-the-figure-of-a-year"),
        pytest.param("По сравнению с 2010 годом экспорт в Омскую область увеличился до 150 млн долларов.", None,
                     date(2011, 1, 1), date(2011, 12, 31), id="ru-only-a-base-year-means-the-year-after"),
    ],
)
def test_period(make_doc, text, published, start, end):
    fact = only(make_doc, text, published=published)
    assert (fact.period_start, fact.period_end) == (start, end)


def test_relative_period_falls_back_to_reference_date(make_doc):
    fact = only(make_doc, "Last year trade with Omsk Oblast exceeded $200 million.", published=None,
                reference_date=date(2020, 3, 1))
    assert fact.period_start == date(2019, 1, 1)


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        pytest.param("In 2011 Belarus' exports to Omsk Oblast totalled $150 million.", "export",
                     id="belarus-exports-to"),
        pytest.param("In 2011 Omsk Oblast's exports to Belarus totalled $150 million.", "import",
                     id="region-exports-to"),
        pytest.param("In 2011 Belarus imported goods worth $20 million from Kemerovo Oblast.", "import",
                     id="imports-from"),
        pytest.param("In 2011 Belarusian supplies to Tomsk Oblast reached $40 million.", "export", id="supplies-to"),
        pytest.param("In 2011 imports from Omsk Oblast amounted to $50 million.", "import", id="imports-alone"),
        pytest.param("In 2011 the trade turnover with Omsk Oblast reached $50 million.", "turnover", id="turnover"),
        pytest.param("В 2011 году экспорт белорусских товаров в Омскую область составил 90 млн долларов.", "export",
                     id="ru-export"),
    ],
)
def test_flow(make_doc, text, flow):
    assert only(make_doc, text).flow == flow


def test_exports_and_imports_in_one_sentence(make_doc):
    found = figures(make_doc, "In 2023 Belarus' exports to Omsk Oblast were $150 million, while imports from the "
                              "region were $50 million.")
    assert [(f.amount, f.flow) for f in found] == [(Decimal(150_000_000), "export"), (Decimal(50_000_000), "import")]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        pytest.param("In 2011 trade with Omsk Oblast increased 1.7 times over 2010 to exceed $200 million.",
                     {"factor": 1.7, "versus": "2010"}, id="times-over-year"),
        pytest.param("In 2011 trade with Omsk Oblast was up 30% year-on-year at $95 million.",
                     {"factor": 1.3, "versus": "year-on-year"}, id="up-percent"),
        pytest.param("In 2011 trade with Omsk Oblast grew by 30% to $95 million.", {"factor": 1.3, "versus": None},
                     id="grew-by"),
        pytest.param("In 2011 trade with Omsk Oblast fell by 20% to $80 million.", {"factor": 0.8, "versus": None},
                     id="fell-by"),
        pytest.param("In 2011 trade with Omsk Oblast reached $80 million, 5.2% above the 2010 level.",
                     {"factor": 1.052, "versus": "2010"}, id="percent-above"),
        pytest.param("In 2011 trade with Omsk Oblast doubled to $80 million.", {"factor": 2.0, "versus": None},
                     id="doubled"),
        pytest.param("В 2011 году товарооборот с Омской областью составил 150 млн долларов, или 130,5% к уровню "
                     "2010 года.", {"factor": 1.305, "versus": "2010"}, id="ru-percent-of-level"),
        pytest.param("In 2011 trade with Omsk Oblast reached $80 million.", None, id="none"),
        pytest.param("In 2011 trade with Omsk Oblast, 30% of which is machinery, reached $80 million.", None,
                     id="share-is-no-change"),
    ],
)
def test_change(make_doc, text, change):
    assert only(make_doc, text).change == change


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("We have set the cost of one square metre of housing in Omsk Oblast (RUB32,000).", id="price"),
        pytest.param("A square metre of housing in Omsk Oblast sells for RUB32,000 per square metre.", id="per-unit"),
        pytest.param("The sides plan to bring trade with Omsk Oblast to $1 billion by 2025.", id="plan"),
        pytest.param("We should strive for a billion dollars in trade with Omsk Oblast.", id="should-strive"),
        pytest.param("Trade with Omsk Oblast could reach $500 million.", id="could-reach"),
        pytest.param("Trade with Omsk Oblast is expected to exceed $500 million this year.", id="expected"),
        pytest.param("Investment from Omsk Oblast reached $200 million in 2011.", id="investment"),
        pytest.param("Contracts worth $50 million were signed to supply buses to Omsk Oblast.", id="contracts"),
        pytest.param("The project in Omsk Oblast will cost $50 million.", id="project-cost"),
        pytest.param("Trade with Omsk Oblast grew by $50 million last year.", id="a-change-not-a-level"),
        pytest.param("In 2011 Belarus' trade with China reached $3 billion.", id="other-country"),
        pytest.param("В 2014 году товарооборот Омской области с Аргентиной составил 7,7 млн долларов.",
                     id="any-country-by-name"),
        pytest.param("We are obliged to ramp up trade with Omsk Oblast so that it exceeds $320 million.",
                     id="obliged-so-that"),
        pytest.param("Omsk Oblast allocated $5 million from its budget for the programme.", id="budget"),
        pytest.param("Товарооборот с Омской областью планируется довести до 500 млн долларов.", id="ru-plan"),
        pytest.param("Russian Ambassador: Belarus-Omsk Oblast trade to total $1.5bn in 2010", id="to-total"),
        pytest.param("Если будем работать системно, то достигнем товарооборота с Омской областью в 500 млн долларов.",
                     id="ru-first-person-future"),
        pytest.param("Trade with Omsk Oblast reached $400 million, an increase of $80 million.", id="increment"),
        pytest.param("Прирост товарооборота с Омской областью составил 80 млн долларов.", id="ru-increment"),
    ],
)
def test_amounts_that_are_not_trade_figures(make_doc, text):
    assert figures(make_doc, text) == []


@pytest.mark.parametrize(
    ("text", "region", "by_region"),
    [
        pytest.param("In 2022 trade between Gomel Oblast and Bryansk Oblast reached $450 million.", "RU-BRY", "BY-HO",
                     id="oblast-and-region"),
        pytest.param("In 2012 the aggregate trade of Belarus with Siberian regions neared $1.5 billion.", "RU-FD-SIB",
                     None, id="federal-district"),
        pytest.param("Omsk Oblast is a partner.\nIn 2011 bilateral trade reached $90 million.", "RU-OMS", None,
                     id="main-region-of-the-article"),
        pytest.param("Omsk Oblast is a partner.\nIn 2011 Belarus' trade with Russia reached $30 billion.", "RU", None,
                     id="russia-as-a-whole"),
        pytest.param("In 2011 Gomel Oblast's trade with Russia reached $3 billion.", "RU", "BY-HO",
                     id="oblast-with-russia"),
        pytest.param("Minsk and Omsk Oblast traded goods worth $90 million in 2011.", "RU-OMS", None,
                     id="minsk-alone-is-belarus"),
    ],
)
def test_sides(make_doc, text, region, by_region):
    fact = only(make_doc, text)
    assert (fact.region, fact.by_region) == (region, by_region)


def test_repeated_figure_without_period_is_dropped(make_doc):
    text = (
        "In 2012 the trade of Belarus with Siberia neared $1.5 billion.\n"
        "The potential of Siberia is huge, and the $1.5 billion in trade is just the beginning."
    )
    found = figures(make_doc, text)
    assert [(f.amount, f.period_start) for f in found] == [(Decimal(1_500_000_000), date(2012, 1, 1))]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Trade with Omsk Oblast is worth $1.5 billion.\nTrade with Omsk Oblast is big.", id="en"),
        pytest.param("Today's trade turnover with Omsk Oblast is 1m dollars.", id="en-today"),
        pytest.param("Товарооборот с Омской областью составляет 150 млн долларов.", id="ru"),
    ],
)
def test_a_figure_for_no_period_is_no_trade_figure(make_doc, text):
    """The contract: realised trade for a stated period. 'Last year' in an undated text is a period, kept."""
    assert figures(make_doc, text) == []


def test_trade_table_has_both_languages():
    table = load_resources().table("trade")
    assert table["about"]
    for kind in ("turnover", "export", "import", "not_flows"):
        assert set(table["flows"][kind]) == {"en", "ru"}, kind
    for kind in ("value", "target"):
        assert set(table["not_trade"][kind]) == {"en", "ru"}, kind


@pytest.mark.parametrize(
    ("text", "region"),
    [
        pytest.param("The presidents of Belarus and Russia met in Novosibirsk Oblast.\n"
                     "They spoke of the Union State.\nThey spoke of energy and of gas.\nThey spoke of the budget.\n"
                     "Our trade grew by a third in 2021 to reach $38.5 billion, Putin said.", "RU",
                     id="a-region-named-once-is-a-venue"),
        pytest.param("The governor of Novosibirsk Oblast came to Minsk.\nNovosibirsk Oblast is a partner of Belarus.\n"
                     "Trade grew by a third in 2021 to reach $380 million.", "RU-NVS",
                     id="the-region-the-article-is-about"),
    ],
)
def test_a_figure_naming_no_side_is_the_articles_subject(make_doc, text, region):
    assert only(make_doc, text).region == region


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        pytest.param("Trade with Omsk Oblast during 2017-2018 amounted to about $600 million.",
                     date(2017, 1, 1), date(2018, 12, 31), id="en-two-years"),
        pytest.param("За 2017–2018 годы товарооборот с Омской областью составил около 600 млн долларов.",
                     date(2017, 1, 1), date(2018, 12, 31), id="ru-two-years"),
    ],
)
def test_a_period_of_several_years(make_doc, text, start, end):
    fact = only(make_doc, text, language="ru" if "Омской" in text else "en")
    assert (fact.period_start, fact.period_end) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Trade with Omsk Oblast grew by almost $300 million in 2019.", id="en-increment-qualified"),
        pytest.param("Товарооборот с Омской областью в 2019 году вырос почти на 300 млн долларов.", id="ru-increment"),
        pytest.param("Товарооборот Омской области с КНР в 2019 году составил 900 млн долларов.",
                     id="ru-the-regions-trade-with-china"),
    ],
)
def test_no_trade_figure_of_belarus(make_doc, text):
    assert figures(make_doc, text, language="ru" if "Омск" in text and "Omsk" not in text else "en") == []


def test_an_article_about_another_country_gives_no_russian_figure(make_doc):
    text = ("Belarus and China are strategic partners, China's ambassador said.\n"
            "Russia is also a partner.\nChina buys potash and China sells cars.\n"
            "In 2025 trade in goods amounted to $8.9 billion.")
    assert figures(make_doc, text) == []


def test_an_article_about_russia_gives_a_russian_figure(make_doc):
    text = "Belarus and Russia are allies.\nRussia buys tractors.\nIn 2025 trade in goods amounted to $50 billion."
    assert only(make_doc, text).region == "RU"


# --- phrasings news varies: each rule below is tested with made-up sentences in both languages -------


def summary(facts) -> list[tuple]:
    return [(f.region, f.period_start, f.period_end, f.amount, f.flow, f.qualifier) for f in facts]


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        pytest.param("In 2020, trade with Omsk Oblast amounted to about $275,000, in January-November 2021 - $47,500.",
                     [(date(2020, 1, 1), date(2020, 12, 31)), (date(2021, 1, 1), date(2021, 11, 30))], id="en"),
        pytest.param("В 2019 году товарооборот с Омской областью составил 300 млн долларов, в январе–мае 2020 года – "
                     "120 млн долларов.",
                     [(date(2019, 1, 1), date(2019, 12, 31)), (date(2020, 1, 1), date(2020, 5, 31))], id="ru"),
        pytest.param("Trade with Omsk Oblast was $300 million in 2010 and $400 million in 2011.",
                     [(date(2010, 1, 1), date(2010, 12, 31)), (date(2011, 1, 1), date(2011, 12, 31))],
                     id="period-after-each-amount"),
    ],
)
def test_a_period_after_a_comma_heads_the_next_amount(make_doc, text, periods):
    assert [(f.period_start, f.period_end) for f in figures(make_doc, text)] == periods


@pytest.mark.parametrize(
    ("text", "year"),
    [
        pytest.param("By 2011, a new record was set, with trade with Omsk Oblast reaching almost $85 million.", 2011,
                     id="en-by"),
        pytest.param("К 2011 году товарооборот с Омской областью достиг 85 млн долларов.", 2011, id="ru-k"),
        pytest.param("Trade with Omsk Oblast reached $85 million in 2011, up 30% by 2010.", 2011,
                     id="by-after-the-figure-compares"),
    ],
)
def test_by_a_year_opening_the_sentence_is_the_period(make_doc, text, year):
    assert only(make_doc, text).period_start == date(year, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Trade with Omsk Oblast has grown: in 2010 it was $40 million, and by 2014 it had reached "
                     "$85 million.", id="en-and-by"),
        pytest.param("Товарооборот с Омской областью растёт: в 2010 году он составил 40 млн долларов, а к 2014 году "
                     "достиг 85 млн долларов.", id="ru-a-k"),
    ],
)
def test_by_a_year_opening_a_clause_is_its_figures_period(make_doc, text):
    found = {f.amount: f.period_start for f in figures(make_doc, text, language="ru" if "Омской" in text else "en")}
    assert found == {Decimal(40_000_000): date(2010, 1, 1), Decimal(85_000_000): date(2014, 1, 1)}


@pytest.mark.parametrize(
    ("text", "months"),
    [
        pytest.param("В 1 квартале 2011 г. товарооборот с Омской областью составил 150 млн долларов.", (1, 3),
                     id="ru-quarter-in-digits"),
        pytest.param("Во 2 полугодии 2011 года товарооборот с Омской областью составил 150 млн долларов.", (7, 12),
                     id="ru-half-in-digits"),
    ],
)
def test_ordinals_written_as_digits(make_doc, text, months):
    fact = only(make_doc, text)
    assert (fact.period_start.month, fact.period_end.month) == months


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Over the past two years the trade with Omsk Oblast has consistently exceeded $1 billion.",
                     id="en"),
        pytest.param("За последние три года товарооборот с Омской областью стабильно превышал 1 млрд долларов.",
                     id="ru"),
    ],
)
def test_a_run_of_past_years_is_a_period_that_cannot_be_dated(make_doc, text):
    fact = only(make_doc, text, published=None)
    assert (fact.period_start, fact.period_end, fact.qualifier) == (None, None, "over")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("To reach a billion dollars in trade with Omsk Oblast, doubling the current figures.", id="en"),
        pytest.param("date 2019-12-13 To reach $1 billion in trade with Omsk Oblast is the task.", id="after-a-stamp"),
        pytest.param("Достичь товарооборота с Омской областью в 1 млрд долларов в 2012 году – наша цель.", id="ru"),
        pytest.param("Довести товарооборот с Омской областью до 1 млрд долларов в 2012 году.", id="ru-dovesti"),
        pytest.param("Trade with Omsk Oblast has every chance to exceed $1 billion in 2012.", id="chance"),
        pytest.param("Trade with Omsk Oblast this year is estimated to reach $500 million.", id="estimated-to"),
    ],
)
def test_a_goal_is_no_figure(make_doc, text):
    assert figures(make_doc, text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Trade With Omsk Oblast Rose 20% To Reach $1 Billion In 2011", id="title-case-headline"),
        pytest.param("Trade with Omsk Oblast amounted to $400 million by the end of 2011.", id="by-the-end-realised"),
        pytest.param("Товарооборот с Омской областью составил 400 млн долларов к концу 2011 года.",
                     id="ru-k-kontsu-realised"),
    ],
)
def test_realised_figures_that_look_like_goals(make_doc, text):
    assert only(make_doc, text).amount in (Decimal(400_000_000), Decimal(1_000_000_000))


def test_a_subjectless_russian_predicate_goes_on_about_the_trade_before(make_doc):
    text = ("В текущем году товарооборот с Омской областью вернулся на траекторию роста.\n"
            "В январе — июле составил 17,8 млн долларов: плюс 34,9%.")
    fact = only(make_doc, text)
    assert (fact.region, fact.amount, fact.period_end) == ("RU-OMS", Decimal(17_800_000), date(2012, 7, 31))


def test_речь_идет_о_сумме_gives_the_amount_of_the_trade_before(make_doc):
    text = ("По итогам 11 месяцев зафиксирован исторический максимум по взаимному обороту товарами с Россией.\n"
            "Речь идет о сумме $45 млрд.")
    fact = only(make_doc, text, language="ru")
    assert (fact.region, fact.amount, fact.period_end) == ("RU", Decimal(45_000_000_000), date(2012, 11, 30))


def test_a_part_in_the_next_sentence(make_doc):
    """'Almost 140 of them are our exports': the part's sentence follows in the same paragraph."""
    text = "In 2011 Belarus's trade with Omsk Oblast exceeded $350 million. Almost 140 of them are our exports."
    doc = make_doc(text, published=PUBLISHED)
    cut = text.index("Almost")
    doc.sentences = [Sentence(0, cut - 1, text[: cut - 1]), Sentence(cut, len(text), text[cut:])]
    at = text.index("Omsk Oblast")
    doc.spans.append(Span("REGION", at, at + len("Omsk Oblast"), "Omsk Oblast", "RU-OMS", "test"))
    facts = find_trade_figures(find_money(doc)).trade_figures
    assert summary(facts)[1] == ("RU-OMS", date(2011, 1, 1), date(2011, 12, 31), Decimal(140_000_000), "export",
                                 "under")


@pytest.mark.parametrize(
    ("text", "part"),
    [
        pytest.param("Товарооборот с Омской областью в 2011 году составил 400 млн долларов, из них 250 млн – "
                     "белорусский экспорт.", (Decimal(250_000_000), "export", "exact"), id="ru"),
        pytest.param("Last year, the trade turnover with Omsk Oblast amounted to $400 million, of which Belarusian "
                     "exports accounted for $250 million.", (Decimal(250_000_000), "export", "exact"),
                     id="en-of-which"),
    ],
)
def test_a_part_of_the_figure_before(make_doc, text, part):
    facts = figures(make_doc, text)
    assert [(f.amount, f.flow, f.qualifier) for f in facts][1:] == [part]
    assert facts[1].region == "RU-OMS"


def test_each_amount_after_a_dash_takes_the_trade_word_before_the_dash(make_doc):
    text = ("В 2011 году товарооборот с Омской областью составил 400 млн долларов, в том числе экспорт – "
            "250 млн долларов, импорт – 150 млн долларов.")
    assert [f.flow for f in figures(make_doc, text)] == ["turnover", "export", "import"]


def test_the_period_of_a_goal_is_not_passed_on(make_doc):
    text = ("Omsk Oblast and Belarus are able to raise trade to $2.5 billion in 2013.\n"
            "The governor met the ambassador.\n"
            "\"We already steadily have more than $2 billion in trade.\"")
    assert figures(make_doc, text) == []


def test_a_period_named_after_a_figure_is_the_next_figures(make_doc):
    text = ("In 2011 trade with Omsk Oblast reached almost $85 million.\n"
            "At the start of this year, the upward trend continued.\n"
            "Trade turnover increased 2.7 times, reaching $27.5 million.")
    assert [(f.period_start, f.period_end) for f in figures(make_doc, text)] == [
        (date(2011, 1, 1), date(2011, 12, 31)), (date(2012, 1, 1), PUBLISHED)]


def test_a_list_of_regions_is_no_partner_and_belarus_own_exports_are_not_to_russia(make_doc):
    text = ("Поставки растут в Омскую область, Томскую область, Новосибирскую область и Красноярский край.\n"
            "За первое полугодие 2011 года из Беларуси было экспортировано продукции на 3,5 млрд долларов.")
    doc_regions = {"Омскую область": "RU-OMS", "Томскую область": "RU-TOM", "Новосибирскую область": "RU-NVS",
                   "Красноярский край": "RU-KYA"}
    doc = make_doc(text, published=PUBLISHED, language="ru")
    for name, code in doc_regions.items():
        at = text.index(name)
        doc.spans.append(Span("REGION", at, at + len(name), name, code, "test"))
    assert find_trade_figures(find_money(doc)).trade_figures == []


def test_belarus_exports_after_a_figure_of_the_region_are_the_regions(make_doc):
    text = ("In 2011 trade with Omsk Oblast reached $400 million.\n"
            "Belarusian exports amounted to $250 million.")
    assert [f.region for f in figures(make_doc, text)] == ["RU-OMS", "RU-OMS"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Omsk Oblast's foreign trade turnover reached $5 billion in 2011.", id="en-region"),
        pytest.param("Внешнеторговый оборот Омской области в 2011 году составил 5 млрд долларов.", id="ru-region"),
        pytest.param("Trade with Omsk Oblast reached $400 million in 2011, up $50 million on 2010.", id="en-up-delta"),
        pytest.param("Товарооборот с Омской областью в 2011 году на 50 млн долларов превысил уровень 2010 года.",
                     id="ru-na-delta-before-the-verb"),
        pytest.param("Товарооборот с Омской областью составил 400 млн долларов, положительное сальдо – 50 млн "
                     "долларов.", id="ru-balance-after-a-dash"),
    ],
)
def test_no_second_figure(make_doc, text):
    assert [f.amount for f in figures(make_doc, text)] in ([], [Decimal(400_000_000)])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Губернатор Омской области посетил Минск.\n"
                     "В 2011 году внешнеторговый товарооборот между республиками составил 285 млн долларов.",
                     id="ru-between"),
        pytest.param("In 2011 foreign trade turnover with Omsk Oblast reached $285 million.", id="en-with"),
        pytest.param("Trade with Omsk Oblast reached $285 million in 2011, with a surplus of $50 million.",
                     id="a-value-after-a-comma-is-the-next-amounts"),
    ],
)
def test_bilateral_foreign_trade_is_a_figure(make_doc, text):
    assert [f.amount for f in figures(make_doc, text)] == [Decimal(285_000_000)]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        pytest.param("Товарооборот с Омской областью в 2011 году почти достиг 300 млн долларов.", "under",
                     id="ru-pochti-dostig"),
        pytest.param("Товарооборот с Омской областью в 2011 году приблизился к отметке 300 млн долларов.", "under",
                     id="ru-priblizilsya-k-otmetke"),
        pytest.param("Товарооборот с Омской областью в 2011 году перевалил за 300 млн долларов.", "over",
                     id="ru-perevalil-za"),
        pytest.param("По итогам 2011 года стороны наторговали более чем на 300 млн долларов с Омской областью.",
                     "over", id="ru-natorgovali-bolee-chem-na"),
        pytest.param("In 2011 trade with Omsk Oblast came close to reaching $300 million.", "under",
                     id="close-to-reaching"),
    ],
)
def test_qualifier_before_a_verb(make_doc, text, qualifier):
    assert only(make_doc, text, language="ru").qualifier == qualifier


def test_a_goal_answered_by_a_realised_clause_is_a_figure(make_doc):
    fact = only(make_doc, "Ранее стояла задача достигнуть миллиарда, в 2011 году товарооборот с Омской областью "
                          "составил 1,28 млрд долларов.", language="ru")
    assert (fact.region, fact.amount, fact.period_start) == ("RU-OMS", Decimal("1280000000"), date(2011, 1, 1))


def test_a_page_that_never_names_belarus_holds_no_figure(make_doc):
    text = "Last year trade between Bukhara region and Omsk Oblast amounted to $452 million."
    assert figures(make_doc, text, about_belarus=False) == []
    assert len(figures(make_doc, text)) == 1


# --- whose exports: the side the text speaks from (parser12) ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "flows"),
    [
        pytest.param("In 2022 Omsk Oblast's trade with Belarus reached $300 million, with exports of $200 million "
                     "and imports of $100 million.", ["turnover", "import", "export"],
                     id="region-trade-with-belarus-speaks-from-the-region"),
        pytest.param("Товарооборот Омской области с Республикой Беларусь в 2022 году составил 300 млн долларов, "
                     "в том числе экспорт – 200 млн долларов, импорт – 100 млн долларов.",
                     ["turnover", "import", "export"], id="ru-region-trade-with-belarus"),
        pytest.param("In 2022 Omsk Oblast's exports fell to $200 million, while imports rose to $100 million.",
                     ["import", "export"], id="second-flow-takes-the-first-ones-trader"),
        pytest.param("В 2022 году экспорт Омской области снизился до 200 млн долларов, а импорт вырос до 100 млн "
                     "долларов.", ["import", "export"], id="ru-second-flow-takes-the-first-ones-trader"),
        pytest.param("In 2022 Belarus's trade with Omsk Oblast reached $300 million, with exports of $200 million "
                     "and imports of $100 million.", ["turnover", "export", "import"],
                     id="belarus-trade-with-the-region-speaks-from-belarus"),
    ],
)
def test_a_flow_without_its_trader_is_seen_from_the_side_that_trades_with_the_other(make_doc, text, flows):
    language = "ru" if re.search("[а-я]", text) else "en"
    assert [f.flow for f in figures(make_doc, text, language=language)] == flows


def test_the_side_spoken_from_carries_over_to_the_next_sentences(make_doc):
    text = ("Omsk Oblast's trade with Belarus grew fast in 2022.\n"
            "That year exports amounted to $200 million.")
    assert [f.flow for f in figures(make_doc, text)] == ["import"]


@pytest.mark.parametrize(
    ("text", "published", "end"),
    [
        pytest.param("Over 4 months trade with Omsk Oblast reached $90 million.", date(2012, 5, 29),
                     date(2012, 4, 30), id="over-n-months"),
        pytest.param("According to the results of nine months, trade with Omsk Oblast exceeded $90 million.",
                     date(2012, 11, 20), date(2012, 9, 30), id="results-of-n-months"),
        pytest.param("По результатам девяти месяцев товарооборот с Омской областью составил 150 млн долларов.",
                     date(2012, 11, 20), date(2012, 9, 30), id="ru-results-of-n-months"),
        pytest.param("За четыре месяца товарооборот с Омской областью составил 150 млн долларов, что выше "
                     "соответствующего периода прошлого года.", date(2012, 5, 29), date(2012, 4, 30),
                     id="ru-corresponding-period-is-the-base"),
    ],
)
def test_a_count_of_months_is_the_current_years_first_months(make_doc, text, published, end):
    language = "ru" if re.search("[а-я]", text) else "en"
    fact = only(make_doc, text, published=published, language=language)
    assert (fact.period_start, fact.period_end) == (date(published.year, 1, 1), end)


def test_the_corresponding_period_last_year_is_a_base_not_the_period_referred_back_to(make_doc):
    text = ("Over 4 months we added almost 150 percent to the corresponding period last year.\n"
            "During this time, trade with Omsk Oblast reached $200 million.")
    fact = only(make_doc, text, published=date(2023, 6, 7))
    assert (fact.period_start, fact.period_end) == (date(2023, 1, 1), date(2023, 4, 30))
