"""The query string: every view's state lives there, and a bad value gets a 400 that says why.

Each page reads its parameters through these helpers, so that `?from=20x0`
or `?chart=pie` is answered "from must be a year between 1991 and 2100",
never with a 500 or a silently different page. The trade filters (from, to,
regions, flow, currency) are read into a `TradeQuery`, which checks them as
it checks the API's (`trade_query`); these helpers only read the strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _

from belregions import params as vocabulary
from belregions.params import FIRST_YEAR, LAST_YEAR, BadParam  # noqa: F401 - the shared vocabulary's, for the pages
from belregions.trade_query import Names, TradeQuery

CHART_TYPES = ("bar", "line")
FORMATS = ("html", "json", "csv")
OUTPUT_PARAMETERS = ("format", "data")  # what every page takes besides its own: Output's
CURRENCIES_OFFERED = ("USD", "RUB", "BYN", "EUR")  # the forms' choices; any currency with rates is accepted
NAMES = Names(year_from="from", year_to="to")  # the pages' names for the trade filters, as messages name them


def one(query: QueryDict, name: str) -> str | None:
    value = query.get(name, "").strip()
    return value or None


def year(query: QueryDict, name: str) -> int | None:
    return vocabulary.year(name, one(query, name))


def trade_query(query: QueryDict, *, regions: int = 0, flow: str | None = None) -> TradeQuery:
    """The page's trade filters: from, to and currency; `regions` (at most this many) and `flow` (this the
    default) on the pages that take them. A page without a flow shows every flow."""
    return TradeQuery(regions=codes(query, "regions", regions) if regions else (),
                      year_from=year(query, "from"), year_to=year(query, "to"),
                      flow=(one(query, "flow") or flow) if flow else None,
                      currency=(one(query, "currency") or "USD").upper(), names=NAMES)


def choice(query: QueryDict, name: str, allowed, default: str | None = None) -> str | None:
    value = one(query, name)
    return default if value is None else vocabulary.choice(name, value, allowed)


def number(query: QueryDict, name: str, default: int, low: int, high: int) -> int:
    value = one(query, name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadParam(_("%(name)s must be a whole number from %(low)s to %(high)s, got %(value)r")
                       % {"name": name, "low": low, "high": high, "value": value}, param=name)
    return int(value)


def codes(query: QueryDict, name: str, limit: int) -> list[str]:
    """Region codes as `?regions=RU-NVS,RU-KYA` or `?regions=RU-NVS&regions=RU-KYA`, in order, once each."""
    found: list[str] = []
    for value in query.getlist(name):
        for code in value.split(","):
            code = code.strip().upper()
            if code and code not in found:
                found.append(code)
    if len(found) > limit:
        raise BadParam(_("%(name)s: at most %(limit)s regions at once, got %(count)s")
                       % {"name": name, "limit": limit, "count": len(found)}, param=name)
    return found


def known_only(query: QueryDict, names) -> None:
    """Refuse what the page does not understand: a parameter it does not take (a misspelt filter would
    otherwise show everything, unfiltered), or one given twice (which of the two was meant?).
    `format` and `data` (the JSON twin, a chart's data) are every page's."""
    taken = (*names, *OUTPUT_PARAMETERS)
    for name in query:
        if name not in taken:
            raise BadParam(_("%(name)s is not a parameter of this page; it takes %(names)s")
                           % {"name": name, "names": ", ".join(taken)}, param=name)
        if len(query.getlist(name)) > 1:
            raise BadParam(_("%(name)s is given more than once") % {"name": name}, param=name)


def currency(query: QueryDict) -> str:
    return TradeQuery(currency=(one(query, "currency") or "USD").upper(), names=NAMES).currency


@dataclass(frozen=True)
class Output:
    """What the request asks for: the page, its JSON twin, or one chart's data."""

    format: str
    data: str | None  # a table's name

    @classmethod
    def from_query(cls, query: QueryDict) -> Output:
        fmt = choice(query, "format", FORMATS, "html")
        data = one(query, "data")
        if fmt == "csv" and not data:
            raise BadParam(_("format=csv needs data=<chart> (the CSV link beside each chart)"), param="format")
        return cls(fmt, data)


def with_params(query: QueryDict, **changes) -> str:
    """This page's query string with some parameters changed (None removes one)."""
    params = {k: v for k, v in query.items() if k not in ("format", "data")}
    for key, value in changes.items():
        key = key.rstrip("_")  # from_ for from
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"
