"""dating: the article's own date from made-up page openings, as real pages print them.

Every case runs the pipeline's steps up to dating on the raw text, so chrome removal, the title and
the body's start all play their part, as they do on a stored page."""

from __future__ import annotations

from datetime import date

import pytest

from articles.extraction import dating
from articles.extraction.document import Config, Document
from articles.extraction.pipeline import STEPS, run
from articles.extraction.resources import load_resources

UP_TO_DATING = STEPS[: STEPS.index(dating.date_document) + 1]

EN_LEAD = (
    "Belarus and Omsk Oblast will expand cooperation in agriculture and machine building, the Governor of Omsk "
    "Oblast said at a meeting with the Belarusian delegation in Minsk."
)
EN_MORE = (
    "The sides discussed joint projects in the production of buses and road machinery. The governor invited "
    "Belarusian companies to take part in the construction of housing in the region."
)
RU_LEAD = (
    "Беларусь и Омская область расширят сотрудничество в сельском хозяйстве и машиностроении, сообщил "
    "губернатор Омской области на встрече с белорусской делегацией в Минске."
)
RU_MORE = (
    "Стороны обсудили совместные проекты по производству автобусов и дорожной техники. Губернатор пригласил "
    "белорусские предприятия к участию в строительстве жилья в регионе."
)
EN_HEADLINE = "Belarus, Omsk Oblast to expand cooperation"
RU_HEADLINE = "Беларусь и Омская область расширят сотрудничество"


def dated(text: str) -> Document:
    return run(Document(source="test", raw=text.encode(), config=Config(resources=load_resources())), UP_TO_DATING)


def published(text: str) -> date | None:
    return dated(text).published


def en_page(*header: str, lead: str = EN_LEAD, more: str = EN_MORE) -> str:
    return "\n".join(header) + f"\n\n{lead}\n\n{more}\n"


def ru_page(*header: str, lead: str = RU_LEAD, more: str = RU_MORE) -> str:
    return "\n".join(header) + f"\n\n{lead}\n\n{more}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(en_page(EN_HEADLINE, "3 October 2020, 11:05"), date(2020, 10, 3), id="date-then-time"),
        pytest.param(en_page(EN_HEADLINE, "12:40, 05.06.2019"), date(2019, 6, 5), id="time-then-dotted-date"),
        pytest.param(en_page("12:40, 05.06.2019", EN_HEADLINE), date(2019, 6, 5), id="date-line-above-headline"),
        pytest.param(en_page(EN_HEADLINE, "2019-06-05T12:40:00+03:00"), date(2019, 6, 5), id="iso-stamp"),
        pytest.param(en_page(EN_HEADLINE, "Posted: 2019-06-05 12:40"), date(2019, 6, 5), id="posted-iso"),
        pytest.param(en_page(EN_HEADLINE, "June 5, 2019"), date(2019, 6, 5), id="us-month-first"),
        pytest.param(en_page(EN_HEADLINE, "June 5, 2019 at 11:05 am"), date(2019, 6, 5), id="us-with-time"),
        pytest.param(en_page(EN_HEADLINE, "Wednesday, June 5, 2019"), date(2019, 6, 5), id="us-weekday"),
        pytest.param(en_page(EN_HEADLINE, "Wed, 5 Jun 2019 11:05"), date(2019, 6, 5), id="abbreviated-weekday"),
        pytest.param(
            en_page(EN_HEADLINE, "Published: 5 June 2019 | Updated: 7 June 2019"), date(2019, 6, 5),
            id="updated-stamp-after-published",
        ),
        pytest.param(
            en_page(EN_HEADLINE, "Updated: 09.06.2019, 10:12", "Published: 05.06.2019, 08:00"), date(2019, 6, 5),
            id="updated-stamp-above-published",
        ),
        pytest.param(
            en_page("USD 2.5512", "EUR 2.8874", "Minsk +12 °C", "News | Economy | Regions", "5 June 2019",
                    EN_HEADLINE),
            date(2019, 6, 5),
            id="date-line-under-widgets",
        ),
        pytest.param(
            en_page("Saturday, 25 May 2024", "News | Economy | Regions", EN_HEADLINE, "15:48 03 November 2022"),
            date(2022, 11, 3),
            id="crawl-header-above-article-date",
        ),
        pytest.param(
            en_page("Sunday, June 17, 2018", EN_HEADLINE,
                    more=EN_MORE + " Belarus invested about $500 million in the region in 2013. "
                    "Next year the sides plan to double it."),
            None,
            id="crawl-header-years-after-the-story",
        ),
        pytest.param(
            en_page("Saturday, 25 May 2024", EN_HEADLINE,
                    more="In January-April 2017 the trade between Belarus and Omsk Oblast grew by 20%."),
            None,
            id="crawl-header-contradicted-by-year-to-date",
        ),
        pytest.param(
            en_page(" date 2019-12-13 " + EN_HEADLINE,
                    lead="To double the trade with Omsk Oblast is the task. June 10, the Governor of Omsk Oblast "
                    "held talks with the President of Belarus in Minsk on cooperation in agriculture."),
            None,
            id="site-stamp-months-after-the-reported-day",
        ),
        pytest.param(
            en_page("https://www.example.by/news/2017-01-12-other-story/", EN_HEADLINE, "5 June 2019"),
            date(2019, 6, 5),
            id="date-inside-an-address",
        ),
        pytest.param(
            en_page(EN_HEADLINE, lead="MINSK, 5 June (BelTA) - " + EN_LEAD,
                    more="In January-April 2019 the trade between Belarus and Omsk Oblast grew by 20%."),
            date(2019, 6, 5),
            id="dateline-year-from-year-to-date-figure",
        ),
        pytest.param(
            en_page(EN_HEADLINE, lead=EN_LEAD + " The Governor of Omsk Oblast met the President of Belarus on "
                    "27 November.",
                    more="In January-September 2014 the trade grew by 9% in comparison with 2013."),
            date(2014, 11, 27),
            id="meeting-day-in-the-lead-paragraph",
        ),
        pytest.param(
            en_page(EN_HEADLINE, "11:26, 12 February",
                    more="This decision was formalized by Resolution No.81 as of 10 February 2020 posted on "
                    "the legal portal on 12 February."),
            date(2020, 2, 12),
            id="year-from-a-full-date-days-before",
        ),
    ],
)
def test_english_date_lines(text, expected):
    assert published(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ru_page(RU_HEADLINE, "05 июня 2019 г."), date(2019, 6, 5), id="ru-day-month-year-g"),
        pytest.param(ru_page(RU_HEADLINE, "Опубликовано: 5 июня 2019"), date(2019, 6, 5), id="ru-published-label"),
        pytest.param(ru_page(RU_HEADLINE, "5 июня 2019, 12:40"), date(2019, 6, 5), id="ru-date-then-time"),
        pytest.param(ru_page("12:40, 05.06.2019", RU_HEADLINE), date(2019, 6, 5), id="ru-time-then-date"),
        pytest.param(ru_page(RU_HEADLINE, "Среда, 5 июня 2019"), date(2019, 6, 5), id="ru-weekday"),
        pytest.param(ru_page(RU_HEADLINE, "ср, 05.06.2019 12:40"), date(2019, 6, 5), id="ru-short-weekday"),
        pytest.param(ru_page(RU_HEADLINE, "05.06.201912:40"), date(2019, 6, 5), id="ru-date-glued-to-time"),
        pytest.param(
            ru_page(RU_HEADLINE, "Обновлено: 07.06.2019", "Опубликовано: 05.06.2019"), date(2019, 6, 5),
            id="ru-updated-stamp",
        ),
        pytest.param(
            ru_page(RU_HEADLINE, lead="МИНСК, 5 июня. /ТАСС/. " + RU_LEAD,
                    more="За январь-апрель 2019 года товарооборот вырос на 20%."),
            date(2019, 6, 5),
            id="ru-tass-dateline",
        ),
        pytest.param(
            ru_page(RU_HEADLINE, lead="МИНСК, 5 июня /Корр. БЕЛТА/ - " + RU_LEAD,
                    more="За январь-апрель 2019 года товарооборот вырос на 20%."),
            date(2019, 6, 5),
            id="ru-belta-dateline",
        ),
        pytest.param(
            ru_page(RU_HEADLINE, lead=RU_LEAD + " Об этом глава государства сообщил на встрече с губернатором "
                    "во вторник, 7 декабря.",
                    more="За январь-сентябрь 2021 года товарооборот вырос на 13%."),
            date(2021, 12, 7),
            id="ru-meeting-day-in-the-lead-paragraph",
        ),
        pytest.param(
            ru_page("Суббота, 25 мая 2024", RU_HEADLINE, "15:48 03.11.2022"), date(2022, 11, 3),
            id="ru-crawl-header",
        ),
        pytest.param(
            RU_LEAD + " " + RU_MORE + "\n" + RU_HEADLINE + "\n15 сентября 202215 сен 2022\n",
            date(2022, 9, 15),
            id="ru-headline-and-date-under-the-body",
        ),
    ],
)
def test_russian_date_lines(text, expected):
    assert published(text) == expected


@pytest.mark.parametrize(
    ("lead", "rule"),
    [
        pytest.param("МИНСК, 5 июня. /ТАСС/. ", "dateline_day_month", id="tass"),
        pytest.param("5 июня, Минск /Корр. БЕЛТА/. ", "dateline_date_city", id="belta-russian-date-first"),
        pytest.param("GRODNO, 3 June (BelTA) ", "dateline_day_month", id="agency-without-dash"),
        pytest.param("МОСКВА, 5 июн — РИА Новости. ", "dateline_day_month", id="ria"),
    ],
)
def test_datelines_outweigh_a_site_date(lead, rule):
    """An agency's dateline is the article's day, whatever date the site prints above the headline."""
    doc = dated(ru_page("17.01.2020", RU_HEADLINE, lead=lead + RU_LEAD,
                        more=RU_MORE + " За январь-апрель 2019 года товарооборот вырос на 20%."))
    dateline = next(s for s in doc.spans_of("DATE") if s.rule.startswith("dateline"))
    assert dateline.rule == rule
    assert doc.published == date(2019, dateline.value[1], dateline.value[2])


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("2019/06/05", id="year-first-slashed"),
        pytest.param("05-06-2019", id="dashed"),
        pytest.param("05.06.19, 11:05", id="two-digit-year-with-time"),
        pytest.param("June 5, 2019 / 11:05 AM / Updated 2 years ago", id="slashed-stamp-not-a-breadcrumb"),
        pytest.param("5th June 2019", id="ordinal"),
    ],
)
def test_more_date_line_forms(header):
    assert published(en_page(EN_HEADLINE, header)) == date(2019, 6, 5)


def test_a_two_digit_year_inside_prose_is_no_date():
    text = en_page(EN_HEADLINE, lead=EN_LEAD + " The plant raised output by 12.05.19 percent points.")
    assert published(text) is None


def test_a_date_line_below_the_story_dates_it():
    """Some sites print the article's date and time under its text, above the author's name."""
    text = en_page(EN_HEADLINE, more=EN_MORE + "\n28.07.2025 11:16\nRoman Bychkov")
    assert published(text) == date(2025, 7, 28)


def test_a_list_of_dated_stories_below_gives_no_date():
    """Related stories each carry their own date and time: none of them is the article's."""
    text = en_page(EN_HEADLINE, more=EN_MORE + "\n\n28.07.2025 11:16\nTomsk plant ships buses to Minsk\n\n"
                                             "27.07.2025 09:02\nGomel hosts a fair of Russian regions")
    assert published(text) is None


def test_a_dateline_under_a_standfirst_still_dates_the_article():
    standfirst = ("Практически половина белорусского экспорта в российский регион приходится на промышленную "
                  "продукцию, также большая часть поставок приходится на нефтехимию.\nПодписывайтесь на нас\n\n")
    text = ru_page(RU_HEADLINE, lead=standfirst + "МИНСК, 1 окт – Sputnik. " + RU_LEAD,
                   more=RU_MORE + " В январе-августе 2019 года товарооборот вырос на 10%.")
    assert published(text) == date(2019, 10, 1)


@pytest.mark.parametrize(
    ("forecast", "this_year"),
    [
        pytest.param("Беларусь и Омская область в 2019 году сохранят товарооборот на уровне $1 млрд.",
                     "В текущем году поставки техники будут несколько ниже.", id="ru-perfective-future"),
        pytest.param("Belarus and Omsk Oblast will keep their trade at $1 billion in 2019.",
                     "This year machinery supplies will be somewhat lower.", id="en-will"),
    ],
)
def test_a_forecast_for_a_named_year_and_this_year_pin_the_year(forecast, this_year):
    """The contract's "'this year' with a figure for a named year": a day without a year takes that year."""
    page = ru_page if forecast[0] in "БО" else en_page
    headline = RU_HEADLINE if page is ru_page else EN_HEADLINE
    dateline = "МИНСК, 1 октября. /ТАСС/. " if page is ru_page else "MINSK, 1 October (BelTA) – "
    text = page(headline, lead=dateline + forecast, more=this_year)
    assert published(text) == date(2019, 10, 1)


def test_a_forecast_without_this_year_pins_nothing():
    text = en_page(EN_HEADLINE, lead="MINSK, 1 October (BelTA) – Belarus and Omsk Oblast will keep their trade at "
                                     "$1 billion in 2019.")
    assert published(text) is None


def test_exceed_is_no_past_verb():
    """'to exceed last year's figures in 2022' is a goal for 2022, not a report that 2022 is over."""
    text = en_page(EN_HEADLINE, "29 Mar 2022", lead="ST PETERSBURG, 29 March (BelTA) – " + EN_LEAD,
                   more="He stressed it is necessary to exceed last year's figures in 2022. In 2021 trade totaled "
                        "$1.7 billion.")
    assert published(text) == date(2022, 3, 29)


def test_a_year_both_forecast_and_reported_on_is_under_way():
    """A December review: "is set to total … in 2010" and "in 2010 thirty firms were registered"."""
    text = en_page(EN_HEADLINE, lead="MINSK, 23 December (BelTA) – Trade with Omsk Oblast is set to total about "
                                     "$1.5 billion in 2010, the ambassador said.",
                   more="In 2010 thirty companies with Belarusian shares were registered in the region.")
    assert published(text) == date(2010, 12, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(en_page(EN_HEADLINE, "20 December 2011", lead="VITEBSK, 19 December (BelTA) – " + EN_LEAD),
                     date(2011, 12, 19), id="page-date-a-day-after-the-dateline"),
        pytest.param(ru_page(RU_HEADLINE, "20.12.2011", lead="МИНСК, 19 декабря. /ТАСС/. " + RU_LEAD),
                     date(2011, 12, 19), id="ru-page-date-a-day-after-the-dateline"),
        pytest.param(en_page(EN_HEADLINE, "17 May 2021", lead="VITEBSK, 19 December (BelTA) – " + EN_LEAD),
                     None, id="a-page-date-months-away-gives-no-year"),
    ],
)
def test_a_dateline_without_a_year_takes_it_from_the_pages_date_a_few_days_later(text, expected):
    assert published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ru_page("СубботаСб, 30 ноября 23:18", RU_HEADLINE, "16 ноября 2010 года, 09:55"),
                     id="ru-weekday-widget-run-together"),
        pytest.param(ru_page("Суббота, 30 ноября 23:18", RU_HEADLINE, "16 ноября 2010 года, 09:55"),
                     id="ru-weekday-line"),
        pytest.param(en_page("Saturday, 30 November 23:18", EN_HEADLINE, "16 November 2010, 09:55"),
                     id="en-weekday-line"),
    ],
)
def test_a_yearless_weekday_line_above_the_headline_is_the_sites_date(text):
    assert published(text) == date(2010, 11, 16)
