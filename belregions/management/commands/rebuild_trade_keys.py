"""`manage.py rebuild_trade_keys`: rebuild the TradeKey table from every trade figure.

The app keeps it in step by itself; this is for figures written around it
(`loaddata`, a raw SQL fix).
"""

from django.core.management.base import BaseCommand

from belregions.trade_keys import rebuild


class Command(BaseCommand):
    help = "Rebuild the consolidated trade's keys (region, partner, year, flow) from the trade figures."

    def handle(self, *args, **options):
        self.stdout.write(f"{rebuild()} trade key(s).")
