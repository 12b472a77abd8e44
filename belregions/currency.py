"""Yearly average exchange rates, and the conversion of trade figures between currencies.

The rates live in `data/exchange_rates.csv`: units of a currency per US dollar,
the year's average of the issuing central bank's official rates, each row
naming its source. `checked` is "yes" where the value was compared with a
second published copy of that series, "no" where it still needs that check.

Belarus redenominated on 1 July 2016: 10,000 old roubles (BYR) became one new
rouble (BYN). The file keeps BYR rates up to 2015 and BYN rates from 2016; each
is derived from the other at 10,000:1 where asked for. A figure an article
gave in "Belarusian roubles" before the redenomination is in old roubles,
whatever code the parser put on it (see `denomination`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

RATES_FILE = Path(__file__).resolve().parent / "data" / "exchange_rates.csv"
REDENOMINATION = date(2016, 7, 1)
BYR_PER_BYN = Decimal(10000)
BASE = "USD"


class RateFileError(ValueError):
    """The rate file is malformed; the message names the line."""


@dataclass(frozen=True)
class Rate:
    year: int
    currency: str
    per_usd: Decimal
    source: str
    checked: bool
    derived: bool = False  # computed from the other Belarusian rouble at 10,000:1


@dataclass(frozen=True)
class Conversion:
    amount: Decimal
    currency: str
    # How it was converted, for the reader: "31.09 RUB per USD (Bank of Russia, 2012 average)".
    basis: str


def denomination(currency: str, stated_on: date | None, year: int) -> str:
    """The currency an amount is really in: "BYN" stated before 1 July 2016 means old roubles.

    `stated_on` is when the figure was published; without it, the figure's year decides.
    """
    if currency != "BYN":
        return currency
    before = stated_on < REDENOMINATION if stated_on else year < REDENOMINATION.year
    return "BYR" if before else "BYN"


class RateTable:
    def __init__(self, rates: list[Rate]):
        self._rates = {(r.currency, r.year): r for r in rates}

    def currencies(self) -> list[str]:
        return sorted({BASE, "BYN", "BYR"} | {c for c, _ in self._rates})

    def rate(self, currency: str, year: int) -> Rate | None:
        """The year's rate, deriving BYN from BYR (and back) at 10,000:1."""
        if currency == BASE:
            return Rate(year, BASE, Decimal(1), "", True)
        found = self._rates.get((currency, year))
        if found or currency not in ("BYN", "BYR"):
            return found
        other = self._rates.get(("BYR" if currency == "BYN" else "BYN", year))
        if other is None:
            return None
        factor = 1 / BYR_PER_BYN if currency == "BYN" else BYR_PER_BYN
        return Rate(year, currency, other.per_usd * factor, other.source, other.checked, derived=True)

    def convert(self, amount: Decimal, currency: str, year: int, to: str = BASE,
                *, stated_on: date | None = None) -> Conversion | None:
        """`amount` of `currency` in `year` expressed in `to`; None when a rate is missing."""
        currency = denomination(currency.upper(), stated_on, year)
        to = to.upper()
        if currency == to:
            return Conversion(Decimal(amount), to, "")
        source, target = self.rate(currency, year), self.rate(to, year)
        if source is None or target is None:
            return None
        converted = Decimal(amount) / source.per_usd * target.per_usd
        return Conversion(converted, to, _basis(source, target))


def _basis(source: Rate, target: Rate) -> str:
    parts = [f"{_plain(r.per_usd)} {r.currency} per USD ({_institution(r.source)}, {r.year} average"
             + (", redenominated at 10,000:1)" if r.derived else ")")
             for r in (source, target) if r.currency != BASE]
    return "; ".join(parts)


def _plain(number: Decimal) -> str:
    return f"{number:,.4f}".rstrip("0").rstrip(".")


def _institution(source: str) -> str:
    return source.split(",", 1)[0]


def parse_rates(lines) -> list[Rate]:
    rates, seen = [], set()
    for line_no, row in enumerate(csv.DictReader(lines), start=2):
        rate = _parse_row(row, line_no)
        if (rate.currency, rate.year) in seen:
            raise RateFileError(f"line {line_no}: a second {rate.currency} rate for {rate.year}")
        seen.add((rate.currency, rate.year))
        rates.append(rate)
    return rates


def _parse_row(row: dict, line_no: int) -> Rate:
    try:
        year, per_usd = int(row["year"]), Decimal(row["per_usd"])
    except (KeyError, TypeError, ValueError, ArithmeticError):
        raise RateFileError(f"line {line_no}: year and per_usd must be numbers, got {row!r}") from None
    currency, source = (row.get("currency") or "").strip().upper(), (row.get("source") or "").strip()
    if len(currency) != 3 or not currency.isalpha():
        raise RateFileError(f"line {line_no}: currency must be an ISO 4217 code, got {currency!r}")
    if per_usd <= 0 or not source:
        raise RateFileError(f"line {line_no}: the rate must be positive and name its source")
    return Rate(year, currency, per_usd, source, (row.get("checked") or "").strip() == "yes")


@lru_cache(maxsize=1)
def rates() -> RateTable:
    """The project's rate table, read once per process."""
    with RATES_FILE.open(encoding="utf-8", newline="") as handle:
        return RateTable(parse_rates(handle))
