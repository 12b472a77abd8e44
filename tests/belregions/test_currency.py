"""Exchange rates: the data file, conversions and the 2016 Belarusian redenomination."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from belregions.currency import RATES_FILE, RateFileError, RateTable, denomination, parse_rates, rates


def test_it_has_a_rate_for_every_currency_and_year_the_dashboard_charts():
    table = rates()
    for currency in ("RUB", "BYN", "BYR", "EUR"):
        for year in range(2000, 2025):
            assert table.rate(currency, year) is not None, (currency, year)


def test_every_row_names_its_source_and_says_whether_it_was_checked():
    rows = list(csv.DictReader(RATES_FILE.open(encoding="utf-8")))
    assert {row["currency"] for row in rows} == {"RUB", "BYR", "BYN", "EUR"}
    for row in rows:
        assert row["source"].strip() and "http" in row["source"], row
        assert row["checked"] in ("yes", "no"), row


@pytest.mark.parametrize(
    ("amount", "currency", "year", "expected"),
    [
        pytest.param("3109000000", "RUB", 2012, 100_000_000, id="roubles-2012"),
        pytest.param("100000000", "USD", 2012, 100_000_000, id="dollars-stay"),
        pytest.param("1989500000", "BYN", 2016, 1_000_000_000, id="new-belarusian-roubles"),
        pytest.param("8336900000000", "BYR", 2012, 1_000_000_000, id="old-belarusian-roubles"),
    ],
)
def test_it_converts_to_dollars_at_the_years_average(amount, currency, year, expected):
    converted = rates().convert(Decimal(amount), currency, year)
    assert converted.currency == "USD"
    assert float(converted.amount) == pytest.approx(expected, rel=1e-9)


def test_byn_stated_before_the_redenomination_is_read_as_old_roubles():
    table = rates()
    old = table.convert(Decimal("8336900000000"), "BYN", 2012, stated_on=date(2013, 2, 1))
    new = table.convert(Decimal("833690000"), "BYN", 2012, stated_on=date(2019, 2, 1))
    assert float(old.amount) == pytest.approx(1_000_000_000)
    assert float(new.amount) == pytest.approx(1_000_000_000)
    assert "redenominated at 10,000:1" in new.basis


@pytest.mark.parametrize(
    ("currency", "stated_on", "year", "expected"),
    [
        pytest.param("BYN", date(2016, 6, 30), 2015, "BYR", id="day-before"),
        pytest.param("BYN", date(2016, 7, 1), 2015, "BYN", id="redenomination-day"),
        pytest.param("BYN", None, 2012, "BYR", id="undated-old-year"),
        pytest.param("BYN", None, 2017, "BYN", id="undated-new-year"),
        pytest.param("RUB", date(2001, 1, 1), 2000, "RUB", id="other-currencies-untouched"),
    ],
)
def test_denomination(currency, stated_on, year, expected):
    assert denomination(currency, stated_on, year) == expected


def test_it_converts_between_two_non_dollar_currencies_through_the_dollar():
    converted = rates().convert(Decimal("3109"), "RUB", 2012, to="BYR")
    assert float(converted.amount) == pytest.approx(833690, rel=1e-9)
    assert "RUB per USD" in converted.basis and "BYR per USD" in converted.basis


def test_a_year_without_a_rate_gives_none_not_a_guess():
    assert rates().convert(Decimal(1000), "RUB", 1995) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("year,currency,per_usd,source,checked\nabc,RUB,30,x,yes\n", "line 2", id="bad-year"),
        pytest.param("year,currency,per_usd,source,checked\n2000,RUB,0,x,yes\n", "positive", id="zero-rate"),
        pytest.param("year,currency,per_usd,source,checked\n2000,RUB,30,,yes\n", "source", id="no-source"),
        pytest.param("year,currency,per_usd,source,checked\n2000,RUBLE,30,x,yes\n", "ISO 4217", id="bad-code"),
        pytest.param("year,currency,per_usd,source,checked\n2000,RUB,30,x,yes\n2000,RUB,31,y,yes\n", "second",
                     id="duplicate"),
    ],
)
def test_a_malformed_rate_file_is_refused_with_the_line(text, message):
    with pytest.raises(RateFileError, match=message):
        parse_rates(io.StringIO(text))


def test_a_table_without_the_year_cannot_derive_byn():
    table = RateTable(parse_rates(io.StringIO("year,currency,per_usd,source,checked\n2010,BYR,3000,x,no\n")))
    assert table.rate("BYN", 2010).per_usd == Decimal("0.3")
    assert table.rate("BYN", 2011) is None
