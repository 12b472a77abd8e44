"""Read responses kept until the data changes: a cached page costs one cheap query.

The key holds the data version (`articles.selectors.data_version`, one query,
the dashboard's too): anything that changes what the API serves through the
app moves it, so a page is never older than the data. Writes that bypass the
app (a fact edited in the admin's raw form, a raw SQL fix) show when the
entry expires: API_CACHE_SECONDS, default 600; 0 turns the cache off.

Unlike the dashboard, the API's lists must answer in a few milliseconds, so a
process reads the version at most once a second (API_CACHE_VERSION_SECONDS):
a change made elsewhere (a worker's parse, another web process) can take that
long to show; a write through the API shows at once in its own process.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from articles import selectors


def enabled() -> bool:
    return settings.API_CACHE_SECONDS > 0


# (version, read at): a process reads the version at most every API_CACHE_VERSION_SECONDS, so that a cached
# answer costs no query at all; the API's own writes forget it at once (see `forget_version`).
_version: tuple[str, float] = ("", 0.0)


def data_version() -> str:
    global _version
    version, read_at = _version
    if version and time.monotonic() - read_at < settings.API_CACHE_VERSION_SECONDS:
        return version
    _version = (selectors.data_version(), time.monotonic())
    return _version[0]


def forget_version() -> None:
    """After a write through this process: its next read sees it."""
    global _version
    _version = ("", 0.0)


def fingerprint(request, representation: str, version: str | None = None) -> str:
    """The version, the representation (json, csv) and the address with its parameters in a stable order.

    The cache's key and the answer's ETag: the same answer to the same request until the data changes.
    """
    params = sorted((k, v) for k, values in request.query_params.lists() for v in values if k != "format")
    name = f"{version or data_version()}|{representation}|{request.build_absolute_uri(request.path)}|{params}"
    return hashlib.sha1(name.encode()).hexdigest()  # noqa: S324 - a cache key


def key_for(request, representation: str, version: str | None = None) -> str:
    return "belregions.api:" + fingerprint(request, representation, version)


def etag(request, representation: str, version: str) -> str:
    return f'W/"{fingerprint(request, representation, version)[:32]}"'


LAST_MODIFIED_KEY = "belregions.api:last-modified"


def last_modified(version: str) -> int:
    """When this process's cache (the default cache: all processes' with Redis) first saw the data version.

    The version itself holds no time of the editors' reviews, so the time it was first served stands for
    it: a later version gets a later second than the one before (If-Modified-Since has seconds), unless
    the data changes faster than once a second for long (it never runs more than 10 s ahead of the clock;
    ETag, checked first, is exact).
    """
    seen_key = "belregions.api:seen:" + hashlib.sha1(version.encode()).hexdigest()  # noqa: S324 - a cache key
    seen = cache.get(seen_key)
    if seen is None:
        latest = cache.get(LAST_MODIFIED_KEY) or 0
        now = int(time.time())
        seen = max(now, min(latest + 1, now + 10))
        if cache.add(seen_key, seen, 30 * 24 * 3600):
            cache.set(LAST_MODIFIED_KEY, seen, 30 * 24 * 3600)
        else:
            seen = cache.get(seen_key) or seen
    return seen


def get(key: str):
    return cache.get(key)


def put(key: str, value) -> None:
    cache.set(key, value, settings.API_CACHE_SECONDS)
