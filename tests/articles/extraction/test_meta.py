"""meta: DATE spans, the headline, the published date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.extraction import meta
from articles.extraction.dating import date_document
from articles.extraction.document import Span
from articles.extraction.meta import find_dates, find_title
from articles.extraction.resources import load_resources
from articles.extraction.segment import split_sentences

BODY = (
    "Belarus and Omsk Oblast will expand cooperation in agriculture and machine building, the Governor of Omsk "
    "Oblast said at a meeting with the Belarusian delegation in Minsk."
)


def prepared(make_doc, text: str, **config):
    """A document as the steps before find_title leave it (sentences split for real)."""
    return split_sentences(make_doc(text, sentences=False, **config))


def published(make_doc, text: str, **config) -> date | None:
    return date_document(find_dates(find_title(prepared(make_doc, text, **config)))).published


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        pytest.param("Posted 29.05.2012 at noon", "29.05.2012", (2012, 5, 29), id="dotted"),
        pytest.param("Posted 29/05/2012", "29/05/2012", (2012, 5, 29), id="slashed"),
        pytest.param("Опубликовано 13.11.2017 г. в 15:00", "13.11.2017 г.", (2017, 11, 13), id="dotted-with-g"),
        pytest.param("Updated 2012-05-29T10:00", "2012-05-29", (2012, 5, 29), id="iso"),
        pytest.param("He arrived on 9 November 2012.", "9 November 2012", (2012, 11, 9), id="day-month-year"),
        pytest.param("on the 3rd of March 2013", "3rd of March 2013", (2013, 3, 3), id="ordinal-of"),
        pytest.param("Signed on November 9, 2012, in Minsk", "November 9, 2012", (2012, 11, 9), id="us-style"),
        pytest.param("Signed on Nov. 9, 2012", "Nov. 9, 2012", (2012, 11, 9), id="us-abbreviated"),
        pytest.param("the forum on 22 October", "22 October", (None, 10, 22), id="day-month"),
        pytest.param("met with him on 17 June.", "17 June", (None, 6, 17), id="on-day-month"),
        pytest.param("15:12, 25 March", "25 March", (None, 3, 25), id="time-then-date"),
        pytest.param("the talks on June 17 went well", "June 17", (None, 6, 17), id="month-day"),
        pytest.param("It happened on 5 Sept.", "5 Sept", (None, 9, 5), id="abbreviated-month"),
        pytest.param("Встреча 13 ноября 2017 года в Минске", "13 ноября 2017 года", (2017, 11, 13), id="ru-full"),
        pytest.param("подписан 25 марта в Омске", "25 марта", (None, 3, 25), id="ru-day-month"),
        pytest.param("Форум пройдет 1-го июля", "1-го июля", (None, 7, 1), id="ru-ordinal"),
        pytest.param("Trade in May 2013 grew", "May 2013", (2013, 5, None), id="month-year"),
        pytest.param("товарооборот в мае 2013 года", "мае 2013 года", (2013, 5, None), id="ru-month-year"),
        pytest.param("ON 9 NOVEMBER 2012", "9 NOVEMBER 2012", (2012, 11, 9), id="capitals"),
        pytest.param("29 February 2012", "29 February 2012", (2012, 2, 29), id="leap-day"),
    ],
)
def test_finds_dates(make_doc, text, found, value):
    doc = find_dates(make_doc(text))
    spans = doc.spans_of("DATE")
    assert [(s.text, s.value) for s in spans] == [(found, value)]
    assert all(text[s.start : s.end] == s.text and s.rule for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("We may 5 times increase supplies", id="may-as-verb"),
        pytest.param("trade neared $1.5 billion", id="decimal"),
        pytest.param("34 projects in ten areas", id="count"),
        pytest.param("the 2013-2015 programme", id="year-range"),
        pytest.param("31 February 2012", id="impossible-day"),
        pytest.param("29 February 2013", id="not-a-leap-year"),
        pytest.param("Version 1.2.2012.5", id="version-number"),
        pytest.param("самая 1 задача", id="month-inside-a-word"),
        pytest.param("Marshal 5 units", id="month-prefix-of-a-word"),
    ],
)
def test_ignores_non_dates(make_doc, text):
    assert find_dates(make_doc(text)).spans_of("DATE") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param("MINSK, 29 May (BelTA) - Belarus and Russia met.", "dateline_day_month", id="belta"),
        pytest.param("MINSK, May 29 (BelTA) – Belarus and Russia met.", "dateline_month_day", id="us-order"),
        pytest.param("МИНСК, 13 ноября (БЕЛТА) – Беларусь и Россия встретились.", "dateline_day_month", id="ru"),
        pytest.param("NOVOSIBIRSK, 21 October 2013 - The expo opened.", "dateline_day_month", id="with-year"),
    ],
)
def test_marks_datelines(make_doc, text, rule):
    spans = find_dates(make_doc(text)).spans_of("DATE")
    assert spans[0].rule == rule
    assert spans[0].value[1:] in ((5, 29), (11, 13), (10, 21))


# ---------------------------------------------------------------- title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        pytest.param(
            f"/ / News\n29.05.2012\n\nBelarus, Omsk urged to boost cooperation\n\nMINSK, 29 May (BelTA) - {BODY}",
            "Belarus, Omsk urged to boost cooperation",
            id="date-before-headline",
        ),
        pytest.param(
            f"Font settings\nOrsha District Executive Committee\n9 November 2012\n\nBelarus, Omsk to cooperate in "
            f"construction\n\n{BODY}",
            "Belarus, Omsk to cooperate in construction",
            id="site-name-then-date",
        ),
        pytest.param(
            f"Lukashenko meets with Omsk Governor\n\n  • 5\n{BODY}",
            "Lukashenko meets with Omsk Governor",
            id="headline-first",
        ),
        pytest.param(
            f"Ru | Eng\nRSS Вконтакте Twitter\n\nBelarus to step up ties with Siberia\n\n{BODY}",
            "Belarus to step up ties with Siberia",
            id="menus-first",
        ),
        pytest.param(f"Belarus, Omsk sign accord\nBy Ivan Petrov\n\n{BODY}", "Belarus, Omsk sign accord", id="byline"),
        pytest.param(
            f"Belarus, Omsk sign accord\nThe document covers twenty projects.\n\n{BODY}",
            "Belarus, Omsk sign accord",
            id="standfirst-sentence",
        ),
        pytest.param(
            f"Belarus, Omsk sign accord\nTuesday, 29 May 2012, 15:12\n\n{BODY}",
            "Belarus, Omsk sign accord",
            id="date-line-after-headline",
        ),
        pytest.param(
            f"Will Belarus and Omsk double their trade?\n\n{BODY}",
            "Will Belarus and Omsk double their trade?",
            id="question-headline",
        ),
        pytest.param(
            f"Lukashenko to meet Omsk governor on 29 May\n\n{BODY}",
            "Lukashenko to meet Omsk governor on 29 May",
            id="headline-with-a-date",
        ),
        pytest.param(
            "Главная\nНовости\nБеларусь и Тюменская область расширят сотрудничество\n13.11.2017 г.\n\n"
            "МИНСК, 13 ноября (БЕЛТА) – Беларусь и Тюменская область расширят сотрудничество.",
            "Беларусь и Тюменская область расширят сотрудничество",
            id="russian",
        ),
        pytest.param(
            "Belarus, Omsk sign accord\n\nMINSK, 3 May (BelTA) - They signed it.",
            "Belarus, Omsk sign accord",
            id="short-dateline-body",
        ),
        pytest.param(
            f"News Agency\nPolitics  Business\n12 March 2019, 11:08\n\nBelarus, Omsk eye logistics\n\n"
            f"Omsk is ready to give Belarusian cargo a route east, the governor said\n\n{BODY}",
            "Belarus, Omsk eye logistics",
            id="standfirst-without-period-after-headline",
        ),
        pytest.param(
            f"Главная | Новости\n14.09.2022 18:30\n\nГомель и Брянск построят завод\n\n"
            f"Соседние регионы подписали соглашение о совместном производстве\n\n{BODY}",
            "Гомель и Брянск построят завод",
            id="russian-standfirst",
        ),
        pytest.param(
            f"Товарооборот растёт — Путин\n\nВладимир Путин и Александр Лукашенко\n"
            f"Владимир Путин и Александр Лукашенко\n\n{BODY}",
            "Товарооборот растёт — Путин",
            id="photo-caption-of-names-printed-twice",
        ),
        pytest.param(
            f"Business news\n\nTrade with Pskov Oblast up by 40%\n\nTrade with Pskov Oblast up by 40%\n\n{BODY}",
            "Trade with Pskov Oblast up by 40%",
            id="headline-printed-twice",
        ),
        pytest.param(BODY, None, id="prose-only"),
        pytest.param(f"MINSK, 29 May (BelTA) - {BODY}", None, id="dateline-only"),
        pytest.param("Belarus and Omsk agree\nshort\nlines", "Belarus and Omsk agree", id="no-body"),
        pytest.param("", None, id="empty"),
    ],
)
def test_finds_the_headline(make_doc, text, title):
    assert find_title(prepared(make_doc, text)).title == title


@pytest.mark.parametrize(
    ("text", "body_first_words"),
    [
        pytest.param(f"Belarus, Omsk sign accord\n\nMINSK, 29 May (BelTA) - {BODY}", "MINSK, 29 May", id="dateline"),
        pytest.param(f"Menu\nBelarus, Omsk sign accord\n29.05.2012\n\n{BODY}", "Belarus and Omsk", id="after-date"),
        pytest.param(BODY, "Belarus and Omsk", id="prose-only"),
    ],
)
def test_body_start(make_doc, text, body_first_words):
    doc = find_title(prepared(make_doc, text))
    assert doc.text[doc.body_start :].startswith(body_first_words)


# ---------------------------------------------------------------- published

PAST_2012 = "In 2012 the trade between Belarus and Omsk Oblast neared $1.5 billion."
LAST_YEAR = "Last year the bilateral contacts intensified significantly."


@pytest.mark.parametrize(
    ("text", "config", "expected"),
    [
        pytest.param(
            f"Headline about Omsk ties\n29.05.2012\n\nMINSK, 29 May (BelTA) - {BODY}",
            {},
            date(2012, 5, 29),
            id="header-date-matches-dateline",
        ),
        pytest.param(
            f"17.01.2020\nHeadline about Omsk ties\n\nMINSK, 29 May (BelTA) - {BODY} {PAST_2012} {LAST_YEAR}",
            {},
            date(2013, 5, 29),
            id="site-date-contradicts-dateline",
        ),
        pytest.param(
            f"17.01.2020\nHeadline about Omsk ties\n\nMINSK, 29 May (BelTA) - {BODY}",
            {},
            None,
            id="site-date-contradicts-dateline-no-year",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\n{BODY}\n\n{PAST_2012} They met on 17 June.\n\n{LAST_YEAR}",
            {},
            None,
            id="date-not-in-lead-paragraph",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\n{BODY} They met on 17 June.\n\n{PAST_2012}\n\n{LAST_YEAR}",
            {},
            date(2013, 6, 17),
            id="date-in-lead-paragraph",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nThe governor met the President on 17 June in Minsk and discussed "
            f"trade.\n\n{PAST_2012}\n\n{LAST_YEAR}",
            {},
            date(2013, 6, 17),
            id="lead-date-year-from-text",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nThe forum opened in Omsk on 21 October, BelTA has learned from "
            f"the organisers.\n\n{BODY}",
            {},
            None,
            id="no-year-anywhere",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nThe forum opened in Omsk on 21 October, BelTA has learned.\n\n{BODY}",
            {"reference_date": date(2014, 11, 2)},
            date(2014, 10, 21),
            id="reference-date-year",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nThe forum opened in Omsk on 21 October, BelTA has learned.\n\n{BODY}",
            {"reference_date": date(2014, 3, 1)},
            date(2013, 10, 21),
            id="reference-date-previous-year",
        ),
        pytest.param(
            f"Headline about Omsk ties\n29.05.2012\n\n{BODY}",
            {"published_override": date(2020, 1, 2)},
            date(2020, 1, 2),
            id="override-wins",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nMINSK, 29 May (BelTA) - Last year the trade grew 1.7 times over 2010 "
            f"to exceed $200 million. {BODY}",
            {},
            date(2012, 5, 29),
            id="comparison-year-last-year",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nMINSK, 29 May 2012 (BelTA) - {BODY}",
            {},
            date(2012, 5, 29),
            id="dateline-with-year",
        ),
        pytest.param(
            f"Headline about Omsk ties\nMay 29, 2012\n\nMINSK, May 29 (BelTA) - {BODY}",
            {},
            date(2012, 5, 29),
            id="us-style-header",
        ),
        pytest.param(
            f"Headline about Omsk ties\n15:12, 25 March\n\n{BODY} {PAST_2012} {LAST_YEAR}",
            {},
            date(2013, 3, 25),
            id="header-day-month-year-from-text",
        ),
        pytest.param(
            f"Headline about Omsk ties\n31 December, 15:12\nUpdated 02.01.2014\n\n{BODY}",
            {},
            date(2013, 12, 31),
            id="header-year-across-new-year",
        ),
        pytest.param(
            f"01.02.2010\nHeadline about Omsk ties\n\nThey met on 5 March in Minsk to discuss trade and "
            f"investment.\n\n{PAST_2012} {LAST_YEAR}",
            {},
            date(2013, 3, 5),
            id="header-date-impossible",
        ),
        pytest.param(
            f"Headline about Omsk ties\n\nThey met on 3 April.\n\nIn 2015 trade will reach $2 billion. "
            f"{LAST_YEAR}\n\n{BODY}",
            {},
            None,
            id="future-year-fixes-nothing",
        ),
        pytest.param(f"Headline about Omsk ties\nMay 2012\n\n{BODY}", {}, None, id="month-without-day"),
        pytest.param(
            "Беларусь и Тюменская область расширят сотрудничество\n13.11.2017 г.\n\nМИНСК, 13 ноября (БЕЛТА) – "
            "Беларусь и Тюменская область расширят сотрудничество.",
            {},
            date(2017, 11, 13),
            id="ru-header",
        ),
        pytest.param(
            "Беларусь и Омская область расширят сотрудничество\n\nГубернатор встретился с Президентом 25 марта "
            "в Минске.\n\nВ 2016 году товарооборот составил $1 млрд. В прошлом году контакты стали активнее.",
            {},
            date(2017, 3, 25),
            id="ru-year-from-text",
        ),
    ],
)
def test_finds_published(make_doc, text, config, expected):
    assert published(make_doc, text, **config) == expected


def test_published_from_hand_built_spans(make_doc):
    text = "Headline about Omsk ties\n\nMINSK, 9 November (BelTA) - They met."
    doc = make_doc(text)
    doc.title, doc.body_start = "Headline about Omsk ties", text.index("MINSK")
    at = text.index("9 November")
    doc.spans.append(Span("DATE", at, at + 10, "9 November", (None, 11, 9), "dateline_day_month"))
    doc.spans.append(Span("DATE", 0, 0, "", date(2012, 11, 9), "other_step"))
    assert date_document(doc).published == date(2012, 11, 9)


# ---------------------------------------------------------------- date rules tried only where a date can begin

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DATE_BITS = ["1", "29", "05", "2012", "2012-05-29", "29.05.2012", "May", "MAY", "may", "March", "Mar", "Sept",
             "ноября", "января", "янв", "мая", "го", "th", "of", " ", "  ", "\n", ",", ".", "-", "/", "г.", "МИНСК",
             "MINSK", "(BelTA)", "—", "x", "ноябрянв", "1st"]


def _same_as_scanning_everywhere(text: str, start: int = 0, end: int | None = None) -> None:
    rules = meta.date_rules(load_resources())
    end = len(text) if end is None else end
    openings = meta.openings_in(text, rules, start, end)
    for rule in rules.rules:
        assert rule.opens_with in openings
        tried = [m.span() for m in meta.rule_matches(rule, text, start, end, openings[rule.opens_with])]
        assert tried == [m.span() for m in rule.regex.finditer(text, start, end)], (rule.name, text[:80])


def test_date_rules_tried_where_a_date_can_begin_find_what_a_full_scan_finds():
    for path in sorted(FIXTURES.glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        _same_as_scanning_everywhere(text)
        for line in text.splitlines():
            _same_as_scanning_everywhere(line)


@given(st.lists(st.sampled_from(DATE_BITS), max_size=25), st.integers(0, 10))
def test_date_rules_tried_where_a_date_can_begin_on_any_text(bits, cut):
    text = "".join(bits)
    _same_as_scanning_everywhere(text)
    _same_as_scanning_everywhere(text, min(cut, len(text)), max(len(text) - cut, min(cut, len(text))))


def test_every_date_rule_says_where_its_matches_begin():
    rules = meta.date_rules(load_resources()).rules
    assert all(rule.opens_with for rule in rules)
    assert {rule.name for rule in rules if rule.opens_with == "line"} == {
        "dateline_day_month",
        "dateline_month_day",
        "dateline_date_city",
    }


@pytest.mark.parametrize(
    ("text", "title"),
    [
        pytest.param(
            f"Home | News | Economy\nSearch\nRSS Facebook Twitter\nBelarus, Omsk eye logistics\n\n{BODY}",
            "Belarus, Omsk eye logistics",
            id="after-menus",
        ),
        pytest.param(
            f"Main » News » Belarus, Omsk eye logistics\n5 June 2019, 11:05\nBelarus, Omsk eye logistics\n\n{BODY}",
            "Belarus, Omsk eye logistics",
            id="repeated-in-a-breadcrumb",
        ),
        pytest.param(f"Belarus, Omsk eye logistics — BelTA\n\n{BODY}", "Belarus, Omsk eye logistics", id="site-suffix"),
        pytest.param(
            f"Беларусь и Омск расширят логистику | Новости Беларуси | БелТА\n\n{BODY}",
            "Беларусь и Омск расширят логистику",
            id="site-suffix-bars",
        ),
        pytest.param(f"Trade with Belarus is growing — Putin\n\n{BODY}", "Trade with Belarus is growing — Putin",
                     id="speaker-after-a-dash-kept"),
        pytest.param(f"REGIONAL COOPERATION AND TRADE\nBelarus, Omsk eye logistics\n\n{BODY}",
                     "Belarus, Omsk eye logistics", id="rubric-in-capitals"),
        pytest.param(
            f"Antifake / Factcheck Today\n\nEconomist exaggerated the impact of the meetings with regional "
            f"governors\n\n{BODY}",
            "Economist exaggerated the impact of the meetings with regional governors",
            id="short-rubric-above-a-long-headline",
        ),
        pytest.param(
            f"Дни области стартовали на ВДНХ\n\nОбласть – самая крупная из шести\n\nДни области стартовали на "
            f"ВДНХ\n\n{BODY}",
            "Дни области стартовали на ВДНХ",
            id="headline-printed-twice-around-a-teaser",
        ),
    ],
)
def test_finds_the_headline_among_page_chrome(make_doc, text, title):
    assert find_title(prepared(make_doc, text)).title == title
