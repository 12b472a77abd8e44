"""Transaction-long locks on a name, for the writers that must not both decide "there is none yet"."""

from __future__ import annotations

import hashlib

from django.db import connection


def advisory_lock(*parts) -> None:
    """Hold a PostgreSQL lock on `parts` until the transaction ends (SQLite serialises writes anyway).

    Two workers parsing two reports of one meeting, or two copies of one text,
    must not both decide "there is none yet".
    """
    advisory_locks([parts])


def advisory_locks(keys) -> None:
    """Hold the locks of many `parts` at once, in one order (their ids sorted), so that two writers taking
    several never wait for each other crosswise; one statement whatever their number."""
    if connection.vendor != "postgresql" or not keys:
        return
    ids = sorted({lock_id(*parts) for parts in keys})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(k, n) "
                       "ORDER BY n", [ids])


def lock_id(*parts) -> int:
    return int.from_bytes(hashlib.sha1("|".join(map(str, parts)).encode()).digest()[:8], "big", signed=True)  # noqa: S324
