"""Numbers and dates as an analyst reads them, in the page's language.

English: "over $200.0 million", "5.2 billion RUB", "25 May 2024", "Jan–May 2012".
Russian: "более 200,0 млн долл.", "5,2 млрд руб.", "25 мая 2024 г.", "январь–май 2012".
The words are in the message catalogue; the separators are the locale's (a comma for the decimal point
and a no-break space between thousands in Russian).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import dateformat
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext, pgettext, pgettext_lazy

from belregions.models import Qualifier
from belregions.selectors import SourceFigure
from belregions.trade_query import full_year
from dashboard.labels import FLOWS, russian

# "$1.5 billion" / "1,5 млрд долл.": the scale word and the currency's name come from the catalogue.
SCALES = ((Decimal(10) ** 12, pgettext_lazy("amount scale", "trillion")),
          (Decimal(10) ** 9, pgettext_lazy("amount scale", "billion")),
          (Decimal(10) ** 6, pgettext_lazy("amount scale", "million")))
QUALIFIER_WORDS = {Qualifier.OVER: pgettext_lazy("amount", "over"), Qualifier.UNDER: pgettext_lazy("amount", "nearly"),
                   Qualifier.ABOUT: pgettext_lazy("amount", "about"), Qualifier.EXACT: ""}
FLOW_LABELS = FLOWS
NO_BREAK = "\u00a0"


def number(value, decimals: int = 0) -> str:
    """1234567.8 -> "1,234,568" (en) or "1 234 568" (ru); with decimals, "1.5" or "1,5"."""
    text = f"{value:,.{decimals}f}"
    if russian():
        text = text.replace(",", NO_BREAK).replace(".", ",")
    return text


def money(value, currency: str = "USD") -> str:
    """200000000 USD -> "$200.0 million" / "200,0 млн долл."; 5.2e9 RUB -> "5.2 billion RUB"; None -> "–"."""
    if value is None:
        return "–"
    amount = Decimal(str(value))
    for size, word in SCALES:
        if abs(amount) >= size:
            return _with_currency(f"{number(amount / size, 1)} {word}", currency)
    return _with_currency(number(amount), currency)


# Looked up one at a time: a page's tables format thousands of amounts, and each lookup costs a catalogue call.
CURRENCY_FORMATS = {"USD": pgettext_lazy("amount in USD", "$%(amount)s"),
                    "EUR": pgettext_lazy("amount in EUR", "€%(amount)s"),
                    "RUB": pgettext_lazy("amount in RUB", "%(amount)s RUB"),
                    "BYN": pgettext_lazy("amount in BYN", "%(amount)s BYN")}


def _with_currency(text: str, currency: str) -> str:
    """The amount with its currency: translators write "$%(amount)s" or "%(amount)s долл."."""
    form = CURRENCY_FORMATS.get(currency)
    return (f"%(amount)s {currency}" if form is None else str(form)) % {"amount": text}


def stated(figure: SourceFigure) -> str:
    """The figure as its article gave it: "over $200.0 million"."""
    word = QUALIFIER_WORDS.get(figure.qualifier, "")
    return f"{word} {money(figure.amount, figure.currency)}".strip()


def day(value: date | None, missing: str = "") -> str:
    """25 May 2024 / 25 мая 2024 г.; `missing` for no date."""
    if value is None:
        return missing
    return dateformat.format(value, pgettext("day, month and year", "j F Y"))


def month_year(value: date) -> str:
    """"May 2024" / "май 2024"."""
    return f"{_month(value, full=True)} {value.year}"


def _month(value: date, full: bool = False) -> str:
    """English "Jan" (or "January"); Russian a whole lower-case name, as Russian abbreviations vary by month."""
    if russian():
        return str(MONTHS[value.month]).lower()
    return str(MONTHS[value.month] if full else MONTHS_3[value.month].title())


def period(figure) -> str:
    """"2011", or "Jan–May 2012" for part of a year (a SourceFigure or a TradeFigure)."""
    start, end = figure.period_start, figure.period_end
    if start is None:
        return gettext("undated")
    if full_year(start, end):
        return str(start.year)
    if end is None:
        return gettext("from %(month_year)s") % {"month_year": f"{_month(start)} {start.year}"}
    if end.year != start.year:
        return f"{_month(start)} {start.year}–{_month(end)} {end.year}"
    return f"{_month(start)}–{_month(end)} {end.year}"


def short_day(value: date) -> str:
    """"25 Sep 2024" in English (the tables' narrow columns); "25 сентября 2024 г." in Russian, whose month
    abbreviations are not regular enough to cut by rule."""
    if russian():
        return day(value)
    return f"{value.day} {value:%b %Y}"
