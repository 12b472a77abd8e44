"""page_size=all on 100,000 trade figures: every row streamed, in memory that does not grow with the table.

tracemalloc's peak while the whole body is produced must stay far under what materialising it would take:
the body itself (tens of MB) or a page of 100k dicts. bench/api_export.py measures the same for
docs/benchmarks.md.
"""

import gc
import json
import tracemalloc
from decimal import Decimal

import pytest
from django.db import transaction

from belregions.models import TradeFigure
from tests import factories as make

pytestmark = pytest.mark.django_db

ROWS = 100_000


def trade_figures(rows: int) -> None:
    articles = [make.article(source_url=f"https://news.example/{n}") for n in range(20)]
    regions = ["RU-MOW", "RU-SPE", "RU-OMS", "RU-KGD", None]
    TradeFigure.objects.bulk_create(
        (make.new_figure(articles[n % 20], regions[n % 5], 1995 + n % 30, Decimal(n) + Decimal("0.25"),
                         flow=("turnover", "export", "import")[n % 3], fingerprint=f"big{n}",
                         evidence=f"Trade number {n} was stated in this sentence of the article.")
         for n in range(rows)),
        batch_size=5000,
    )


@pytest.fixture(scope="module")
def hundred_thousand(django_db_setup, django_db_blocker):
    """Made once for both formats, in a transaction each test's own nests in, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        trade_figures(ROWS)
        yield
        transaction.set_rollback(True)


def peak_while_streaming(response) -> tuple[int, int, int]:
    """(peak bytes allocated while the body is produced, bytes of the body, lines)."""
    gc.collect()
    tracemalloc.start()
    size = lines = 0
    for part in response.streaming_content:
        size += len(part)
        lines += part.count(b"\n")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size, lines


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_a_100k_row_export_streams_in_bounded_memory(anon_client, hundred_thousand, settings, fmt):
    settings.DEBUG = False  # no query log
    response = anon_client.get("/api/v1/trade-figures/", {"page_size": "all", "format": fmt})
    assert response.status_code == 200 and response.streaming
    peak, size, lines = peak_while_streaming(response)
    assert lines == ROWS + (1 if fmt == "csv" else 0)
    # The body alone is 25-40 MB; 100k row dicts would be several times that. A chunk is 2,000 rows.
    assert size > 20_000_000
    assert peak < 16_000_000, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB body"
    assert peak < size / 2


def test_an_export_has_the_evidence_and_the_articles_address(anon_client, db):
    trade_figures(3_000)
    response = anon_client.get("/api/v1/trade-figures/", {"page_size": "all", "format": "ndjson",
                                                          "region": "RU-MOW", "year_from": 2020, "year_to": 2020})
    rows = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    expected = TradeFigure.objects.filter(region_id="RU-MOW", period_start__year=2020).count()
    assert len(rows) == expected > 0
    assert all(row["evidence"].startswith("Trade number") and row["source_url"].startswith("https://news.example/")
               for row in rows)
