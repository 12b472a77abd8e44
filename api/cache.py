"""The API's HTTP side of the read cache: cache keys, ETags and Last-Modified from the data version.

The version and the kept answers are `belregions/read_cache.py`'s (the dashboard's too); here is only
what HTTP adds: one fingerprint per answer (the version, the representation and the address with its
parameters in a stable order) that is both the cache's key and the ETag, and the second a version was
first served, for If-Modified-Since.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

from belregions import read_cache


def fingerprint(request, representation: str, version: str | None = None) -> str:
    """The version, the representation (json, csv) and the address with its parameters in a stable order.

    The cache's key and the answer's ETag: the same answer to the same request until the data changes.
    """
    params = sorted((k, v) for k, values in request.query_params.lists() for v in values if k != "format")
    version = version or read_cache.process_data_version()
    name = f"{version}|{representation}|{request.build_absolute_uri(request.path)}|{params}"
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
