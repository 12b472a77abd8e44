"""meetings.find_meetings on hand-built documents (PERSON, REGION and DATE spans added by hand)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from articles.extraction import meetings
from articles.extraction.document import PersonFact, Sentence, Span
from articles.extraction.resources import load_resources

PEOPLE = {
    "Alexander Lukashenko": "Alexander Lukashenko",
    "Lukashenko": "Alexander Lukashenko",
    "Vasily Yurchenko": "Vasily Yurchenko",
    "Igor Ivanov": "Igor Ivanov",
    "Александр Лукашенко": "Александр Лукашенко",
    "Александром Гусевым": "Александр Гусев",
    "Vladimir Putin": "Vladimir Putin",
}
REGIONS = {"Novosibirsk Oblast": "RU-NVS", "Novosibirsk": "RU-NVS", "Tomsk Oblast": "RU-TOM", "Minsk": "BY-HM",
           "Siberia": "RU-FD-SIB", "Воронежской области": "RU-VOR"}


def add_spans(doc, label: str, names: dict[str, object]) -> None:
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):  # "Novosibirsk Oblast" before "Novosibirsk"
        for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                doc.spans.append(Span(label, m.start(), m.end(), name, names[name], "test"))


# find_meetings reports events only in an article that names Belarus: the sentences tested here stand in one.
ABOUT_BELARUS = "\nThe Belarusian side."


@pytest.fixture
def find(make_doc):
    def run(text: str, published: date | None = None, dates: dict[str, object] | None = None, language="en",
            about_belarus: bool = True):
        doc = make_doc(text + ABOUT_BELARUS if about_belarus else text, published=published, language=language)
        add_spans(doc, "PERSON", PEOPLE)
        add_spans(doc, "REGION", REGIONS)
        add_spans(doc, "DATE", dates or {})
        return meetings.find_meetings(doc)

    return run


def summary(doc) -> list[tuple]:
    return [(m.kind, m.date, m.participants, m.regions) for m in doc.meetings]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("Alexander Lukashenko met with Vasily Yurchenko in Minsk.", "meeting", id="met-with"),
        pytest.param("Alexander Lukashenko held talks with Vasily Yurchenko.", "meeting", id="held-talks"),
        pytest.param("At a meeting between Alexander Lukashenko and Vasily Yurchenko trade was discussed.",
                     "meeting", id="a-meeting-between"),
        pytest.param("Vasily Yurchenko is on an official visit to Minsk.", "visit", id="official-visit"),
        pytest.param("Vasily Yurchenko visited the Minsk Tractor Works.", "visit", id="visited"),
        pytest.param("The Forum of Regions of Belarus and Russia opened in Minsk.", "forum", id="forum"),
        pytest.param("A conference on innovation gathered scientists in Novosibirsk.", "forum", id="conference"),
        pytest.param("Igor Ivanov opened the national exposition in Novosibirsk.", "exhibition", id="exposition"),
        pytest.param("The expo of Belarusian goods occupies a pavilion.", "exhibition", id="expo"),
        pytest.param("Firms took part in the international trade fair in Novosibirsk.", "exhibition", id="fair"),
        pytest.param("Tomsk Oblast and Minsk signed an agreement on cooperation.", "agreement", id="signed-agreement"),
        pytest.param("A memorandum of understanding was signed by Igor Ivanov.", "agreement", id="was-signed"),
        pytest.param("Александр Лукашенко встретился с губернатором Воронежской области Александром Гусевым.",
                     "meeting", id="ru-met"),
        pytest.param("Стороны подписали соглашение о сотрудничестве.", "agreement", id="ru-signed"),
        pytest.param("В Новосибирске открылась выставка белорусских товаров.", "exhibition", id="ru-exhibition"),
    ],
)
def test_kinds(find, text, kind):
    language = "ru" if re.search("[а-я]", text) else "en"
    assert [m.kind for m in find(text, language=language).meetings] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He suggested they arrange visits of business delegations this year.", id="planned-visits"),
        pytest.param("Igor Ivanov said that negotiations on the supply of buses had already taken place.",
                     id="commercial-negotiations"),
        pytest.param("Last year the bilateral contacts intensified significantly.", id="contacts"),
        pytest.param("Belarus will keep meeting the needs of Siberia.", id="gerund"),
        pytest.param("Alexander Lukashenko invited the governor to visit Belarus.", id="invitation"),
        pytest.param("Lukashenko proposed to hold a forum next year.", id="proposed-forum"),
        pytest.param("The academies have an agreement on cooperation.", id="standing-agreement"),
        pytest.param("Exhibitions and conferences are held regularly.", id="generic-plurals"),
        pytest.param("Trade is fair and balanced.", id="fair-adjective"),
        pytest.param("Omsk Oblast has worked with Belarus since the year 2000, when the first agreement was signed.",
                     id="agreement-of-a-past-year"),
    ],
)
def test_not_a_meeting(find, text):
    assert find(text).meetings == []


def test_lead_meeting_takes_published_date_and_merges_later_mentions(find):
    doc = find(
        "Alexander Lukashenko said as he met with Vasily Yurchenko that Novosibirsk Oblast matters.\n"
        "Trade grew in Novosibirsk Oblast.\n"
        "Lukashenko hoped the current visit would help.\n"
        "The talks also covered science, Lukashenko said.",
        published=date(2012, 5, 29),
    )
    assert summary(doc) == [
        ("meeting", date(2012, 5, 29), ["Alexander Lukashenko", "Vasily Yurchenko"], ["RU-NVS"])
    ]
    assert doc.meetings[0].date_precision == "day"
    assert doc.meetings[0].evidence.rule == "meetings.meeting"


@pytest.mark.parametrize(
    ("published", "value", "expected", "precision"),
    [
        pytest.param(date(2013, 6, 20), (None, 6, 17), date(2013, 6, 17), "day", id="year-from-published"),
        pytest.param(None, (None, 6, 17), None, None, id="no-year-no-published"),
        pytest.param(None, (2012, 11, 9), date(2012, 11, 9), "day", id="full-date"),
        pytest.param(date(2013, 1, 3), (None, 12, 28), date(2012, 12, 28), "day", id="previous-year"),
        pytest.param(date(2019, 3, 1), (2019, 6, None), None, None, id="month-only-is-no-day"),
        pytest.param(date(2019, 3, 1), date(2019, 6, 25), date(2019, 6, 25), "day", id="date-value"),
    ],
)
def test_meeting_date_from_sentence(find, published, value, expected, precision):
    doc = find("Trade grew.\nAlexander Lukashenko met with Vasily Yurchenko on MEETING_DAY.",
               published=published, dates={"MEETING_DAY": value})
    assert [(m.date, m.date_precision) for m in doc.meetings] == [(expected, precision)]


def test_reported_event_without_a_date_took_place_on_the_news_day(find):
    doc = find("Trade grew.\nPrices rose.\nNew plants opened.\nIgor Ivanov opened an exhibition in Novosibirsk.",
               published=date(2014, 10, 21))
    assert summary(doc) == [("exhibition", date(2014, 10, 21), ["Igor Ivanov"], ["RU-NVS"])]


def test_exhibition_and_forum_are_separate_events(find):
    doc = find(
        "Igor Ivanov opened Belarus’ national exposition in Novosibirsk on DAY_ONE.\n"
        "Prospects will be discussed at the business Forum Belarus-Siberia on DAY_TWO.\n"
        "The expo is held as part of the Belarusian Days in Siberia.",
        dates={"DAY_ONE": (None, 10, 21), "DAY_TWO": (None, 10, 22)},
    )
    assert summary(doc) == [
        ("exhibition", None, ["Igor Ivanov"], ["RU-NVS", "RU-FD-SIB"]),
        ("forum", None, [], ["RU-FD-SIB"]),
    ]


def test_meetings_on_different_days_stay_apart(find):
    doc = find("Alexander Lukashenko met with Vasily Yurchenko on DAY_ONE.\n"
               "Alexander Lukashenko met with Igor Ivanov on DAY_TWO.",
               dates={"DAY_ONE": (2012, 5, 29), "DAY_TWO": (2012, 6, 4)})
    assert [(m.date, m.participants) for m in doc.meetings] == [
        (date(2012, 5, 29), ["Alexander Lukashenko", "Vasily Yurchenko"]),
        (date(2012, 6, 4), ["Alexander Lukashenko", "Igor Ivanov"]),
    ]


def test_regions_fall_back_to_the_most_mentioned(find):
    doc = find("Tomsk Oblast and Tomsk Oblast again; Minsk once.\nAlexander Lukashenko met with Igor Ivanov.")
    assert doc.meetings[0].regions == ["RU-TOM"]


def test_dated_plan_counts_as_about_to_happen(find):
    doc = find("The sides plan to hold talks with Igor Ivanov on DAY.", dates={"DAY": (2020, 2, 5)})
    assert summary(doc) == [("meeting", date(2020, 2, 5), ["Igor Ivanov"], [])]


# --- kinds kept apart, dates of undated mentions (hand-made sentences) ------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        pytest.param("Igor Ivanov held talks with Vasily Yurchenko today.", date(2021, 3, 4), date(2021, 3, 4),
                     id="today"),
        pytest.param("Igor Ivanov will visit Novosibirsk tomorrow.", date(2021, 3, 4), date(2021, 3, 5),
                     id="tomorrow"),
        pytest.param("Igor Ivanov met with Vasily Yurchenko yesterday.", date(2021, 3, 4), date(2021, 3, 3),
                     id="yesterday"),
        pytest.param("On Friday Igor Ivanov will travel to Novosibirsk.", date(2021, 3, 4), date(2021, 3, 5),
                     id="weekday-ahead"),
        pytest.param("Igor Ivanov met with Vasily Yurchenko on Monday.", date(2021, 3, 4), date(2021, 3, 1),
                     id="weekday-past"),
        pytest.param("The next forum will be held in Novosibirsk today.", None, None, id="announced-today-undated"),
        pytest.param("Last week Igor Ivanov visited Novosibirsk.", date(2021, 3, 4), None, id="last-week"),
        pytest.param("Igor Ivanov signed a cooperation programme with Novosibirsk Oblast.", date(2021, 3, 4),
                     date(2021, 3, 4), id="reported-takes-news-day"),
        pytest.param("Губернатор Воронежской области Александром Гусевым завтра посетит Минск.", date(2019, 10, 28),
                     date(2019, 10, 29), id="ru-zavtra"),
        pytest.param("Делегация сегодня прибыла в Минск.", date(2019, 10, 28), date(2019, 10, 28),
                     id="ru-segodnya"),
        pytest.param("В пятницу делегация направится в Минск.", date(2019, 10, 28), date(2019, 11, 1),
                     id="ru-weekday-ahead"),
        pytest.param("Форум прошел в Минске на этой неделе.", date(2019, 10, 28), None, id="ru-this-week"),
        pytest.param("Стороны подписали программу сотрудничества.", date(2019, 10, 28), date(2019, 10, 28),
                     id="ru-reported-takes-news-day"),
    ],
)
def test_date_of_an_event_without_one_in_its_sentence(find, text, published, expected):
    language = "ru" if re.search("[а-я]", text) else "en"
    assert [m.date for m in find(text, published=published, language=language).meetings] == [expected]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param("Vasily Yurchenko is on a working visit to Minsk. Alexander Lukashenko met with Vasily "
                     "Yurchenko. Following the talks, Vasily Yurchenko and Igor Ivanov signed a roadmap.",
                     ["visit", "agreement"], id="visit-and-its-talks-one-event-agreement-apart"),
        pytest.param("Alexander Lukashenko received Vasily Yurchenko. Igor Ivanov, who attended the meeting, "
                     "spoke too.", ["meeting"], id="anaphoric-joins-whatever-people"),
        pytest.param("Igor Ivanov will travel to Novosibirsk tomorrow, where he will hold talks with Vasily Yurchenko.",
                     ["visit"], id="announced-trip-programme"),
        pytest.param("The cooperation plan signed in Minsk covers housing.", ["agreement"], id="plan-signed"),
        pytest.param("Александр Лукашенко встретился с Александром Гусевым. По итогам встречи подписан план "
                     "мероприятий.", ["meeting", "agreement"], id="ru-meeting-then-agreement"),
        pytest.param("Делегация находится в Минске с рабочим визитом. На встрече обсуждали торговлю. "
                     "Губернатор Воронежской области встретился с Александром Гусевым.",
                     ["visit"], id="ru-visit-and-its-meeting-one-event"),
        pytest.param("Завтра делегация посетит Минск, где проведет переговоры.", ["visit"], id="ru-trip-programme"),
        pytest.param("В рамках визита стороны подписали соглашение о сотрудничестве.", ["visit", "agreement"],
                     id="ru-in-the-frame-of-visit"),
    ],
)
def test_one_event_per_occasion_each_agreement_apart(find, text, kinds):
    language = "ru" if re.search("[а-я]", text) else "en"
    assert [m.kind for m in find(text, published=date(2020, 5, 5), language=language).meetings] == kinds


@pytest.mark.parametrize(
    ("text", "dates", "expected"),
    [
        pytest.param("Igor Ivanov met with Vasily Yurchenko today. The talks were held at the forum which opened on "
                     "DAY.", {"DAY": (2019, 9, 4)},
                     [("meeting", date(2019, 9, 5)), ("forum", date(2019, 9, 4))], id="date-of-the-later-trigger"),
        pytest.param("Делегация находится в Минске с визитом 1–DAY.", {"DAY": (2022, 11, 3)},
                     [("visit", date(2022, 11, 1))], id="ru-range-first-day"),
        pytest.param("DAY делегация посетит Минск и подпишет соглашение.", {"DAY": (2019, 10, 29)},
                     [("visit", date(2019, 10, 29)), ("agreement", date(2019, 10, 29))], id="ru-opening-date-shared"),
    ],
)
def test_which_trigger_a_date_belongs_to(find, text, dates, expected):
    language = "ru" if re.search("[а-я]", text) else "en"
    doc = find(text, published=date(2019, 9, 5), dates=dates, language=language)
    assert [(m.kind, m.date) for m in doc.meetings] == expected


# --- the keyword pre-filter: a speed device that must never hide a trigger ---

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture_documents():
    from articles.extraction import Config, Document, load_resources, run

    config = Config(resources=load_resources())
    for folder in ("seeds", "en", "ru"):
        for path in sorted((FIXTURES / folder).iterdir()):
            if path.suffix in (".txt", ".html"):
                yield run(Document(source=path.name, raw=path.read_bytes(), config=config))


def test_every_trigger_spells_out_a_keyword():
    rules = meetings.build_rules(load_resources())
    assert all(trigger.keywords for trigger in rules.triggers)


def test_a_trigger_matches_only_where_one_of_its_keywords_begins_a_word():
    """Run every trigger over every sentence of the corpora, unfiltered: each match has its keyword."""
    rules = meetings.build_rules(load_resources())
    matched = 0
    for doc in fixture_documents():
        for sentence in doc.sentences:
            present = meetings.keywords_in(sentence, rules)
            for trigger in rules.triggers:
                for match in trigger.pattern.finditer(doc.text, sentence.start, sentence.end):
                    matched += 1
                    assert trigger.keywords & present, (doc.source, match.group())
    assert matched > 100


def test_a_word_under_a_longer_keyword_holds_the_shorter_ones():
    rules = meetings.build_rules(load_resources())
    sentence = Sentence(0, 40, "The meetings were fruitful.")
    present = meetings.keywords_in(sentence, rules)
    assert {"meet"} <= present


def test_keywords_of_every_sentence_found_at_once_are_those_found_sentence_by_sentence():
    rules = meetings.build_rules(load_resources())
    for doc in fixture_documents():
        assert meetings.sentences_apart(doc, doc.text.lower())
        expected = [meetings.keywords_in(sentence, rules) for sentence in doc.sentences]
        assert meetings.keywords_by_sentence(doc, rules) == expected, doc.source


@pytest.mark.parametrize(
    ("regions", "kept"),
    [
        pytest.param(["RU-NVS"], True, id="russian-region"),
        pytest.param(["BY-HO", "RU-FD-SIB"], True, id="oblast-and-district"),
        pytest.param(["BY-HM"], False, id="belarusian-only"),
        pytest.param([], False, id="no-region"),
    ],
)
def test_only_meetings_with_a_russian_side_are_kept(make_doc, regions, kept):
    doc = make_doc("Alexander Lukashenko met with him." + ABOUT_BELARUS, published=date(2020, 5, 5))
    doc = meetings.find_meetings(doc)
    assert doc.meetings, "the sentence reports a meeting"
    doc.meetings[0].regions = regions
    assert bool(meetings.keep_regional_meetings(doc).meetings) is kept


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("Напомним, делегация посетила Минск.", "ru", id="ru-napomnim"),
        pytest.param("Как уже сообщалось, губернатор встретился с Александром Гусевым.", "ru", id="ru-as-reported"),
        pytest.param("As SOYUZ has already reported, the forum was held in St. Petersburg.", "en", id="en-as-reported"),
    ],
)
def test_background_the_article_recalls_is_no_event(find, text, language):
    assert find(text, published=date(2019, 10, 28), language=language).meetings == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        pytest.param("Alexander Lukashenko met with Vasily Yurchenko of Novosibirsk Oblast.\nThey spoke of trade.\n"
                     "They spoke of farming.\nThey spoke of buses.\n"
                     "The delegation will also visit an exhibition of goods.",
                     ["meeting"], id="a-programme-item-deep-in-the-text"),
        pytest.param("An exhibition of goods opened.\nThey spoke of trade.", ["exhibition"], id="the-leads-news"),
        pytest.param("Alexander Lukashenko met with Vasily Yurchenko of Novosibirsk Oblast.\nThey spoke of trade.\n"
                     "They spoke of farming.\nThey spoke of buses.\nAn exhibition opened in Tomsk Oblast.",
                     ["meeting", "exhibition"], id="an-event-that-names-its-region"),
    ],
)
def test_an_event_says_who_or_where_or_is_the_leads_news(find, text, kinds):
    assert [m.kind for m in find(text, published=date(2020, 5, 5)).meetings] == kinds


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Александр Лукашенко, встречаясь в пятницу с губернатором, отметил рост.", id="gerund"),
        pytest.param("Александр Лукашенко принял губернатора Воронежской области.", id="received-the-governor"),
    ],
)
def test_russian_ways_of_saying_they_met(find, text):
    assert [m.kind for m in find(text, published=date(2020, 5, 5), language="ru").meetings] == ["meeting"]


def test_a_decision_taken_is_no_meeting(find):
    doc = find("Александр Лукашенко принял решение о поставках.", published=date(2020, 5, 5), language="ru")
    assert doc.meetings == []


# --- plans, programmes, occasions, sides (hand-made sentences) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("The next forum will be held in Novosibirsk.", "en", id="announced-no-day"),
        pytest.param("The forum will be held in Novosibirsk in October.", "en", id="announced-month-only"),
        pytest.param("Форум пройдет в Минске.", "ru", id="ru-announced-no-day"),
        pytest.param("Встреча губернатора Воронежской области готовится.", "ru", id="ru-being-prepared"),
    ],
)
def test_a_plan_without_a_day_is_no_meeting(find, text, language):
    assert find(text, published=date(2021, 3, 4), language=language).meetings == []


def test_an_announced_event_with_a_day_counts(find):
    doc = find("Igor Ivanov will visit Novosibirsk Oblast on DAY.", published=date(2021, 3, 4),
               dates={"DAY": (None, 3, 9)})
    assert summary(doc) == [("visit", date(2021, 3, 9), ["Igor Ivanov"], ["RU-NVS"])]


def test_the_headlines_undated_announcement_is_the_dated_one(find):
    doc = find("Igor Ivanov will visit Novosibirsk Oblast.\nOn DAY Igor Ivanov will visit Novosibirsk Oblast.",
               published=date(2021, 3, 4), dates={"DAY": (None, 3, 9)})
    assert summary(doc) == [("visit", date(2021, 3, 9), ["Igor Ivanov"], ["RU-NVS"])]


def test_a_visit_that_continues_the_next_day_is_one_visit(find):
    doc = find("A delegation of Novosibirsk Oblast is on an official visit to Minsk.\n"
               "Tomorrow the visit of the guests will continue.", published=date(2021, 3, 4))
    assert [m.kind for m in doc.meetings] == ["visit"]


@pytest.mark.parametrize(
    ("text", "language", "kinds"),
    [
        pytest.param("Igor Ivanov arrived in Novosibirsk Oblast on an official visit.\n"
                     "The programme of the visit includes a session of the joint commission and an exhibition.",
                     "en", ["visit"], id="programme-of-the-visit"),
        pytest.param("Делегация Воронежской области прибыла в Минск с визитом.\n"
                     "В программе визита — заседание рабочей группы и выставка.", "ru", ["visit"],
                     id="ru-programme-of-the-visit"),
        pytest.param("The programme also includes an exhibition of goods from Tomsk Oblast.", "en", [],
                     id="programme-without-its-event"),
    ],
)
def test_items_of_a_programme_belong_to_its_event(find, text, language, kinds):
    assert [m.kind for m in find(text, published=date(2021, 3, 4), language=language).meetings] == kinds


@pytest.mark.parametrize(
    ("text", "language", "kinds"),
    [
        pytest.param("Igor Ivanov took part in a session of the working group on cooperation with Tomsk Oblast.",
                     "en", ["meeting"], id="session-of-working-group"),
        pytest.param("В Минске прошло заседание рабочей группы по сотрудничеству с Воронежской областью.", "ru",
                     ["meeting"], id="ru-session"),
        pytest.param("Губернатор Воронежской области Александром Гусевым встретился с делегацией.\n"
                     "Проведению встречи предшествовало заседание рабочей группы.", "ru", ["meeting", "meeting"],
                     id="ru-session-before-the-talks-is-its-own"),
        pytest.param("Пленарное заседание форума регионов прошло в Воронежской области.", "ru", ["forum"],
                     id="ru-plenary-session-is-the-forums"),
        pytest.param("Days of Tomsk Oblast opened in Minsk.", "en", ["other"], id="days-of-a-region"),
        pytest.param("В Минске открылись Дни Воронежской области.", "ru", ["other"], id="ru-days-of-a-region"),
        pytest.param("A delegation of Tomsk Oblast headed by Igor Ivanov is in Minsk.", "en", ["visit"],
                     id="delegation-headed-by"),
        pytest.param("Делегацию Воронежской области принимает Александр Лукашенко.", "ru", ["meeting"],
                     id="ru-receives-the-delegation"),
        pytest.param("Александр Лукашенко и Александром Гусевым обсудили поставки техники в Воронежскую область.",
                     "ru", ["meeting"], id="ru-two-people-discussed"),
        pytest.param("Стороны обсудили поставки техники в Воронежскую область.", "ru", [],
                     id="ru-the-sides-discussed-is-no-meeting-of-its-own"),
    ],
)
def test_more_ways_news_names_an_occasion(find, text, language, kinds):
    assert [m.kind for m in find(text, published=date(2021, 3, 4), language=language).meetings] == kinds


@pytest.mark.parametrize(
    ("text", "language", "kinds"),
    [
        pytest.param("Alexander Lukashenko and Vasily Yurchenko discussed the work of the Forum of Regions in Tomsk "
                     "Oblast.", "en", ["meeting"], id="forum-as-topic"),
        pytest.param("Prospects will be discussed at the Forum of Regions in Tomsk Oblast on DAY.", "en", ["forum"],
                     id="discussed-at-the-forum-names-where"),
        pytest.param("В рамках форума губернатор Воронежской области провел встречу с Александром Гусевым.", "ru",
                     ["meeting"], id="ru-forum-as-frame-of-talks"),
    ],
)
def test_a_forum_named_as_topic_or_frame_is_not_another_event(find, text, language, kinds):
    doc = find(text, published=date(2021, 3, 4), language=language, dates={"DAY": (None, 3, 9)})
    assert [m.kind for m in doc.meetings] == kinds


def test_the_lead_placed_in_this_week_gives_no_news_day(find):
    doc = find("Igor Ivanov met with Vasily Yurchenko of Novosibirsk Oblast this week.\n"
               "The talks covered trade.", published=date(2021, 3, 4))
    assert [m.date for m in doc.meetings] == [None]


@pytest.mark.parametrize(
    ("text", "people", "kept"),
    [
        pytest.param("Igor Ivanov held talks with Vasily Yurchenko in Moscow.", {}, False, id="capital-as-venue"),
        pytest.param("Igor Ivanov held talks with Vasily Yurchenko in Moscow.", {"Vasily Yurchenko": "RU-MOW"}, True,
                     id="city-official-makes-it-a-side"),
        pytest.param("Igor Ivanov held talks with the Moscow government.", {}, True, id="city-named-as-a-side"),
    ],
)
def test_a_capital_only_named_as_venue_is_no_side(make_doc, text, people, kept):
    doc = make_doc(text + ABOUT_BELARUS, published=date(2021, 3, 4))
    add_spans(doc, "PERSON", PEOPLE)
    add_spans(doc, "REGION", {"Moscow": "RU-MOW"})
    doc.people = [PersonFact(name, "official", region, None) for name, region in people.items()]
    doc = meetings.keep_regional_meetings(meetings.find_meetings(doc))
    assert bool(doc.meetings) is kept


@pytest.mark.parametrize(
    ("text", "role"),
    [
        pytest.param("Alexander Lukashenko met with Vasily Yurchenko in Minsk.", "head of the region",
                     id="head-of-the-region"),
        pytest.param("A delegation of that Russian region is in Minsk on an official visit.", None,
                     id="that-russian-region"),
    ],
)
def test_the_region_the_article_is_about_for_an_unnamed_one(make_doc, text, role):
    doc = make_doc("Tomsk Oblast and Tomsk Oblast.\nTrade grew.\nPrices rose.\nPlants opened.\n" + text,
                   published=date(2021, 3, 4))
    add_spans(doc, "PERSON", PEOPLE)
    add_spans(doc, "REGION", {"Tomsk Oblast": "RU-TOM", "Minsk": "BY-HM"})
    doc.people = [PersonFact("Vasily Yurchenko", role, None, None)]
    assert [m.regions for m in meetings.find_meetings(doc).meetings] == [["BY-HM", "RU-TOM"]]


def test_an_earlier_agreement_does_not_make_the_talks_earlier(find):
    doc = find("Губернатор Воронежской области провел переговоры, подтвердив ранее достигнутые договоренности.",
               published=date(2021, 3, 4), language="ru")
    assert summary(doc) == [("meeting", date(2021, 3, 4), [], ["RU-VOR"])]


def test_talks_of_the_presidents_alone_are_the_countries_not_a_regions(find):
    doc = find("Vladimir Putin and Alexander Lukashenko held talks on transit to Tomsk Oblast.",
               published=date(2022, 7, 11))
    assert doc.meetings == []


def test_an_article_that_never_names_belarus_reports_no_event_of_the_two_sides(find):
    doc = find("Igor Ivanov met with a delegation from Heilongjiang in Tomsk Oblast.", published=date(2024, 5, 24),
               about_belarus=False)
    assert doc.meetings == []


def test_an_event_dated_years_before_the_article_is_history(find):
    doc = find("Igor Ivanov met with Vasily Yurchenko in Minsk.\n"
               "Belarus and Tomsk Oblast signed an agreement on 7 September 2005.",
               published=date(2020, 7, 8), dates={"7 September 2005": date(2005, 9, 7)})
    assert [(m.kind, m.date) for m in doc.meetings] == [("meeting", date(2020, 7, 8))]


def test_a_sentence_about_an_earlier_year_recalls_its_event(find):
    doc = find("Igor Ivanov met with Vasily Yurchenko in Minsk.\n"
               "Since the last meeting in 2022 the sides have signed a roadmap.", published=date(2023, 6, 7))
    assert [m.kind for m in doc.meetings] == ["meeting"]


def test_last_year_of_a_figure_does_not_move_the_meeting_off_the_news_day(find):
    doc = find("Trade grew 22 percent compared to the same period last year, as noted by Igor Ivanov during a meeting "
               "with Vasily Yurchenko of Novosibirsk Oblast.", published=date(2022, 11, 29))
    assert [m.date for m in doc.meetings] == [date(2022, 11, 29)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("Vasily Yurchenko said it at the meeting with Alexander Lukashenko during the Forum of Regions.",
                     "en", id="forum-after-the-talks-is-their-occasion"),
        pytest.param("Vasily Yurchenko met with Alexander Lukashenko in connection with the opening of Days of "
                     "Novosibirsk in Minsk.", "en", id="days-of-a-region-are-the-occasion"),
        pytest.param("Об этом заявил губернатор Воронежской области на встрече с Александром Лукашенко во время "
                     "Форума регионов.", "ru", id="ru-forum-after-the-talks-is-their-occasion"),
    ],
)
def test_an_event_named_as_the_occasion_of_talks_is_no_second_event(find, text, language):
    assert [m.kind for m in find(text, published=date(2020, 5, 5), language=language).meetings] == ["meeting"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("Alexander Lukashenko recalled the previous meeting with Vasily Yurchenko of Novosibirsk Oblast.",
                     "en", id="previous-meeting"),
        pytest.param("Этот девиз сформулировал Александр Лукашенко в ходе прошлой встречи с губернатором "
                     "Воронежской области.", "ru", id="ru-previous-meeting"),
    ],
)
def test_a_previous_meeting_is_recalled_not_reported(find, text, language):
    assert find(text, published=date(2020, 5, 5), language=language).meetings == []
