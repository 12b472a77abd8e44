"""The Celery app.

    celery -A config worker   # parses articles (prefork: a killed pool process's task is redelivered)
    celery -A config beat     # exactly one: sends the sweep and the recovery (CELERY_BEAT_SCHEDULE)

Each time a worker connects to the broker (at start-up, and again after an outage) it asks for a
recovery (articles/recovery.py): what the broker refused meanwhile is sent at once, and what a dead
worker held is queued again.
"""

import logging
import os
from functools import partial

from celery import Celery, bootsteps
from celery.worker.consumer import Consumer as CeleryConsumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

log = logging.getLogger(__name__)

# While the broker is away a worker tries to reconnect this often (Celery backs off to 30 s, which
# would leave the queue idle that long after the broker is back).
RECONNECT_EVERY_SECONDS = 1.0


class Consumer(CeleryConsumer):
    """Celery's consumer, reconnecting every RECONNECT_EVERY_SECONDS (CELERY_WORKER_CONSUMER names it)."""

    def ensure_connected(self, conn):
        conn.ensure_connection = partial(conn.ensure_connection, interval_start=RECONNECT_EVERY_SECONDS,
                                         interval_step=0, interval_max=RECONNECT_EVERY_SECONDS)
        return super().ensure_connected(conn)


class RecoverOnConnect(bootsteps.StartStopStep):
    """A consumer step: started on every (re)connection to the broker, once the worker consumes again."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def start(self, consumer):
        try:
            consumer.app.send_task("articles.tasks.recover", expires=60)
        except Exception as exc:  # noqa: BLE001 - never stop a worker from starting; beat recovers too
            log.warning("could not ask for a recovery (%s)", exc)


app = Celery("belregions")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.steps["consumer"].add(RecoverOnConnect)
app.autodiscover_tasks()
