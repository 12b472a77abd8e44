"""The Celery app.

    celery -A belregions worker   # parses articles (prefork: a killed pool process's task is redelivered)
    celery -A belregions beat     # exactly one: sends the sweep of stuck articles (CELERY_BEAT_SCHEDULE)
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belregions.settings")

app = Celery("belregions")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
