from decimal import Decimal

import pytest

from articles.extraction.money import find_money, parse_number
from articles.extraction.resources import load_resources

M = Decimal(10) ** 6
B = Decimal(10) ** 9


def money_in(make_doc, text: str, language: str = "en") -> list[tuple[str, Decimal, str]]:
    doc = find_money(make_doc(text, language=language))
    return [(s.text, s.value[0], s.value[1]) for s in doc.spans_of("MONEY")]


@pytest.mark.parametrize(
    ("text", "written", "amount", "currency"),
    [
        pytest.param("turnover topped $200 million", "$200 million", 200 * M, "USD", id="dollar-sign-million"),
        pytest.param("it reached $1.5 billion.", "$1.5 billion", Decimal("1.5") * B, "USD", id="dollar-billion"),
        pytest.param("some $ 190 million of goods", "$ 190 million", 190 * M, "USD", id="space-after-symbol"),
        pytest.param("sales of $132m last year", "$132m", 132 * M, "USD", id="short-m"),
        pytest.param("a $1.2bn surplus", "$1.2bn", Decimal("1.2") * B, "USD", id="short-bn"),
        pytest.param("exports of USD 500 mln", "USD 500 mln", 500 * M, "USD", id="code-before-mln"),
        pytest.param("worth US$ 300 million", "US$ 300 million", 300 * M, "USD", id="us-dollar-sign"),
        pytest.param("500 million US dollars in trade", "500 million US dollars", 500 * M, "USD", id="words-after"),
        pytest.param("half a billion US dollars", "half a billion US dollars", 500 * M, "USD", id="half-a-billion"),
        pytest.param("strive for a billion dollars", "a billion dollars", B, "USD", id="a-billion"),
        pytest.param("8.5 billion Russian rubles", "8.5 billion Russian rubles", Decimal("8.5") * B, "RUB",
                     id="russian-rubles"),
        pytest.param("RUB 8.5 billion was paid", "RUB 8.5 billion", Decimal("8.5") * B, "RUB", id="rub-code"),
        pytest.param("housing (RUB32,000) per metre", "RUB32,000", Decimal(32000), "RUB", id="thousands-comma"),
        pytest.param("BYN 12 million budget", "BYN 12 million", 12 * M, "BYN", id="byn-code"),
        pytest.param("Br12 million budget", "Br12 million", 12 * M, "BYN", id="br-symbol"),
        pytest.param("a €40 million plant", "€40 million", 40 * M, "EUR", id="euro-sign"),
        pytest.param("40 million euros of loans", "40 million euros", 40 * M, "EUR", id="euros-word"),
        pytest.param("1,234,567 dollars", "1,234,567 dollars", Decimal(1234567), "USD", id="grouped-digits"),
    ],
)
def test_english_amounts(make_doc, text, written, amount, currency):
    assert money_in(make_doc, text) == [(written, amount, currency)]


@pytest.mark.parametrize(
    ("text", "written", "amount", "currency"),
    [
        pytest.param("товарооборот $500 млн", "$500 млн", 500 * M, "USD", id="symbol-mln"),
        pytest.param("составил 500 млн долларов", "500 млн долларов", 500 * M, "USD", id="mln-dollars"),
        pytest.param("1,5 млрд долларов США", "1,5 млрд долларов США", Decimal("1.5") * B, "USD", id="decimal-comma"),
        pytest.param("8,5 млрд российских рублей", "8,5 млрд российских рублей", Decimal("8.5") * B, "RUB",
                     id="russian-rubles"),
        pytest.param("около полмиллиарда долларов", "полмиллиарда долларов", 500 * M, "USD", id="half-billion-glued"),
        pytest.param("более 1 млрд долл. в год", "1 млрд долл.", B, "USD", id="abbreviated-dollars"),
        pytest.param("достиг $1,2 млрд", "$1,2 млрд", Decimal("1.2") * B, "USD", id="symbol-decimal-comma"),
        pytest.param("стоимость 32 000 рублей", "32 000 рублей", Decimal(32000), "RUB", id="space-thousands"),
        pytest.param("12 млн белорусских рублей", "12 млн белорусских рублей", 12 * M, "BYN", id="belarusian-rubles"),
        pytest.param("приблизился к 200 миллионам долларов", "200 миллионам долларов", 200 * M, "USD",
                     id="scale-in-the-dative"),
        pytest.param("около ста пятидесяти миллиардов российских рублей", "ста пятидесяти миллиардов российских рублей",
                     150 * B, "RUB", id="compound-number-in-words"),
        pytest.param("составил почти миллиард долларов", "миллиард долларов", B, "USD", id="bare-billion"),
        pytest.param("более миллиарда долларов", "миллиарда долларов", B, "USD", id="bare-billion-genitive"),
    ],
)
def test_russian_amounts(make_doc, text, written, amount, currency):
    assert money_in(make_doc, text, language="ru") == [(written, amount, currency)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("about 5,000 square meters of exhibition space", id="area"),
        pytest.param("34 projects in ten areas", id="count"),
        pytest.param("Brazil 12 million people", id="br-inside-word"),
        pytest.param("the 2019 Winter Universiade", id="year"),
    ],
)
def test_numbers_without_currency_are_not_money(make_doc, text):
    assert money_in(make_doc, text) == []


def test_a_year_before_a_code_is_not_money(make_doc):
    assert money_in(make_doc, "in 2011 RUB 8.5 billion was spent") == [
        ("RUB 8.5 billion", Decimal("8.5") * B, "RUB")
    ]


def test_spans_carry_offsets_and_rule(make_doc):
    doc = find_money(make_doc("Trade neared $1.5 billion."))
    (span,) = doc.spans_of("MONEY")
    assert doc.text[span.start : span.end] == "$1.5 billion"
    assert span.rule == "money.prefix"


@pytest.mark.parametrize(
    ("written", "decimal_comma", "value"),
    [
        pytest.param("1,234,567", False, Decimal(1234567), id="commas-group"),
        pytest.param("1,5", True, Decimal("1.5"), id="russian-decimal"),
        pytest.param("1,500", False, Decimal(1500), id="english-thousands"),
        pytest.param("1,500", True, Decimal("1.5"), id="russian-three-decimals"),
        pytest.param("32\u00a0000", True, Decimal(32000), id="no-break-space"),
        pytest.param("3,083.4", False, Decimal("3083.4"), id="comma-thousands-point-decimal"),
        pytest.param("3.083,4", True, Decimal("3083.4"), id="point-thousands-comma-decimal"),
        pytest.param("1.234.567", False, Decimal(1234567), id="dots-group"),
    ],
)
def test_parse_number(written, decimal_comma, value):
    assert parse_number(written, decimal_comma) == value


def test_money_table_has_both_languages():
    table = load_resources().table("money")
    assert table["about"]
    for key in ("prefixes", "currencies", "scales", "number_words", "glued_number_words"):
        assert set(table[key]) == {"en", "ru"}, key


@pytest.mark.parametrize(
    ("text", "language", "part"),
    [
        pytest.param("Turnover exceeded $350 million. Almost 140 of them are exports.", "en",
                     ("140", 140 * M, "USD"), id="of-them"),
        pytest.param("Оборот составил 900 млн рублей, из которых почти 300 – экспорт.", "ru",
                     ("300", 300 * M, "RUB"), id="iz-kotoryh"),
    ],
)
def test_a_bare_number_said_to_be_part_of_an_amount_takes_its_scale(make_doc, text, language, part):
    assert money_in(make_doc, text, language)[-1] == part


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Turnover exceeded $350 million.\nAlmost 140 of them are exports.", id="another-paragraph"),
        pytest.param("Turnover exceeded $350 million. About 400 of them are exports.", id="larger-than-the-whole"),
        pytest.param("The plant sold 300 tractors. 140 of them went abroad.", id="no-amount-before"),
    ],
)
def test_no_part_without_a_whole(make_doc, text):
    assert all(written != "140" and written != "400" for written, _, _ in money_in(make_doc, text))


@pytest.mark.parametrize(
    ("text", "written", "amount"),
    [
        pytest.param("trade of $1-1.2 billion", "$1-1.2 billion", Decimal("1.2") * B, id="hyphen"),
        pytest.param("trade of $1 – 1.2 billion", "$1 – 1.2 billion", Decimal("1.2") * B, id="spaced-dash"),
    ],
)
def test_a_range_is_read_as_its_upper_bound(make_doc, text, written, amount):
    assert money_in(make_doc, text) == [(written, amount, "USD")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("сотни миллионов долларов", id="hundreds-of-millions-is-no-amount"),
        pytest.param("миллионов долларов инвестиций", id="bare-plural-scale"),
    ],
)
def test_a_plural_scale_alone_is_no_amount(make_doc, text):
    assert money_in(make_doc, text, language="ru") == []
