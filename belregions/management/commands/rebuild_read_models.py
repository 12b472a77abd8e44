"""`manage.py rebuild_read_models`: rebuild the dashboard's read models from every link and meeting.

The writes keep them in step by themselves (`belregions.read_models`); this is
for rows written around the app (`loaddata`, `bulk_create`, COPY, a raw SQL
fix). Running it again gives the same tables. `--check` only compares the kept
counts with a computation from scratch, and fails when they differ.
"""

from django.core.management.base import BaseCommand, CommandError

from belregions import read_models

NAMES = ("sector × region", "year × kind of meeting")


class Command(BaseCommand):
    help = "Rebuild the sector × region article counts and the meetings per year and kind (and their ledgers)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a computation from scratch; no write")

    def handle(self, *args, check=False, **options):
        if not check:
            rebuilt = read_models.rebuild().values()
            self.stdout.write(", ".join(f"{n} {name} count(s)" for name, n in zip(NAMES, rebuilt, strict=True)) + ".")
            return
        wrong = []
        for name, kept, computed in zip(NAMES, read_models.stored(), read_models.from_scratch(), strict=True):
            wrong += [f"{name} {cell}: {kept.get(cell, 0)} kept, {computed.get(cell, 0)} counted"
                      for cell in sorted(kept.keys() | computed.keys()) if kept.get(cell) != computed.get(cell)]
        if wrong:
            raise CommandError(f"{len(wrong)} count(s) differ: {'; '.join(wrong[:10])}")
        self.stdout.write("The counts are right.")
