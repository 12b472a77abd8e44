"""Pages' data, kept between requests until the data changes.

A page's selector output (its tables, headline figures and lists) is kept
under its name, its parameters and a data version; a request that finds it
runs one query (the version) and draws the charts and the template.

The key holds the data version (`articles.selectors.data_version`, one
query): anything that changes the facts through the app moves it, so a page
never shows counts older than the data. Writes that bypass the app (a raw SQL fix, deleting a
fact row in the admin) are picked up when the entry expires:
DASHBOARD_CACHE_SECONDS, default 600; 0 turns the cache off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from articles.selectors import data_version

T = TypeVar("T")


def enabled() -> bool:
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 0) > 0


def remember(request, name: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, from the cache while the data has not changed since it was computed.

    The data version is read once per request, however many things the request remembers.
    """
    if not enabled():
        return compute()
    if not hasattr(request, "_belregions_data_version"):
        request._belregions_data_version = data_version()
    name = f"{name}|{request._belregions_data_version}"
    digest = hashlib.sha1(name.encode()).hexdigest()  # noqa: S324 - a cache key
    key = f"belregions.dashboard:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    return value
