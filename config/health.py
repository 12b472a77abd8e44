"""The stack's health in one place: `/healthz` (JSON for monitoring) and the admin's banner.

Checks the database, the broker, the workers and the parse queue, with short timeouts
(`HEALTH_TIMEOUT_MS`) so that a dead broker makes the answer quick, not slow. The broker and worker
part is kept a few seconds per process (`CACHE_SECONDS`): a monitor polling every second, or an
editor reloading the admin, costs one broker round trip per few seconds, not one each time.

Workers are "ok" while one answered a ping within `HEALTH_WORKERS_GRACE_SECONDS`: a worker too busy
to answer once is no alarm, none answering for a minute is. With no broker configured (the embedded
default) tasks run in-process: there is no broker or worker to be down.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

CACHE_SECONDS = 5
CELERY_KEY = "belregions:health:celery"
WORKER_SEEN_KEY = "belregions:health:worker-last-seen"
# Beat answers pings too (`--enable-remote-control`); it parses nothing.
WORKERS_ONLY = r"^(?!celerybeat@)"


def check(*, fresh: bool = False) -> dict:
    """Everything /healthz reports; "ok" when the database, the broker and the workers are."""
    report = {"database": database()}
    report.update(celery_side(fresh=fresh))
    report["queue"]["oldest_queued_age_seconds"] = oldest_queued_age() if report["database"]["ok"] else None
    report["ok"] = all(report[part]["ok"] for part in ("database", "broker", "workers"))
    report["checked_at"] = timezone.now().isoformat(timespec="seconds")
    return report


def timeout() -> float:
    return settings.HEALTH_TIMEOUT_MS / 1000


def database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": elapsed_ms(started)}


def celery_side(*, fresh: bool = False) -> dict:
    """The broker, the workers and the queue length: kept CACHE_SECONDS unless `fresh`."""
    from config.celery import app

    if app.conf.task_always_eager:
        return {"broker": {"ok": True, "mode": "in-process"}, "workers": {"ok": True, "mode": "in-process"},
                "queue": {"length": 0}}
    cached = None if fresh else cache.get(CELERY_KEY)
    if cached is None:
        cached = {"broker": broker(), "queue": {"length": None}}
        cached["queue"]["length"] = cached["broker"].pop("queue_length", None)
        cached["workers"] = workers(ping=cached["broker"]["ok"])
        cache.set(CELERY_KEY, cached, CACHE_SECONDS)
    return {part: dict(value) for part, value in cached.items()}


def broker() -> dict:
    from articles.sweep import parse_queue_length

    started = time.monotonic()
    length = parse_queue_length(timeout=timeout())
    if length is None:
        return {"ok": False, "error": "the broker cannot be reached", "ms": elapsed_ms(started)}
    return {"ok": True, "ms": elapsed_ms(started), "queue_length": length}


def workers(*, ping: bool) -> dict:
    """Workers answering a ping now, and when one last did (this process's memory)."""
    started = time.monotonic()
    names = answering_workers() if ping else []
    if names:
        cache.set(WORKER_SEEN_KEY, time.time(), None)
    last_seen = cache.get(WORKER_SEEN_KEY)
    recent = last_seen is not None and time.time() - last_seen <= settings.HEALTH_WORKERS_GRACE_SECONDS
    return {"ok": bool(names) or recent, "answering": len(names), "ms": elapsed_ms(started),
            "last_seen": datetime.fromtimestamp(last_seen, UTC).isoformat(timespec="seconds") if last_seen else None}


def answering_workers() -> list[str]:
    """Names of the workers that answer a ping; returns at the first answer."""
    from config.celery import app

    try:
        replies = app.control.ping(timeout=timeout(), limit=1, pattern=WORKERS_ONLY, matcher="pcre")
    except Exception:  # noqa: BLE001 - the broker went away meanwhile: nobody answered
        return []
    return [name for reply in replies for name in reply]


def oldest_queued_age() -> float | None:
    from articles.models import Article, Status

    oldest = Article.all_objects.filter(status=Status.QUEUED).order_by("status_changed_at").values_list(
        "status_changed_at", flat=True).first()
    return None if oldest is None else round((timezone.now() - oldest).total_seconds(), 1)


def problems() -> list[str]:
    """What the admin's banner says: the broker or the workers being away (the database answers: this is a page)."""
    report = check()
    said = []
    if not report["broker"]["ok"]:
        said.append("The task broker cannot be reached: uploads are kept and queued, and they are parsed "
                    "as soon as it answers again.")
    elif not report["workers"]["ok"]:
        last = report["workers"]["last_seen"]
        since = f"since {timezone.localtime(datetime.fromisoformat(last)):%H:%M}" if last else "for over a minute"
        said.append(f"No worker has answered {since}: uploads wait in the queue until a worker runs.")
    return said


def elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)
