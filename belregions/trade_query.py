"""The trade filters: one `TradeQuery`, checked by one policy, whichever page or endpoint asked.

The dashboard's pages (dashboard/params.py) and the API (api/filters.py) read
their query strings into a TradeQuery; the consolidated trade
(belregions/selectors.py) is read through it. Constructing one checks it, so a
TradeQuery that exists is valid: codes look like codes, the years lie between
FIRST_YEAR and LAST_YEAR, a range does not end before it starts (a 400 naming
the parameter, as `belregions.params.year_range` answers it everywhere), the
flow and the currency are known. A message names the parameter as the request
spelled it (`from` on the dashboard, `year_from` in the API): `Names`.

Also here, because every reader of trade figures needs them the same way: the
figures' rows read by name (`figure_rows`), the full-year test (`full_year`)
and "one figure or the sum of N figures" (`PointSum`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from belregions.currency import rates
from belregions.models import BELARUS, RUSSIA, Flow, TradeFigure, TradeKey
from belregions.params import CODE, BadParam, choice, year, year_range

if TYPE_CHECKING:
    from belregions.selectors import TradePoint


class TradeQueryError(BadParam):
    """A trade filter makes no sense; the message says which, and `param` names it."""


@dataclass(frozen=True)
class Names:
    """The query parameter each filter is read from, as a request spells it; messages name these."""

    regions: str = "regions"
    partners: str = "partners"
    district: str = "district"
    country: str = "country"
    year_from: str = "year_from"
    year_to: str = "year_to"
    flow: str = "flow"
    currency: str = "currency"


FIELD_NAMES = Names()  # a TradeQuery made in code: its own field names


@dataclass(frozen=True)
class TradeQuery:
    """Which consolidated trade points to read: every filter optional, the currency of their values.

    regions: Russian regions or districts (the Russian side), Belarusian oblasts (the partner), or RU
      for figures about Russia as a whole; a point matches on either side.
    partners: the Belarusian side only: oblasts, or BY for Belarus as a whole.
    district: a federal district's code: its subjects' figures and its own.
    country: RU: figures about a Russian region or district; BY: about a Belarusian oblast.
    """

    regions: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    district: str | None = None
    country: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    flow: str | None = None
    currency: str = "USD"
    names: Names = field(default=FIELD_NAMES, compare=False, repr=False)

    def __post_init__(self) -> None:
        try:
            self._normalise()
            self._check()
        except TradeQueryError:
            raise
        except BadParam as exc:  # the shared vocabulary's checks: the same message, as this module's error
            raise TradeQueryError(str(exc), exc.param) from None

    def _normalise(self) -> None:
        """Codes upper-cased, once each, in order (the frozen instance is set once, here).

        A currency is not: ISO 4217's codes are upper-case, and the API refuses others as its schema says.
        """
        names = self.names
        object.__setattr__(self, "regions", _codes(names.regions, self.regions))
        object.__setattr__(self, "partners", _codes(names.partners, self.partners))
        if self.district:
            object.__setattr__(self, "district", _codes(names.district, [self.district])[0])

    def _check(self) -> None:
        names = self.names
        if self.country is not None:
            choice(names.country, self.country, (RUSSIA, BELARUS))
        year(names.year_from, self.year_from)
        year(names.year_to, self.year_to)
        year_range(self.year_from, self.year_to, (names.year_from, names.year_to))
        if self.flow is not None:
            choice(names.flow, self.flow, Flow.values)
        choice(names.currency, self.currency, rates().currencies())

    def figures(self) -> QuerySet[TradeFigure]:
        """The active, dated figures of the points asked for: what the consolidation reads."""
        query = TradeFigure.objects.active().filter(period_start__isnull=False)
        if self.regions:
            wanted = Q(region_id__in=self.regions) | Q(by_region_id__in=self.regions)
            query = query.filter(wanted | Q(region__isnull=True) if RUSSIA in self.regions else wanted)
        if self.partners:
            partner = Q(by_region_id__in=set(self.partners) - {BELARUS})
            query = query.filter(partner | Q(by_region__isnull=True) if BELARUS in self.partners else partner)
        if self.district:
            query = query.filter(Q(region__district_id=self.district) | Q(region_id=self.district))
        if self.country == RUSSIA:
            query = query.filter(region__isnull=False)
        elif self.country == BELARUS:
            query = query.filter(by_region__isnull=False)
        if self.year_from is not None:
            query = query.filter(period_start__gte=date(self.year_from, 1, 1))
        if self.year_to is not None:
            query = query.filter(period_start__lte=date(self.year_to, 12, 31))
        return query.filter(flow=self.flow) if self.flow else query

    def keys(self) -> QuerySet[TradeKey]:
        """The keys of the points asked for, in the consolidation's order: a paged reader counts and slices it."""
        keys = TradeKey.objects.order_by("region_code", "partner_code", "year", "flow")
        if self.regions:  # as in figures(): either side; RU is Russia as a whole, nothing is Belarus as a whole
            keys = keys.filter(Q(region_code__in=self.regions) | Q(partner_code__in=set(self.regions) - {BELARUS}))
        if self.partners:
            keys = keys.filter(partner_code__in=self.partners)
        if self.district:
            keys = keys.filter(Q(district_code=self.district) | Q(region_code=self.district))
        if self.country == RUSSIA:
            keys = keys.exclude(region_code=RUSSIA)
        elif self.country == BELARUS:
            keys = keys.exclude(partner_code=BELARUS)
        if self.year_from is not None:
            keys = keys.filter(year__gte=self.year_from)
        if self.year_to is not None:
            keys = keys.filter(year__lte=self.year_to)
        return keys.filter(flow=self.flow) if self.flow else keys


def _codes(name: str, values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):  # one code given bare: not its letters
        values = [values]
    found = tuple(dict.fromkeys(str(value).strip().upper() for value in values))
    for code in found:
        if not re.fullmatch(CODE, code):
            raise TradeQueryError(_("%(name)s: give codes like RU-MOW,BY-MI, got %(value)r")
                                  % {"name": name, "value": code[:40]}, name)
    return found


# The columns of a figure the consolidation reads, by name (TradeFigure's fields and lookups).
FIGURE_FIELDS = (
    "id", "article_id", "article__title", "article__published", "amount", "currency", "qualifier",
    "period_start", "period_end", "origin", "review",
    "region_id", "region__name_en", "region__name_ru", "region__kind", "by_region_id", "by_region__name_en",
    "by_region__name_ru", "flow",
)
EVIDENCE_FIELDS = ("evidence", "article__source_url")


def figure_rows(figures: QuerySet[TradeFigure], evidence: bool = False) -> Iterator[Any]:
    """Each figure as a row whose columns are read by name (FIGURE_FIELDS; with `evidence`, also the sentence it
    was read from and its article's address, for the lists that show where a number comes from)."""
    return iter(figures.values_list(*FIGURE_FIELDS, *(EVIDENCE_FIELDS if evidence else ()), named=True))


def point_key(row) -> tuple[str, str, int, str]:
    """The point a figure's row belongs to: (region or RU, partner or BY, year, flow)."""
    return (row.region_id or RUSSIA, row.by_region_id or BELARUS, row.period_start.year, row.flow)


def full_year(start: date, end: date | None) -> bool:
    """A period from 1 January to 31 December (or with no end stated): a whole year's figure."""
    starts_in_january = (start.month, start.day) == (1, 1)
    return starts_in_january and (end is None or (end.year, end.month, end.day) == (start.year, 12, 31))


@dataclass(frozen=True)
class PointSum:
    """One figure or the sum of N figures: what a chart shows for the points of one series and year."""

    points: tuple[TradePoint, ...]

    @property
    def single(self) -> TradePoint | None:
        """The one point, when there is one: its own figure is shown."""
        return self.points[0] if len(self.points) == 1 else None

    @property
    def count(self) -> int:
        return len(self.points)

    @property
    def value(self) -> float:
        return round(sum(point.value for point in self.points), 2)

    @property
    def label(self) -> str:
        return f"sum of {self.count} figures"

    @property
    def disputed(self) -> bool:
        return any(point.disputed for point in self.points)

    @property
    def partial(self) -> bool:
        return any(point.partial for point in self.points)

    @property
    def others(self) -> int:
        """The figures not chosen, over every point summed."""
        return sum(len(point.others) for point in self.points)
