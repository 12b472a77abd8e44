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
  end. Its new figures can only add keys, so those are inserted as they are
  (`note_new`: one insert that skips the keys already there) instead of
  rebuilding their pairs.

Two transactions refreshing one pair take a PostgreSQL advisory lock on it,
so the second reads the figures the first committed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import ExtractYear
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
    """Insert these keys, skipping those already there: what new figures do to the table (one insert)."""
    keys = list(keys)
    if not keys:
        return
    for region, partner in sorted({_pair_of(key) for key in keys}, key=lambda pair: (pair[0] or "", pair[1] or "")):
        advisory_lock("trade-key", region, partner)  # a refresh of the pair running meanwhile reads our figures
    TradeKey.objects.bulk_create(keys, ignore_conflicts=True)


def new_key(region: str | None, partner: str | None, year: int, flow: str, district: str) -> TradeKey:
    """The key of a figure of `region` (None: Russia) and `partner` (None: Belarus); district: the region's."""
    return TradeKey(region_code=region or RUSSIA, partner_code=partner or BELARUS, year=year, flow=flow,
                    district_code=district if region else "")


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
        rows = keys_of(figures, _districts(region_model.objects.all()), key_model)
        key_model.objects.bulk_create(rows)
    return len(rows)


def keys_of(figures, districts: dict[str, str], key_model=TradeKey) -> list:
    """The keys of these figures' active, dated rows. districts: region code -> its federal district."""
    rows = (figures.exclude(review=Review.REJECTED).filter(period_start__isnull=False)
            .annotate(year=ExtractYear("period_start"))
            .values_list("region_id", "by_region_id", "year", "flow").distinct())
    return [key_model(region_code=region or RUSSIA, partner_code=partner or BELARUS, year=year, flow=flow,
                      district_code=districts.get(region, "") if region else "")
            for region, partner, year, flow in rows]


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
