"""The Celery app: `celery -A belregions worker` starts a worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belregions.settings")

app = Celery("belregions")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
