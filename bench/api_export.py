"""The API's whole-table export (page_size=all): rows/s and peak memory, for docs/benchmarks.md.

    .venv/bin/python bench/api_export.py [--rows 100000]

Fills a throwaway test database (SQLite by default; DATABASE_URL for PostgreSQL) with that many trade
figures, then streams /api/v1/trade-figures/?page_size=all in CSV and NDJSON through Django's test
client, timing it and measuring tracemalloc's peak while the body is produced.
"""

import argparse
import gc
import os
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from articles.models import Article, Status
    from belregions.models import TradeFigure

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # no query log
    old = connection.creation.create_test_db(verbosity=0)
    try:
        articles = []
        for n in range(20):
            raw = f"bench {n}".encode()
            articles.append(Article.objects.create(raw=raw, sha256=Article.checksum(raw), title=f"A {n}",
                                                   status=Status.PARSED, text="t",
                                                   source_url=f"https://news.example/{n}"))
        TradeFigure.objects.bulk_create(
            (TradeFigure(article=articles[n % 20], region_id=("RU-MOW", "RU-SPE", None)[n % 3],
                         period_start=date(1995 + n % 30, 1, 1), period_end=date(1995 + n % 30, 12, 31),
                         amount=Decimal(n), currency="USD", flow="turnover", fingerprint=f"b{n}",
                         evidence=f"Trade number {n} was stated in this sentence of the article.")
             for n in range(args.rows)), batch_size=5000)
        client = APIClient()
        client.get("/api/v1/trade-figures/", {"page_size": 1})  # imports and first-request set-up, not measured
        print(f"{connection.vendor}, {args.rows} rows")
        for fmt in ("csv", "ndjson"):
            gc.collect()
            tracemalloc.start()
            started = time.perf_counter()
            response = client.get("/api/v1/trade-figures/", {"page_size": "all", "format": fmt})
            size = sum(len(part) for part in response.streaming_content)
            elapsed = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            started = time.perf_counter()
            size = sum(len(part) for part in client.get("/api/v1/trade-figures/",
                                                        {"page_size": "all", "format": fmt}).streaming_content)
            untraced = time.perf_counter() - started
            print(f"{fmt}: {args.rows / untraced:,.0f} rows/s ({untraced:.2f} s; {elapsed:.2f} s under tracemalloc), "
                  f"body {size / 1e6:.1f} MB, peak {peak / 1e6:.1f} MB")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
