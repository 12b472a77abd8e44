"""The filter vocabulary: one name, one meaning and one validation for the API and the dashboard.

Both read their query strings through these definitions: the years a filter
may name, what a region code, a sector slug and a currency look like, and the
meaning of each filter name. The API's filters (api/filters.py) take their
patterns, bounds and descriptions from here, the dashboard's parameters
(dashboard/params.py) their years and their checks; a bad value is refused by
both with the same rule (the API answers 400, the dashboard its error page).
The trade filters go further: both parse them into one
`belregions.trade_query.TradeQuery`, which checks them with these rules.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# The years a filter may name: from Belarus's and Russia's independence to a far future.
FIRST_YEAR, LAST_YEAR = 1991, 2100

CODE = r"[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3}){0,2}"  # ISO 3166-2 (RU-MOW), a district (RU-FD-CEN) or RU, BY
CODES = rf"^(?:{CODE}(?:,{CODE})*)?$"
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUGS = rf"^(?:{SLUG}(?:,{SLUG})*)?$"
CURRENCY = r"^(?:[A-Za-z]{3})?$"
IDS = r"^(?:[1-9][0-9]{0,17}(?:,[1-9][0-9]{0,17})*)?$"
LANGUAGES = {"en": "English", "ru": "Russian"}


class BadParam(ValueError):
    """A query parameter's value is not acceptable; the message is shown to the user.

    Messages are translated when raised (gettext, not gettext_lazy): a /ru/ dashboard page shows them in Russian,
    while the API, never under a language prefix, always runs in English. Each starts with the parameter's name.

    `param` names the parameter at fault where one is (the API lists the message under it).
    """

    def __init__(self, message: str, param: str | None = None):
        super().__init__(message)
        self.param = param


def year(name: str, value: str | int | None) -> int | None:
    """A year from FIRST_YEAR to LAST_YEAR; blank is none."""
    value = str(value if value is not None else "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise BadParam(_("%(name)s must be a year between %(first)s and %(last)s, got %(value)r")
                       % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR, "value": value}, name)
    return int(value)


def year_range(start: int | None, end: int | None, names: tuple[str, str] = ("year_from", "year_to")) -> None:
    """The one answer to a range that ends before it starts, on every page and endpoint: a 400 naming it."""
    if start is not None and end is not None and start > end:
        raise BadParam(_("%(start_name)s (%(start)s) is after %(end_name)s (%(end)s)")
                       % {"start_name": names[0], "start": start, "end_name": names[1], "end": end}, names[0])


def choice(name: str, value: str, allowed) -> str:
    if value not in allowed:
        raise BadParam(_("%(name)s must be one of %(allowed)s, got %(value)r")
                       % {"name": name, "allowed": ", ".join(allowed), "value": value}, name)
    return value


def codes(name: str, value: str | None) -> list[str]:
    """Comma-separated region codes, upper-cased, in order, once each; blank is none."""
    value = (value or "").strip()
    if not re.fullmatch(CODES, value):
        raise BadParam(_("%(name)s: give codes like RU-MOW,RU-SPE, got %(value)r")
                       % {"name": name, "value": value[:40]}, name)
    return list(dict.fromkeys(code.upper() for code in value.split(",") if code))


# What each filter name means, wherever it is accepted (the API's docs and schema show these).
VOCABULARY: dict[str, str] = {
    "region": "A region by ISO 3166-2 code (RU-MOW; RU for Russia as a whole); comma-separated for several",
    "district": "A Russian federal district's code (RU-FD-SIB): its regions; comma-separated for several",
    "by_region": "The Belarusian side: an oblast or Minsk (BY-MI, BY-HM); comma-separated for several",
    "country": "RU: Russian regions; BY: Belarusian ones",
    "sector": "A sector's slug (agriculture, machinery); comma-separated for several",
    "person": "A person's id; comma-separated for several",
    "year_from": f"From this year on ({FIRST_YEAR}-{LAST_YEAR})",
    "year_to": f"Up to this year ({FIRST_YEAR}-{LAST_YEAR}); before year_from is a 400",
    "flow": "turnover, export or import (Belarus's side)",
    "currency": "A three-letter currency code (USD, RUB, BYN, EUR)",
    "kind": "The kind of row (a region's or a meeting's kind)",
    "language": "The article's language: en or ru",
    "q": "Words to look for; every word must match",
    "ordering": "Sort by these (comma-separated; - for descending); the primary key breaks ties",
    "fields": "Only these fields of each row (comma-separated)",
    "expand": "Related rows as objects rather than codes or ids (comma-separated)",
    "facets": "Counts per value of these columns for the current filter (comma-separated)",
    "strict": "0: ignore unknown parameters instead of answering 400",
    "page": "Page number, from 1",
    "page_size": "Rows per page, or `all` with format=csv or ndjson: every row, streamed",
    "format": "json, csv or ndjson",
}
