"""Server time and SQL queries of each dashboard page, on the benchmark dataset.

    .venv/bin/python bench/generate_dataset.py      # once: fills belregions_bench
    .venv/bin/python bench/dashboard_pages.py [--requests 60] [--database-url ...]

Each page is requested in-process through Django's test client (the whole
middleware, view and template stack; no network), as production runs it:
DEBUG off, static files from the collected manifest. After a few warm-up
requests it is timed over --requests requests; the table gives the median and
the 90th percentile of the wall time, the median CPU time of this process (on
a machine shared with other work the wall time waits for a core, the CPU time
does not), the queries one request makes, and the response size.
The budget is a median of 50 ms and 10 queries per page; the exit status is 1
when a page is over it.

By default pages are served as in production: a page's data is kept until the
data changes (belregions/read_cache.py), so a timed request reads one query, the
data version, and draws the page. --cold turns that cache off
(DASHBOARD_CACHE_SECONDS=0): every request computes everything, and the query
column shows what a first request costs.

--selectors times the aggregates the read models serve, each alone (the
selector function, its SQL and its Python, no page around it): the
overview's sector × district heat map and meetings per year, and the
sectors table of a region's and a district's page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/belregions_bench"
BUDGET_MS, BUDGET_QUERIES, WARM_UP = 50.0, 10, 5

PAGES = [
    ("Overview", "/"),
    ("Overview, lines, 2010–2020, RUB", "/?chart=line&from=2010&to=2020&currency=RUB"),
    ("Overview: trade chart CSV", "/?data=trade&format=csv"),
    ("Overview: JSON twin", "/?format=json"),
    ("Regions", "/regions/"),
    ("Regions, Siberia, by trade", "/regions/?district=RU-FD-SIB&sort=-trade"),
    ("Region: Novosibirsk Oblast", "/regions/RU-NVS/"),
    ("Region: Moscow", "/regions/RU-MOW/"),
    ("District: Siberian", "/regions/RU-FD-SIB/"),
    ("District: Central", "/regions/RU-FD-CEN/"),
    ("Oblast: Vitebsk", "/regions/BY-VI/"),
    ("Region: every figure CSV", "/regions/RU-NVS/?data=figures&format=csv"),
    ("Compare 3 regions, 2005–2024", "/compare/?regions=RU-NVS,RU-KYA,RU-MOW&from=2005&to=2024"),
    ("Article", "/articles/{article}/"),
    ("Meetings", "/meetings/"),
    ("Meetings: Siberian district, page 2", "/meetings/?district=RU-FD-SIB&page=2"),
    ("Person: the busiest", "/people/{person}/"),
    ("Sectors", "/sectors/"),
    ("Sector: machinery", "/sectors/machinery/"),
    ("Sector: machinery in Siberia", "/sectors/machinery/?region=RU-FD-SIB"),
    ("Articles", "/articles/"),
    ("Articles: search", "/articles/?q=Astrakhan+cooperation"),
    ("Articles: Siberian district, 2015–2020", "/articles/?district=RU-FD-SIB&from=2015&to=2020"),
]


def configure(database_url: str, cold: bool = False) -> None:
    """Production settings against the benchmark database; static files collected once into a temp folder."""
    static_root = Path(tempfile.gettempdir()) / "belregions-bench-static"
    os.environ.update({
        "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0", "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "config.settings",
        "DASHBOARD_CACHE_SECONDS": "0" if cold else "600",
    })
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    if not (static_root / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def _selectors() -> list[tuple[str, object]]:
    """(name, the call) of each aggregate a read model serves."""
    import importlib

    # The modules, not the page functions dashboard.selectors exports under the same names.
    overview, region = (importlib.import_module(f"dashboard.selectors.{name}") for name in ("overview", "region"))

    def sectors_of(code: str):
        return lambda: region.sectors_table(code)

    return [("Heat map: sectors × federal districts (overview)", overview.sectors_by_district),
            ("Meetings per year and kind (overview)", overview.meetings_per_year),
            ("Sectors table: Moscow", sectors_of("RU-MOW")),
            ("Sectors table: Central district", sectors_of("RU-FD-CEN")),
            ("Sectors table: Siberian district", sectors_of("RU-FD-SIB"))]


def measure_selector(call, requests: int) -> dict:
    from django.db import connection

    for _ in range(WARM_UP):
        call()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        table = call()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p90": times[int(len(times) * 0.9) - 1], "queries": len(queries),
            "rows": len(table.rows)}


def main_selectors(requests: int) -> int:
    print("| aggregate | median ms | p90 ms | queries | rows |\n|---|--:|--:|--:|--:|")
    for name, call in _selectors():
        result = measure_selector(call, requests)
        print(f"| {name} | {result['median']:.1f} | {result['p90']:.1f} | {result['queries']} | {result['rows']} |",
              flush=True)
    return 0


def measure(client, url: str, requests: int) -> dict:
    from django.db import connection

    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = []  # an execute wrapper, not CaptureQueriesContext: each request resets the query log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p90": times[int(len(times) * 0.9) - 1],
            "cpu": statistics.median(cpu),
            "queries": len(queries), "kib": len(response.content) / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--cold", action="store_true", help="no page cache: every request computes everything")
    parser.add_argument("--only", default="",
                        help="only the pages whose name contains one of these comma-separated words (any case)")
    parser.add_argument("--selectors", action="store_true",
                        help="time the aggregates the read models serve, each alone (no page, no cache)")
    args = parser.parse_args(argv)
    if args.requests < 50:
        parser.error("--requests: at least 50, so that the median means something")
    configure(args.database_url, args.cold or args.selectors)
    if args.selectors:
        from django.db.models import Max

        from articles.models import Article

        print(f"{Article.objects.aggregate(n=Max('pk'))['n']:,} articles (the newest id); {args.requests} timed calls "
              f"each; load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
        return main_selectors(args.requests)

    from django.db.models import Count
    from django.test import Client

    from articles.models import Article
    from belregions.models import Person

    article = Article.objects.filter(tradefigure_facts__isnull=False).order_by("pk").first()
    person = Person.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first()
    client, over = Client(), []
    mode = "cold: no page cache" if args.cold else "warm: page data cached until the data changes"
    print(f"{Article.objects.count():,} articles; {args.requests} timed requests per page; {mode}\n")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| page | URL | median ms | p90 ms | CPU ms (median) | queries | KiB |\n|---|---|--:|--:|--:|--:|--:|")
    for name, url in PAGES:
        if args.only and not any(part.strip().lower() in name.lower() for part in args.only.split(",")):
            continue
        url = url.format(article=article.pk, person=person.pk)
        result = measure(client, url, args.requests)
        print(f"| {name} | `{url}` | {result['median']:.1f} | {result['p90']:.1f} | {result['cpu']:.1f} "
              f"| {result['queries']} "
              f"| {result['kib']:.0f} |", flush=True)
        if result["median"] > BUDGET_MS or result["queries"] > BUDGET_QUERIES:
            over.append(name)
    if over:
        print(f"\nOver the budget ({BUDGET_MS:.0f} ms median, {BUDGET_QUERIES} queries): {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
