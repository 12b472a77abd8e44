"""Transaction-long locks on a name, for the writers that must not both decide "there is none yet"."""

from __future__ import annotations

import hashlib

from django.db import connection


def advisory_lock(*parts) -> None:
    """Hold a PostgreSQL lock on `parts` until the transaction ends (SQLite serialises writes anyway).

    Two workers parsing two reports of one meeting, or two copies of one text,
    must not both decide "there is none yet".
    """
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha1("|".join(map(str, parts)).encode()).digest()[:8], "big", signed=True)  # noqa: S324
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
