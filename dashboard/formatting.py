"""Numbers as an analyst reads them: "over $200.0 million", "5.2 billion RUB"."""

from __future__ import annotations

from decimal import Decimal

from belregions.models import Flow, Qualifier
from belregions.selectors import SourceFigure
from belregions.trade_query import full_year

SYMBOLS = {"USD": "$", "EUR": "€"}
SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
QUALIFIER_WORDS = {Qualifier.OVER: "over", Qualifier.UNDER: "nearly", Qualifier.ABOUT: "about", Qualifier.EXACT: ""}
FLOW_LABELS = dict(Flow.choices)


def money(value, currency: str = "USD") -> str:
    """200000000 USD -> "$200.0 million"; 5.2e9 RUB -> "5.2 billion RUB"; None -> "–"."""
    if value is None:
        return "–"
    amount = Decimal(str(value))
    for size, word in SCALES:
        if abs(amount) >= size:
            text = f"{amount / size:,.1f} {word}"
            break
    else:
        text = f"{amount:,.0f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def stated(figure: SourceFigure) -> str:
    """The figure as its article gave it: "over $200.0 million"."""
    word = QUALIFIER_WORDS.get(figure.qualifier, "")
    return f"{word} {money(figure.amount, figure.currency)}".strip()


def period(figure) -> str:
    """"2011", or "Jan–May 2012" for part of a year (a SourceFigure or a TradeFigure)."""
    start, end = figure.period_start, figure.period_end
    if start is None:
        return "undated"
    if full_year(start, end):
        return str(start.year)
    if end is None or end.year != start.year:
        return f"{start:%b %Y}–{end:%b %Y}" if end else f"from {start:%b %Y}"
    return f"{start:%b}–{end:%b %Y}"
