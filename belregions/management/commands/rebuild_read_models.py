"""`manage.py rebuild_read_models`: rebuild the dashboard's read models from every link and meeting.

The writes keep them in step by themselves (`belregions.read_models`); this is
for rows written around the app (`loaddata`, `bulk_create`, COPY, a raw SQL
fix). Running it again gives the same tables. `--check` only compares the kept
counts with a computation from scratch, and fails when they differ. The trade
keys, with each point's chosen figure (`belregions.trade_keys`), are rebuilt and
checked with them.
"""

from django.core.management.base import BaseCommand, CommandError

from belregions import read_models, trade_keys

NAMES = ("sector × region", "year × kind of meeting", "region × month × kind of meeting",
         "sector × region × year of article")


class Command(BaseCommand):
    help = ("Rebuild the sector × region and sector × year article counts, the meetings per year, region and "
            "month (and their ledgers), and the trade keys with each point's chosen figure.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a computation from scratch; no write")

    def handle(self, *args, check=False, **options):
        if not check:
            rebuilt = read_models.rebuild().values()
            keys = trade_keys.rebuild()
            self.stdout.write(", ".join(f"{n} {name} count(s)" for name, n in zip(NAMES, rebuilt, strict=True))
                              + f", {keys} trade key(s) with their chosen figures.")
            return
        wrong = []
        for name, kept, computed in zip(NAMES, read_models.stored(), read_models.from_scratch(), strict=True):
            wrong += [f"{name} {cell}: {kept.get(cell, 0)} kept, {computed.get(cell, 0)} counted"
                      for cell in sorted(kept.keys() | computed.keys()) if kept.get(cell) != computed.get(cell)]
        kept, chosen = trade_keys.stored_choices(), trade_keys.chosen_from_scratch()
        wrong += [f"trade key {key}: figure {kept.get(key)} kept, {chosen.get(key)} chosen"
                  for key in sorted(kept.keys() | chosen.keys()) if kept.get(key) != chosen.get(key)]
        if wrong:
            raise CommandError(f"{len(wrong)} count(s) differ: {'; '.join(wrong[:10])}")
        self.stdout.write("The counts are right.")
