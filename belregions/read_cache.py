"""The read side's one cache: answers kept until the data changes, for the dashboard and the API alike.

Every kept answer is keyed on the data version: the newest article (uploads), the number of articles
ever deleted for good (`ArticleDeletions`, bumped by every hard deletion; an editor's delete is soft and
writes a `FactChange`), the last time an article changed status (every parse and re-parse) and the
newest editor action (`FactChange`). Anything that changes the facts through the app moves one of them,
so nothing served is older than the data. Writes that bypass the app (a raw SQL fix, a fact row deleted
in the admin's raw form) show when the entry expires: DASHBOARD_CACHE_SECONDS and API_CACHE_SECONDS, default
600; 0 turns that side's cache off.

The dashboard reads the version once per request. The API's lists must answer in a few milliseconds, so a
process reads it at most once per API_CACHE_VERSION_SECONDS (default 1): a change made elsewhere (a
worker's parse, another web process) can take that long to show there; a write through the API forgets it
at once (`forget_version`). The HTTP side of the API's cache (ETag, Last-Modified) is `api/cache.py`'s.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from belregions.models import FactChange

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


def api_enabled() -> bool:
    return settings.API_CACHE_SECONDS > 0


def api_get(key: str):
    return cache.get(key)


def api_put(key: str, value) -> None:
    cache.set(key, value, settings.API_CACHE_SECONDS)
