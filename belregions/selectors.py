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

Which points: a `belregions.trade_query.TradeQuery` (the filters, checked once).
The dashboard's charts read `consolidated_trade`; the JSON API's stats/trade pages
through `point_keys` and makes each page's points with `trade_points`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet

from belregions.currency import RateTable, denomination, rates
from belregions.models import BELARUS, RUSSIA, Origin, Region, RegionKind, Review, TradeFigure, TradeKey
from belregions.trade_query import TradeQuery, TradeQueryError, figure_rows, full_year, point_key

__all__ = ["BELARUS", "RUSSIA", "ChosenValue", "SourceFigure", "TradePoint", "TradeQuery", "TradeQueryError",
           "chosen_values", "consolidated_trade", "point_keys", "trade_points"]

DISAGREEMENT = 0.10
EDITOR_REVIEWS = frozenset({Review.CONFIRMED, Review.CORRECTED, Review.ADDED})


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
    evidence: str = ""  # the sentence it was read from, and its article's address: read only when asked for
    source_url: str = ""
    value: float | None = None  # in the requested currency; None when no rate covers the year
    basis: str = ""  # how it was converted

    @property
    def by_editor(self) -> bool:
        return by_editor(self.origin, self.review)

    @property
    def full_year(self) -> bool:
        return full_year(self.period_start, self.period_end)

    def rank(self) -> tuple:
        """Higher ranks first: the rule in this module's docstring."""
        return (self.by_editor, self.full_year, self.published or date.min, self.article_id, self.id)


def by_editor(origin: str, review: str) -> bool:
    """Added, corrected or confirmed by an editor: ranks over the parser's figures."""
    return origin == Origin.EDITOR or review in EDITOR_REVIEWS


def rank_text(editors: bool, whole_year: bool, published: date | None, article_id: int, figure_id: int) -> str:
    """`SourceFigure.rank` as one string that sorts as the tuple does: `TradeKey.rank`, which a write of new
    figures compares in SQL to keep a point's chosen figure without reading the others."""
    return f"{editors:d}{whole_year:d}{(published or date.min).isoformat()}{article_id:012d}{figure_id:012d}"


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
    # The two sides' Russian names (region_name and partner_name are the English ones); empty for a country as a
    # whole, whose words are `Country`'s labels.
    region_name_ru: str = ""
    partner_name_ru: str = ""

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def partial(self) -> bool:
        return not self.figure.full_year

    @property
    def disputed(self) -> bool:
        return self.spread is not None and self.spread > DISAGREEMENT


def consolidated_trade(query: TradeQuery | None = None, /, *, evidence: bool = False, **filters) -> list[TradePoint]:
    """One point per (region, partner, year, flow), sorted by those, in one query.

    query: the filters (a TradeQuery); or give them as keywords, TradeQuery's fields.
    """
    query = _query(query, filters)
    groups = _by_point(query.figures(), evidence)
    convert = _converter(rates(), query.currency)
    return [_point(key, group, convert, query.currency) for key, group in sorted(groups.items())]


@dataclass(frozen=True, slots=True)
class ChosenValue:
    """A point's chosen figure as a chart of every point needs it: read from its key (`TradeKey`), not its figures."""

    region: str
    region_name: str
    region_level: str  # "subject", "district" or "country"
    partner: str
    partner_name: str
    year: int
    value: float | None  # in the currency asked for; None when no rate covers the year


def chosen_values(flow: str, currency: str) -> list[ChosenValue]:
    """Every point of the flow, its chosen figure in `currency`, as `consolidated_trade` gives it, in its order:
    one query over the keys, which are bounded by the regions, partners and years (not by the figures)."""
    convert = _converter(rates(), currency.upper())
    key, region = TradeKey._meta.db_table, Region._meta.db_table
    with connection.cursor() as cursor:  # the keys hold codes, not foreign keys: the names joined by code
        cursor.execute(
            f"SELECT k.region_code, r.name_en, k.district_code, k.partner_code, p.name_en, k.year, k.amount, "  # noqa: S608
            f"k.currency, k.stated_on FROM {key} k LEFT JOIN {region} r ON r.code = k.region_code "
            f"LEFT JOIN {region} p ON p.code = k.partner_code WHERE k.flow = %s", [flow])
        # Sorted here, as `consolidated_trade` sorts its points: the database's collation sorts 17,000 codes
        # several times slower, and in another order.
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[3], row[5]))
    return [ChosenValue(code, name or "Russia", _key_level(code, district), partner, partner_name or "Belarus", year,
                        None if amount is None else convert(Decimal(amount), unit, year, _day(stated_on))[0])
            for code, name, district, partner, partner_name, year, amount, unit, stated_on in rows]


def _day(value) -> date | None:
    """A date as the cursor gives it (SQLite: ISO text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _key_level(region: str, district: str) -> str:
    if region == RUSSIA:
        return "country"
    return "district" if region == district else "subject"


def point_keys(query: TradeQuery | None = None, /, **filters) -> QuerySet[TradeKey]:
    """The keys of the points `consolidated_trade` gives for these filters, in its order, as a query.

    A paged reader counts and slices it, then asks `trade_points` for one page:
    three small queries instead of reading every figure there is.
    """
    return _query(query, filters).keys()


def _query(query: TradeQuery | None, filters: dict) -> TradeQuery:
    if query is not None and filters:
        raise TypeError("give a TradeQuery or its fields as keywords, not both")
    return query if query is not None else TradeQuery(**filters)


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


def _by_point(figures, evidence: bool) -> dict[tuple, list]:
    """The figures' rows (read by name: trade_query.FIGURE_FIELDS) by the key of their point."""
    groups: dict[tuple, list] = defaultdict(list)
    for row in figure_rows(figures, evidence):
        groups[point_key(row)].append(row)
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


def _source(row, convert) -> SourceFigure:
    value, basis = convert(row.amount, row.currency, row.period_start.year, row.article__published or row.period_end)
    return SourceFigure(
        id=row.id, article_id=row.article_id, article_title=row.article__title, published=row.article__published,
        amount=row.amount, currency=row.currency, qualifier=row.qualifier, period_start=row.period_start,
        period_end=row.period_end, origin=row.origin, review=row.review, evidence=getattr(row, "evidence", ""),
        source_url=getattr(row, "article__source_url", ""), value=value, basis=basis,
    )


def _point(key: tuple, group: list, convert, currency: str) -> TradePoint:
    region, partner, year, flow = key
    figures = sorted((_source(row, convert) for row in group), key=SourceFigure.rank, reverse=True)
    chosen, first = figures[0], group[0]
    return TradePoint(
        region=region, region_name=first.region__name_en or "Russia",
        region_level=_level(first.region_id, first.region__kind), partner=partner,
        partner_name=first.by_region__name_en or "Belarus", year=year, flow=flow, currency=currency,
        figure=chosen, others=figures[1:], spread=_spread(chosen, figures[1:]),
        region_name_ru=first.region__name_ru or "", partner_name_ru=first.by_region__name_ru or "",
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
