"""The consolidated trade: one figure per region, partner, year and flow.

Articles repeat and contradict one another, so for each Russian region (or
district, or Russia as a whole), Belarusian partner (Belarus or one oblast),
year and flow one figure is chosen:

1. an editor's figure (added, corrected or confirmed by an editor) over the parser's;
2. a full-year figure over a partial one ("in January-May");
3. the most recently published article's;
4. then the newest row, so that the choice is stable.

Rejected figures never count. The figures not chosen stay on the point as
`others`; where one for the same period differs from the chosen figure by more
than 10 %, the point is `disputed`. Amounts are converted with
`belregions.currency` at the figure's year; the original amount stays beside.

The dashboard's charts read `consolidated_trade`; the JSON API's stats/trade pages
through `trade_keys` and makes each page's points with `trade_points`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from belregions.currency import RateTable, denomination, rates
from belregions.models import BELARUS, RUSSIA, Flow, Origin, RegionKind, Review, TradeFigure, TradeKey

DISAGREEMENT = 0.10
EDITOR_REVIEWS = frozenset({Review.CONFIRMED, Review.CORRECTED, Review.ADDED})


class TradeQueryError(ValueError):
    """A filter the caller gave makes no sense; the message says which."""


@dataclass(slots=True)
class SourceFigure:
    """One article's figure for a region-year-flow."""

    id: int
    article_id: int
    article_title: str
    published: date | None
    amount: Decimal
    currency: str
    qualifier: str
    period_start: date
    period_end: date | None
    origin: str
    review: str
    evidence: str = ""
    value: float | None = None  # in the requested currency; None when no rate covers the year
    basis: str = ""  # how it was converted

    @property
    def by_editor(self) -> bool:
        return self.origin == Origin.EDITOR or self.review in EDITOR_REVIEWS

    @property
    def full_year(self) -> bool:
        start, end = self.period_start, self.period_end
        return (start.month, start.day) == (1, 1) and (end is None or end == date(start.year, 12, 31))

    def rank(self) -> tuple:
        """Higher ranks first: the rule in this module's docstring."""
        return (self.by_editor, self.full_year, self.published or date.min, self.article_id, self.id)


@dataclass(slots=True)
class TradePoint:
    region: str  # the Russian side: a subject or district code, "RU" for Russia as a whole
    region_name: str
    region_level: str  # "subject", "district" or "country"
    partner: str  # "BY" for Belarus, or a Belarusian oblast's code
    partner_name: str
    year: int
    flow: str
    currency: str  # of `value`
    figure: SourceFigure  # the chosen one
    others: list[SourceFigure] = field(default_factory=list)
    spread: float | None = None  # largest relative gap to another figure for the same period

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def partial(self) -> bool:
        return not self.figure.full_year

    @property
    def disputed(self) -> bool:
        return self.spread is not None and self.spread > DISAGREEMENT


FIELDS = (
    "id", "article_id", "article__title", "article__published", "amount", "currency", "qualifier",
    "period_start", "period_end", "origin", "review",
    "region_id", "region__name_en", "region__kind", "by_region_id", "by_region__name_en", "flow",
)


def consolidated_trade(
    *,
    regions: Iterable[str] = (),
    district: str | None = None,
    country: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    flow: str | None = None,
    currency: str = "USD",
    evidence: bool = False,
) -> list[TradePoint]:
    """One point per (region, partner, year, flow), sorted by those, in one query.

    regions: codes of Russian regions or districts (the Russian side), Belarusian
      oblasts (the partner), or "RU" for figures about Russia as a whole.
    district: a federal district's code: its subjects' figures and its own.
    country: "RU": figures about a Russian region or district; "BY": about a Belarusian oblast.
    """
    table = rates()
    _check(country, year_from, year_to, flow, currency, table)
    groups = _by_point(_figures(regions, district, country, year_from, year_to, flow), evidence)
    convert = _converter(table, currency.upper())
    return [_point(key, group, convert, currency.upper()) for key, group in sorted(groups.items())]


def trade_keys(
    *,
    regions: Iterable[str] = (),
    district: str | None = None,
    country: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    flow: str | None = None,
    currency: str = "USD",
) -> QuerySet[TradeKey]:
    """The keys of the points `consolidated_trade` gives for these filters, in its order, as a query.

    A paged reader counts and slices it, then asks `trade_points` for one page:
    three small queries instead of reading every figure there is.
    """
    _check(country, year_from, year_to, flow, currency, rates())
    keys = TradeKey.objects.order_by("region_code", "partner_code", "year", "flow")
    codes = set(regions)
    if codes:  # as in _figures: either side; "RU" is Russia as a whole, and nothing is Belarus as a whole
        keys = keys.filter(Q(region_code__in=codes) | Q(partner_code__in=codes - {BELARUS}))
    if district:
        keys = keys.filter(Q(district_code=district) | Q(region_code=district))
    if country == RUSSIA:
        keys = keys.exclude(region_code=RUSSIA)
    elif country == BELARUS:
        keys = keys.exclude(partner_code=BELARUS)
    if year_from is not None:
        keys = keys.filter(year__gte=year_from)
    if year_to is not None:
        keys = keys.filter(year__lte=year_to)
    return keys.filter(flow=flow) if flow else keys


def trade_points(keys: Iterable[TradeKey], *, currency: str = "USD", evidence: bool = False) -> list[TradePoint]:
    """The points of these keys, exactly as `consolidated_trade` makes them, in the keys' order; one query."""
    wanted = [key.key for key in keys]
    if not wanted:
        return []
    years: dict[tuple, list[int]] = defaultdict(list)
    for region, partner, year, _flow in wanted:
        years[(region, partner)].append(year)
    pairs = Q()  # each pair's years as one range (the index on region and period start); the rest is left below
    for (region, partner), pair_years in years.items():
        pairs |= (Q(region__isnull=True) if region == RUSSIA else Q(region_id=region)) \
            & (Q(by_region__isnull=True) if partner == BELARUS else Q(by_region_id=partner)) \
            & Q(period_start__gte=date(min(pair_years), 1, 1), period_start__lte=date(max(pair_years), 12, 31))
    query = TradeFigure.objects.active().filter(pairs, period_start__isnull=False, flow__in={k[3] for k in wanted})
    groups = _by_point(query, evidence)
    convert = _converter(rates(), currency.upper())
    # A key whose figures went in the meantime (a write committed between the two reads) has no point.
    return [_point(key, groups[key], convert, currency.upper()) for key in wanted if groups.get(key)]


def _check(country, year_from, year_to, flow, currency, table: RateTable) -> None:
    if country not in (None, RUSSIA, BELARUS):
        raise TradeQueryError(f"country must be RU or BY, got {country!r}")
    if flow is not None and flow not in Flow.values:
        raise TradeQueryError(f"flow must be one of {', '.join(Flow.values)}, got {flow!r}")
    if currency.upper() not in table.currencies():
        raise TradeQueryError(f"currency must be one of {', '.join(table.currencies())}, got {currency!r}")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise TradeQueryError(f"the year range is empty: from {year_from} to {year_to}")


def _figures(regions, district, country, year_from, year_to, flow):
    query = TradeFigure.objects.active().filter(period_start__isnull=False)
    codes = list(regions)
    if codes:
        wanted = Q(region_id__in=codes) | Q(by_region_id__in=codes)
        query = query.filter(wanted | Q(region__isnull=True) if RUSSIA in codes else wanted)
    if district:
        query = query.filter(Q(region__district_id=district) | Q(region_id=district))
    if country == RUSSIA:
        query = query.filter(region__isnull=False)
    elif country == BELARUS:
        query = query.filter(by_region__isnull=False)
    if year_from is not None:
        query = query.filter(period_start__gte=date(year_from, 1, 1))
    if year_to is not None:
        query = query.filter(period_start__lte=date(year_to, 12, 31))
    return query.filter(flow=flow) if flow else query


def _by_point(figures, evidence: bool) -> dict[tuple, list[tuple]]:
    """The figures' rows (FIELDS) by the key of their point: (region, partner, year, flow)."""
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for row in figures.values_list(*((*FIELDS, "evidence") if evidence else FIELDS)):
        groups[(row[11] or RUSSIA, row[14] or BELARUS, row[7].year, row[16])].append(row)
    return groups


def _converter(table: RateTable, currency: str):
    cache: dict[tuple, tuple[float | None, str]] = {}

    def convert(amount: Decimal, unit: str, year: int, stated_on: date | None) -> tuple[float | None, str]:
        key = (year, denomination(unit, stated_on, year))
        if key not in cache:
            done = table.convert(Decimal(1), unit, year, currency, stated_on=stated_on)
            cache[key] = (None, "") if done is None else (float(done.amount), done.basis)
        factor, basis = cache[key]
        return (None if factor is None else round(float(amount) * factor, 2)), basis

    return convert


def _source(row: tuple, convert) -> SourceFigure:
    value, basis = convert(row[4], row[5], row[7].year, row[3] or row[8])
    return SourceFigure(
        id=row[0], article_id=row[1], article_title=row[2], published=row[3], amount=row[4], currency=row[5],
        qualifier=row[6], period_start=row[7], period_end=row[8], origin=row[9], review=row[10],
        evidence=row[17] if len(row) > 17 else "", value=value, basis=basis,
    )


def _point(key: tuple, group: list[tuple], convert, currency: str) -> TradePoint:
    region, partner, year, flow = key
    figures = sorted((_source(row, convert) for row in group), key=SourceFigure.rank, reverse=True)
    chosen, first = figures[0], group[0]
    return TradePoint(
        region=region, region_name=first[12] or "Russia", region_level=_level(first[11], first[13]),
        partner=partner, partner_name=first[15] or "Belarus", year=year, flow=flow, currency=currency,
        figure=chosen, others=figures[1:], spread=_spread(chosen, figures[1:]),
    )


def _level(region_id: str | None, kind: str | None) -> str:
    if region_id is None:
        return "country"
    return "district" if kind == RegionKind.FEDERAL_DISTRICT else "subject"


def _spread(chosen: SourceFigure, others: list[SourceFigure]) -> float | None:
    """The largest relative gap between the chosen figure and another for the same period."""
    if not chosen.value:
        return None
    gaps = [abs(o.value - chosen.value) / chosen.value for o in others
            if o.value is not None and (o.period_start, o.period_end) == (chosen.period_start, chosen.period_end)]
    return round(max(gaps), 4) if gaps else None
