"""clean.strip_boilerplate: whitespace normalisation and site chrome."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.extraction import clean
from articles.extraction.clean import normalise_lines, strip_boilerplate
from articles.extraction.errors import InputError
from articles.extraction.resources import load_resources

HEADLINE = "Belarus, Tomsk Oblast to expand cooperation in education"
BODY = (
    "MINSK, 3 April (BelTA) - Belarus and Tomsk Oblast will expand cooperation in education and science, "
    "the Governor of Tomsk Oblast said at a meeting with the Belarusian delegation in Minsk."
)
BODY_2 = "The sides discussed joint research projects of the universities and the supply of buses to Tomsk."


def cleaned(make_doc, text: str) -> str:
    return strip_boilerplate(make_doc(text, sentences=False)).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("one\r\ntwo\rthree", "one\ntwo\nthree", id="crlf-and-cr"),
        pytest.param("   indented line\n\tTabbed line", "indented line\nTabbed line", id="indentation"),
        pytest.param("many    spaces   here", "many spaces here", id="space-runs"),
        pytest.param("non\u00a0breaking\u202fspaces", "non breaking spaces", id="nbsp"),
        pytest.param("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen", id="invisible-characters"),
        pytest.param("one\n\n\n\n\ntwo", "one\n\ntwo", id="one-blank-line-at-most"),
        pytest.param("\n\n  \nfirst\n \t \nsecond\n\n\n", "first\n\nsecond", id="blank-lines-at-ends"),
        pytest.param("line\u2028second", "line\nsecond", id="unicode-line-separator"),
    ],
)
def test_normalises_whitespace(make_doc, raw, expected):
    assert cleaned(make_doc, raw) == expected


@pytest.mark.parametrize(
    "chrome",
    [
        pytest.param("Font settings", id="font-settings"),
        pytest.param("Times New Roman", id="font-name"),
        pytest.param("Font size", id="font-size"),
        pytest.param("Space between letters", id="letter-spacing"),
        pytest.param("Colors scheme", id="colour-scheme"),
        pytest.param("on white", id="on-white"),
        pytest.param("On black", id="on-black"),
        pytest.param("Ru | Eng", id="language-switch"),
        pytest.param("Рус | Бел | Eng", id="language-switch-three"),
        pytest.param("RSS Вконтакте Twitter Facebook Youtube", id="social-bar"),
        pytest.param("Telegram • Instagram • VK", id="social-bar-bullets"),
        pytest.param("To the list of news", id="list-of-news"),
        pytest.param("/ / News", id="breadcrumb-slashes"),
        pytest.param("Home / News / Regions", id="breadcrumb-path"),
        pytest.param("Главная » Новости » Регионы", id="breadcrumb-russian"),
        pytest.param("• 5", id="share-counter"),
        pytest.param("· 1204", id="share-counter-middle-dot"),
        pytest.param("USD 2.9512 +0.0123", id="rate-widget"),
        pytest.param("USD 2.9512 +0.0123 EUR 3.2150 -0.0040 100 RUB 3.7710 +0.0050", id="rate-widget-row"),
        pytest.param("Share", id="share"),
        pytest.param("Print", id="print"),
        pytest.param("Tags: Belarus, Russia, regions", id="tags"),
        pytest.param("Photo: BelTA archive", id="photo-credit"),
        pytest.param("Views: 1234", id="views"),
        pytest.param("© 2012 BelTA. All rights reserved.", id="copyright"),
        pytest.param(
            "This website uses cookies to improve your experience. By continuing to browse you agree.",
            id="cookie-notice",
        ),
        pytest.param("Версия для печати", id="print-ru"),
        pytest.param("Поделиться", id="share-ru"),
        pytest.param("Размер шрифта", id="font-size-ru"),
        pytest.param("Фото: пресс-служба облисполкома", id="photo-ru"),
        pytest.param("Мы используем файлы cookie, чтобы сайт работал лучше.", id="cookie-ru"),
        pytest.param("При использовании материалов гиперссылка на сайт обязательна", id="citation-ru"),
        pytest.param("15:12", id="bare-time"),
    ],
)
def test_drops_site_chrome(make_doc, chrome):
    text = cleaned(make_doc, f"{chrome}\n{HEADLINE}\n\n{BODY}\n\n{chrome}\n{BODY_2}")
    assert text == f"{HEADLINE}\n\n{BODY}\n\n{BODY_2}"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Belarus, Russia share experience in agriculture", id="headline-with-share"),
        pytest.param("Print media forum opens in Minsk", id="headline-starting-print"),
        pytest.param("Photo exhibition on Siberia opens in Grodno", id="headline-starting-photo"),
        pytest.param("The confectionery factory exported cookies worth $2 million to Omsk.", id="cookies-in-prose"),
        pytest.param("Twitter and Facebook users praised the forum", id="social-words-in-prose"),
        pytest.param("Trade with Russia: USD 2.9 billion in 2012", id="currency-in-headline"),
    ],
)
def test_keeps_article_lines(make_doc, line):
    assert line in cleaned(make_doc, f"{line}\n\n{BODY}")


@pytest.mark.parametrize(
    "marker",
    [
        pytest.param("Other news", id="other-news"),
        pytest.param("Related news:", id="related-news-colon"),
        pytest.param("Читайте также", id="read-also-ru"),
        pytest.param("Новости по теме", id="news-on-topic-ru"),
    ],
)
def test_cuts_trailing_list_of_headlines(make_doc, marker):
    tail = "\n".join([marker, "Lukashenko meets Omsk governor", "Belarus, Tyumen sign roadmap", "Trade up 20%"])
    assert cleaned(make_doc, f"{HEADLINE}\n\n{BODY}\n\n{BODY_2}\n\n{tail}") == f"{HEADLINE}\n\n{BODY}\n\n{BODY_2}"


def test_keeps_prose_after_a_marker_in_mid_article(make_doc):
    text = cleaned(make_doc, f"{HEADLINE}\n\n{BODY}\n\nRead also\nBelarus, Omsk sign accord\n\n{BODY} {BODY_2}")
    assert text == f"{HEADLINE}\n\n{BODY}\n\n{BODY} {BODY_2}"


def test_marker_at_the_top_does_not_cut_the_article(make_doc):
    assert cleaned(make_doc, f"Related\n{HEADLINE}\n\n{BODY}") == f"{HEADLINE}\n\n{BODY}"


def test_only_chrome_is_refused_as_empty(make_doc):
    with pytest.raises(InputError) as caught:
        cleaned(make_doc, "Font settings\nRu | Eng\n\n• 5\nTo the list of news")
    assert caught.value.code == "empty"


def _normalised_step_by_step(text: str) -> list[str]:
    """normalise_lines as three substitutions, one per kind of odd character."""
    text = re.sub(r"\r\n?|[\x85\u2028\u2029]", "\n", text)
    text = re.sub(r"[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]", " ", text)
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]", "", text)
    return [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]


@given(st.lists(st.one_of(st.characters(max_codepoint=0x3100), st.just("\r\n")), max_size=40).map("".join))
def test_odd_characters_are_normalised_in_one_pass_as_in_three(text):
    assert normalise_lines(text) == _normalised_step_by_step(text)


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        pytest.param("NewsEconomySocietySportCulture", True, id="glued-menu-en"),
        pytest.param("НовостиЭкономикаОбществоСпорт", True, id="glued-menu-ru"),
        pytest.param("Minsk Cloudy +12°C", True, id="weather-widget"),
        pytest.param("Александр Лукашенко Александр Бурков Иркутская обл. Ленинградская обл. Белоруссия Минск "
                     "Псковская обл. Омск Омская обл. Общество Политика", True, id="tag-line"),
        pytest.param("Александр Лукашенко Александр Бурков Иркутская обл. Ленинградская обл. Белоруссия Минск "
                     "Псковская обл. Омск Омская обл. закон общество политика", True, id="tag-line-with-topics"),
        pytest.param("McDonald's opened in Minsk.", False, id="one-glued-name-in-prose"),
        pytest.param("Belarus, Novosibirsk Urged To Boost Cooperation In High-Tech Industries", False,
                     id="title-case-headline"),
        pytest.param("Governor Alexander Gusev met President Alexander Lukashenko in Minsk on Monday, and the "
                     "Two Sides Agreed On Several Points.", False, id="prose"),
        pytest.param(" date 2024-07-16 Belarusian President Aleksandr Lukashenko met with Governor of Russia's "
                     "Primorye Territory Oleg Kozhemyako on 16 July.", False, id="a-lead-of-names-and-titles"),
    ],
)
def test_lines_of_site_furniture_by_shape(line, chrome):
    assert clean.is_chrome(line, clean.boilerplate_rules(load_resources())) is chrome


ARTICLE = ("Belarus and Omsk Oblast will expand cooperation in agriculture, the governor said on Monday "
           "after talks in Minsk that lasted three hours.")


@pytest.mark.parametrize(
    ("tail", "kept"),
    [
        pytest.param("Lukashenko names four threats to global security\nBelarus brings together 600 participants\n"
                     "What Lukashenko replied to US official", "", id="headlines"),
        pytest.param("MAZ signs memorandum with Cuban companies\n\n21:27, 17 February\n\nTula governor visits Minsk\n\n"
                     "17:38, 12 March\n\nGrodno hosts a fair", "", id="headlines-with-their-times"),
        pytest.param("with domestic passports; they are exempt from customs\nand border control. The Customs Union\n"
                     "started on January 1", "with domestic passports", id="wrapped-prose"),
        pytest.param("Exports: $300 million.\nImports: $200 million.\nTotal: $500 million.", "Exports", id="facts"),
        pytest.param("Tula governor visits Minsk\nGrodno hosts a fair", "Tula governor", id="two-lines-are-no-list"),
    ],
)
def test_a_run_of_headlines_after_the_article_is_dropped(make_doc, tail, kept):
    doc = strip_boilerplate(make_doc(f"{ARTICLE}\n\n{tail}", sentences=False))
    assert doc.text.startswith(ARTICLE)
    assert (kept in doc.text) if kept else doc.text == ARTICLE


def test_a_paragraph_printed_with_hard_line_breaks_is_joined_back():
    lines = ["Но основной рынок – это рынок Российской Федерации. Товарооборот с Россией за 2021 год составил",
             "около ста пятидесяти миллиардов российских рублей.", "Продукция наших предприятий востребована."]
    assert clean.unwrap(lines) == [lines[0] + " " + lines[1], lines[2]]


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["Новости", "экономика"], id="short-menu-items"),
        pytest.param(["Товарооборот с Россией за 2021 год вырос на треть и составил 150 млрд рублей.",
                      "ранее сообщалось о росте"], id="a-finished-sentence"),
    ],
)
def test_lines_that_are_not_a_wrapped_sentence_stay_apart(lines):
    assert clean.unwrap(lines) == lines


def test_a_date_a_glued_menu_ran_into_is_kept(make_doc):
    text = cleaned(make_doc, " date 2018-08-29 EconomyPresidentSocietyPoliticsSport\n\nTrade grows\n\nThe body.")
    assert text.splitlines()[0] == "date 2018-08-29"
    assert "Economy" not in text


def test_a_glued_menu_with_no_date_goes_whole(make_doc):
    text = cleaned(make_doc, "Main NewsEconomySocietyPoliticsSport\n\nTrade grows\n\nThe body.")
    assert "News" not in text and "Main" not in text
