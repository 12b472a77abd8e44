"""The read side's one cache: answers kept until the data changes, for the dashboard and the API alike.

Every kept answer is keyed on the data version: the newest article (uploads), the number of articles
ever deleted for good (`ArticleDeletions`, bumped by every hard deletion; an editor's delete is soft and
writes a `FactChange`), the last time an article changed status (every parse and re-parse) and the
newest editor action (`FactChange`). Anything that changes the facts through the app moves one of them,
so nothing served is older than the data.

A region's (or district's) page and the API's answers about one region (`?region=` one code) are kept under
that region's version instead (`region_data_version`): its `RegionVersion` row, which the parse moves for the
regions an article names before and after, its meetings' and the districts of all of them, in the parse's
own transaction (`bump_regions`), and an article leaving the parsed ones moves for its regions; with the
deletions counter and the newest editor action. So an upload, or a parse of another region's article, leaves
them cached. Writes that bypass the app (a raw SQL fix, a fact row deleted
in the admin's raw form) show when the entry expires: DASHBOARD_CACHE_SECONDS and API_CACHE_SECONDS, default
600; 0 turns that side's cache off.

The dashboard reads the version once per request. The API's lists must answer in a few milliseconds, so a
process reads it at most once per API_CACHE_VERSION_SECONDS (default 1): a change made elsewhere (a
worker's parse, another web process) can take that long to show there; a write through the API forgets it
at once (`forget_version`). The HTTP side of the API's cache (ETag, Last-Modified) is `api/cache.py`'s.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from belregions.models import ArticleRegion, FactChange, Meeting, Region, RegionVersion, TradeFigure

T = TypeVar("T")


def data_version() -> str:
    """What the facts served depend on, in one query of four index look-ups, whatever the table sizes.

    No COUNT: counting the articles to notice a deletion read every row (23 ms at 200,000 articles);
    the deletions counter is one primary-key read.
    """
    # The domain sits below the articles app, so its tables are found through the app registry, not imported.
    articles = apps.get_model("articles", "Article")._meta.db_table
    deletions = apps.get_model("articles", "ArticleDeletions")._meta.db_table
    changes = FactChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {articles}), (SELECT total FROM {deletions} WHERE id = 1), "  # noqa: S608 - table names from the models
                       f"(SELECT MAX(status_changed_at) FROM {articles}), (SELECT MAX(id) FROM {changes})")
        return "|".join(str(value) for value in cursor.fetchone())


def region_data_version(code: str) -> str:
    """What a region's (or district's) page and answers depend on, in one query of three index look-ups: the
    region's own version (`RegionVersion`, moved by the parses that touch it), the deletions counter and the
    newest editor action. Uploads and parses of other regions' articles leave it as it is.
    """
    deletions = apps.get_model("articles", "ArticleDeletions")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT version FROM {RegionVersion._meta.db_table} WHERE code = %s), "  # noqa: S608 - table names from the models
                       f"(SELECT total FROM {deletions} WHERE id = 1), "
                       f"(SELECT MAX(id) FROM {FactChange._meta.db_table})", [code])
        return f"{code}|" + "|".join(str(value) for value in cursor.fetchone())


_deferring = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Within (a batch of parses, in its transaction): the regions' versions to move are noted, and moved once, by
    one statement, on a clean exit: each region's row is updated once, in code order, at the end, so that two
    workers' batches never wait for each other crosswise on them. Nested: the outermost block moves them."""
    if getattr(_deferring, "noted", None) is not None:
        yield
        return
    _deferring.noted = noted = (set(), set(), set())
    try:
        yield
    finally:
        _deferring.noted = None
    bump_regions(*noted)


def bump_regions(codes: Iterable[str] = (), meetings: Iterable[int] = (), articles: Iterable[int] = ()) -> None:
    """Move the versions of these regions, of the regions of these meetings and of these articles' links and
    figures, and of their districts: one statement, inside the writer's transaction (a reader sees the new
    version only with the new data)."""
    statement = region_bump(codes, meetings, articles)
    if statement:
        with connection.cursor() as cursor:
            cursor.execute(*statement)


def region_bump(codes: Iterable[str] = (), meetings: Iterable[int] = (),
                articles: Iterable[int] = ()) -> tuple[str, list] | None:
    """`bump_regions`' statement (SQL, parameters), for a writer that sends it with others; None: nothing to move.
    Rows in code order, so that two writers never wait for each other crosswise. Inside `deferred()`: noted for
    its end, None."""
    noted = getattr(_deferring, "noted", None)
    if noted is not None:
        for kept, ids in zip(noted, (codes, meetings, articles), strict=True):
            kept.update(pk for pk in ids if pk)
        return None
    picks = []
    for ids, sql in ((codes, "SELECT code FROM {regions} WHERE code IN ({ids})"),
                     (meetings, "SELECT region_id FROM {places} WHERE meeting_id IN ({ids})"),
                     (articles, "SELECT region_id FROM {links} WHERE article_id IN ({ids}) UNION SELECT region_id "
                                "FROM {figures} WHERE article_id IN ({ids}) UNION SELECT by_region_id FROM {figures} "
                                "WHERE article_id IN ({ids})")):
        ids = sorted({pk for pk in ids if pk})
        if ids:
            picks.append((sql.format(ids=", ".join(["%s"] * len(ids)), **_tables()), ids * sql.count("{ids}")))
    if not picks:
        return None
    regions, table = Region._meta.db_table, RegionVersion._meta.db_table
    # Only codes of regions: an unknown code or a figure without a partner moves nothing.
    touched = f"SELECT code FROM {regions} WHERE code IN ({' UNION '.join(sql for sql, _ids in picks)})"  # noqa: S608
    params = [pk for _sql, ids in picks for pk in ids]
    # (SQLite's upsert wants a WHERE after its SELECT.)
    return (f"INSERT INTO {table} (code, version) SELECT code, 1 FROM (SELECT code FROM ({touched}) AS t "  # noqa: S608 - table names from the models
            f"UNION SELECT g.district_id FROM {regions} g WHERE g.code IN ({touched}) AND g.district_id IS NOT NULL) "
            f"AS scope WHERE TRUE ORDER BY code ON CONFLICT (code) DO UPDATE SET version = {table}.version + 1",
            params * 2)


def _tables() -> dict[str, str]:
    return {"regions": Region._meta.db_table, "places": Meeting.regions.through._meta.db_table,
            "links": ArticleRegion._meta.db_table, "figures": TradeFigure._meta.db_table}


# (version, read at): the API's process reads the version at most every API_CACHE_VERSION_SECONDS, so a
# cached answer costs no query at all; its own writes forget it at once.
_process_version: tuple[str, float] = ("", 0.0)


def process_data_version() -> str:
    """The data version as this process last read it, read again when API_CACHE_VERSION_SECONDS have passed."""
    global _process_version
    version, read_at = _process_version
    if version and time.monotonic() - read_at < settings.API_CACHE_VERSION_SECONDS:
        return version
    _process_version = (data_version(), time.monotonic())
    return _process_version[0]


def forget_version() -> None:
    """After a write through this process: its next read sees it."""
    global _process_version
    _process_version = ("", 0.0)


def digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - a cache key


def dashboard_enabled() -> bool:
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 0) > 0


def remember(request, name: str, compute: Callable[[], T]) -> T:
    """A dashboard page's `compute()`, from the cache while the data has not changed since it was computed.

    The data version is read once per request, however many things the request remembers.
    """
    if not dashboard_enabled():
        return compute()
    if not hasattr(request, "_belregions_data_version"):
        request._belregions_data_version = data_version()
    key = "belregions.dashboard:" + digest(f"{name}|{request._belregions_data_version}")
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    return value


def keep_for_region(request, code: str) -> None:
    """The request shows one region's (or district's) data only: what it remembers is kept under the region's
    version (`region_data_version`), not the whole data's, so that another region's parse leaves it cached."""
    if dashboard_enabled():
        request._belregions_data_version = region_data_version(code)


def api_enabled() -> bool:
    return settings.API_CACHE_SECONDS > 0


def api_get(key: str):
    return cache.get(key)


def api_put(key: str, value) -> None:
    cache.set(key, value, settings.API_CACHE_SECONDS)
