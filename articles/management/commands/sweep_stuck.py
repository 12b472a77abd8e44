"""`manage.py sweep_stuck`: queue again the articles left queued or parsing too long (for cron).

Celery beat runs the same sweep every PARSE_SWEEP_EVERY_SECONDS; either is enough.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.sweep import sweep_stuck


class Command(BaseCommand):
    help = "Re-queue articles queued or parsing for longer than PARSE_STUCK_AFTER_MINUTES."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=float, default=None,
                            help=f"Stuck after this many minutes (default PARSE_STUCK_AFTER_MINUTES, "
                                 f"now {settings.PARSE_STUCK_AFTER_MINUTES})")

    def handle(self, *args, minutes: float | None, **options):
        report = sweep_stuck(None if minutes is None else timedelta(minutes=minutes))
        if report.broker_down:
            self.stderr.write("The broker cannot be reached: nothing was re-queued. Try again when it is up.")
            return
        self.stdout.write(f"Re-queued {len(report.requeued)} article(s), marked {len(report.failed)} failed.")
        for pk in report.failed:
            self.stdout.write(f"  article {pk}: failed, its worker was lost too many times")
