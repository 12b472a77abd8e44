"""Keeps `TradeKey` (which region, partner, year and flow have a figure) in step with the trade figures.

A figure's key depends only on its own row: its region and oblast (the
"pair"), its year, its flow, and whether it is rejected. So whenever figures
of a pair are written, the pair's keys are rebuilt from its figures, in the
same transaction:

- a saved or deleted figure (an editor's review or correction in the admin or
  the API, an article deleted with its figures) refreshes its pair, and its
  old pair when an editor moved it to another region, through the signals
  below;
- an article soft-deleted, restored or merged (`articles.editing`) hides or
  shows its figures: it notes their pairs (only figures of shown articles
  have keys);
- a parse writes its figures with `bulk_create`, which sends no signal, and
  clears the article's earlier ones: it runs inside `deferred()`, which
  collects the pairs of the figures it deleted and refreshes each once at the
  end. Its new figures can only add keys or outrank a key's chosen figure, so
  those are upserted (`note_new`: one insert that replaces a key's chosen
  figure only where the new one ranks higher, `TradeKey.rank`) instead of
  rebuilding their pairs.

Each key holds its point's chosen figure (the rule in `belregions.selectors`),
so that a chart of every point (the overview's) reads the keys, not every figure.

Two transactions refreshing one pair take a PostgreSQL advisory lock on it,
so the second reads the figures the first committed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from belregions.locks import advisory_lock
from belregions.models import (
    BELARUS,
    RUSSIA,
    Region,
    RegionKind,
    Review,
    TradeFigure,
    TradeKey,
)
from belregions.selectors import by_editor, rank_text
from belregions.trade_query import full_year

Pair = tuple[str | None, str | None]  # (region_id, by_region_id) as on TradeFigure; None is Russia / Belarus

_collecting = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Within: figure writes only note their pairs; each pair is refreshed once on a clean exit.

    Use inside the transaction that writes the figures, so the keys commit with them.
    """
    outer = getattr(_collecting, "pairs", None)
    if outer is not None:  # nested: the outermost block refreshes
        yield
        return
    _collecting.pairs, _collecting.new = set(), []
    try:
        yield
        pairs, new = _collecting.pairs, _collecting.new
    finally:
        _collecting.pairs = _collecting.new = None
    refresh(pairs)
    add(key for key in new if _pair_of(key) not in pairs)  # a refreshed pair read its new figures already


@contextmanager
def undone_on_error() -> Iterator[None]:
    """Around a savepoint inside `deferred()`: if it fails (its figures rolled back), the new keys it noted are
    forgotten, so that the end of the block adds no key of a figure that is not there."""
    new = getattr(_collecting, "new", None)
    kept = len(new) if new is not None else 0
    try:
        yield
    except BaseException:
        if new is not None:
            del new[kept:]
        raise


def note(pairs: Iterable[Pair]) -> None:
    """These pairs' figures changed: refresh now, or at the end of the `deferred()` block."""
    collected = getattr(_collecting, "pairs", None)
    if collected is not None:
        collected.update(pairs)
    else:
        refresh(pairs)


def note_new(keys: Iterable[TradeKey]) -> None:
    """New figures (not rejected, of a shown article) have these keys: add them now, or at the end of `deferred()`."""
    collected = getattr(_collecting, "new", None)
    if collected is not None:
        collected.extend(keys)
    else:
        add(keys)


def add(keys: Iterable[TradeKey]) -> None:
    """Insert these keys of new figures; a key already there takes the new figure as its chosen one where it ranks
    higher: what new figures do to the table (one insert)."""
    best: dict[tuple, TradeKey] = {}
    for key in keys:  # two new figures of one point: the better one (an upsert touches a row once)
        if key.key not in best or key.rank > best[key.key].rank:
            best[key.key] = key
    if not best:
        return
    for region, partner in sorted({_pair_of(key) for key in best.values()},
                                  key=lambda pair: (pair[0] or "", pair[1] or "")):
        advisory_lock("trade-key", region, partner)  # a refresh of the pair running meanwhile reads our figures
    with connection.cursor() as cursor:
        cursor.execute(_upsert(len(best)), [getattr(key, column) for _point, key in sorted(best.items())
                                            for column in KEY_COLUMNS])


CHOSEN = ("chosen_id", "amount", "currency", "stated_on", "rank")
KEY_COLUMNS = ("region_code", "partner_code", "district_code", "year", "flow", *CHOSEN)


def _upsert(rows: int) -> str:
    table, columns = TradeKey._meta.db_table, ", ".join(KEY_COLUMNS)
    values = ", ".join([f"({', '.join(['%s'] * len(KEY_COLUMNS))})"] * rows)
    chosen = ", ".join(f"{column} = excluded.{column}" for column in CHOSEN)
    return (f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 - names only; values are parameters
            f"ON CONFLICT (region_code, partner_code, year, flow) DO UPDATE SET {chosen} "
            f"WHERE excluded.rank > {table}.rank")


def new_key(region: str | None, partner: str | None, year: int, flow: str, district: str,
            figure: TradeFigure | None = None) -> TradeKey:
    """The key of a figure of `region` (None: Russia) and `partner` (None: Belarus); district: the region's. With
    the (saved) figure, that figure as the key's chosen one."""
    key = TradeKey(region_code=region or RUSSIA, partner_code=partner or BELARUS, year=year, flow=flow,
                   district_code=district if region else "")
    if figure is not None:
        _choose(key, figure.pk, figure.article_id, figure.article.published, figure.amount, figure.currency,
                figure.period_start, figure.period_end, figure.origin, figure.review)
    return key


def _choose(key, figure_id, article_id, published, amount, currency, start, end, origin, review) -> None:
    """Make the figure (its columns as `_FIGURE_COLUMNS` reads them) the key's chosen one."""
    key.chosen_id, key.amount, key.currency = figure_id, amount, currency
    key.stated_on = published or end  # the date its currency is read at, as the consolidation reads it
    key.rank = rank_text(by_editor(origin, review), full_year(start, end), published, article_id, figure_id)


def district_of(code: str, kind: str, district: str | None) -> str:
    """A region's federal district; a district is its own (the selectors' `district` filter means both)."""
    return code if kind == RegionKind.FEDERAL_DISTRICT else district or ""


def _pair_of(key: TradeKey) -> Pair:
    return (None if key.region_code == RUSSIA else key.region_code,
            None if key.partner_code == BELARUS else key.partner_code)


def refresh(pairs: Iterable[Pair]) -> None:
    """Rebuild the keys of these pairs from their figures."""
    pairs = sorted(set(pairs), key=lambda pair: (pair[0] or "", pair[1] or ""))
    if not pairs:
        return
    with transaction.atomic(savepoint=False):  # inside a parse's transaction: no savepoint of its own
        for region, partner in pairs:  # in one order: two refreshes never wait on each other crosswise
            advisory_lock("trade-key", region, partner)
        stored = Q()
        for region, partner in pairs:
            stored |= Q(region_code=region or RUSSIA, partner_code=partner or BELARUS)
        TradeKey.objects.filter(stored).delete()
        figures = TradeFigure.objects.shown().filter(_figures_of(pairs))
        named = Region.objects.filter(code__in={region for region, _ in pairs if region})
        TradeKey.objects.bulk_create(keys_of(figures, _districts(named)))


def rebuild(figure_model=TradeFigure, key_model=TradeKey, region_model=Region) -> int:
    """Every key from every figure (the migration passes its historical models). Returns the count."""
    with transaction.atomic():
        advisory_lock("trade-key", "all")
        key_model.objects.all().delete()
        figures = figure_model.objects.all()
        if figure_model is TradeFigure:  # a migration's historical model may predate soft deletes
            figures = TradeFigure.objects.shown()
        elif any(f.name == "deleted_at" for f in figure_model._meta.get_field("article").related_model._meta.fields):
            figures = figures.filter(article__deleted_at__isnull=True)
        rows = keys_of(figures, _districts(region_model.objects.all()), key_model)
        key_model.objects.bulk_create(rows)
    return len(rows)


def stored_choices() -> dict[tuple, int | None]:
    """Each key's chosen figure as kept: (region, partner, district, year, flow) -> figure id."""
    rows = TradeKey.objects.values_list("region_code", "partner_code", "district_code", "year", "flow", "chosen_id")
    return {tuple(row[:-1]): row[-1] for row in rows}


def chosen_from_scratch() -> dict[tuple, int | None]:
    """What a rebuild would keep, from every figure, for the checks."""
    keys = keys_of(TradeFigure.objects.shown(), _districts(Region.objects.all()))
    return {(k.region_code, k.partner_code, k.district_code, k.year, k.flow): k.chosen_id for k in keys}


_FIGURE_COLUMNS = ("id", "article_id", "article__published", "amount", "currency", "period_start", "period_end",
                   "origin", "review")


def keys_of(figures, districts: dict[str, str], key_model=TradeKey) -> list:
    """The keys of these figures' active, dated rows, each with its chosen figure (where the model has the
    columns: a migration's historical one may not). districts: region code -> its federal district."""
    rows = (figures.exclude(review=Review.REJECTED).filter(period_start__isnull=False)
            .values_list("region_id", "by_region_id", "flow", *_FIGURE_COLUMNS))
    keys: dict[tuple, Any] = {}
    choosing = any(f.name == "rank" for f in key_model._meta.fields)
    for region, partner, flow, *figure in rows:
        point = (region or RUSSIA, partner or BELARUS, figure[5].year, flow)
        key = keys.get(point)
        if key is None:
            key = keys[point] = key_model(region_code=point[0], partner_code=point[1], year=point[2], flow=flow,
                                          district_code=districts.get(region, "") if region else "")
        if choosing:
            candidate = key_model()
            _choose(candidate, *figure)
            if candidate.rank > key.rank:
                _choose(key, *figure)
    return list(keys.values())


def _districts(regions) -> dict[str, str]:
    """Each of these regions' federal district; a district is its own (the selectors' `district` filter means both)."""
    return {code: district_of(code, kind, district)
            for code, kind, district in regions.values_list("code", "kind", "district_id")}


def _figures_of(pairs: list[Pair]) -> Q:
    condition = Q()
    for region, partner in pairs:
        side = Q(region_id=region) if region else Q(region_id__isnull=True)
        other = Q(by_region_id=partner) if partner else Q(by_region_id__isnull=True)
        condition |= side & other
    return condition


@receiver(pre_save, sender=TradeFigure)
def _remember_stored_pair(sender, instance: TradeFigure, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    instance._stored_pair = (TradeFigure.objects.filter(pk=instance.pk)
                             .values_list("region_id", "by_region_id").first())


@receiver(post_save, sender=TradeFigure)
def _figure_saved(sender, instance: TradeFigure, raw=False, **kwargs) -> None:
    if raw:  # loaddata: `rebuild_trade_keys` afterwards
        return
    pairs = {(instance.region_id, instance.by_region_id)}
    stored = getattr(instance, "_stored_pair", None)
    if stored is not None:
        pairs.add(stored)
    note(pairs)


@receiver(post_delete, sender=TradeFigure)
def _figure_deleted(sender, instance: TradeFigure, **kwargs) -> None:
    note({(instance.region_id, instance.by_region_id)})
