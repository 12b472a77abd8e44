"""An editors' batch end to end, on PostgreSQL, Redis and real Celery workers.

    .venv/bin/python bench/editors_batch.py [--articles 200] [--concurrency 2] \
        [--database-url postgres://postgres@127.0.0.1:5432/belregions_bench_editors] \
        [--broker-url redis://127.0.0.1:6379/5]

It creates (or reuses) the database, migrates it, starts `celery worker`
(prefork) on a queue of its own, and measures:

- storing the batch: N different articles (copies of the seed articles with a
  line each of their own) through `uploads.store_batch`, as the admin's upload
  does, each in its own transaction with its task sent on commit;
- parsing it: from the first upload until every article is parsed, as the
  status endpoint reports it;
- the status endpoint the pages poll (`status.json?batch=...&ids=...`, 100
  ids), through Django's test client: median and 90th percentile, and its
  SQL queries.

With `--per-parse N` it measures one parse in-process instead (no worker):
the SQL statements of `services.run_parse` on each seed (the first copy of a
story, a second copy whose people and meeting are known, a re-parse), then
the median time of N parses of further copies, and N more copies parsed in
batches (`services.run_batch`, as a worker parses a zip's): time and
statements an article.

The figures go to stdout as a small table; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--polls", type=int, default=100, help="Timed requests of the status endpoint")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/belregions_bench_editors")
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--per-parse", type=int, default=0, metavar="N",
                        help="Measure one parse in-process (statements per seed, median of N parses) instead")
    return parser.parse_args()


def setup_django(args: argparse.Namespace, queue: str) -> None:
    os.environ.update(DATABASE_URL=args.database_url, CELERY_BROKER_URL=args.broker_url,
                      CELERY_TASK_DEFAULT_QUEUE=queue, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1",
                      LOG_LEVEL="WARNING")
    ensure_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def start_worker(queue: str, concurrency: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "prefork",
         "--concurrency", str(concurrency), "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "-n", f"{queue}@%h"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def articles(count: int, run: str) -> list:
    from articles.uploads import Incoming

    seeds = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))]
    return [Incoming(f"bench-{run}-{i}.txt", seeds[i % len(seeds)] + f"\n\nBench copy {run} {i}.\n".encode())
            for i in range(count)]


def wait_parsed(batch, count: int, timeout: float = 1800) -> float:
    from articles.models import IN_PROGRESS, Article

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = Article.objects.filter(batch=batch).status_counts()
        if sum(counts[s] for s in IN_PROGRESS) == 0 and sum(counts.values()) == count:
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"not parsed after {timeout}s: {counts}")


def time_polls(batch, polls: int) -> tuple[list[float], int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    user, _ = get_user_model().objects.get_or_create(username="bench-editor", defaults={"is_staff": True,
                                                                                      "is_superuser": True})
    client = Client(HTTP_HOST="localhost")  # an allowed host (ALLOWED_HOSTS), not "testserver"
    client.force_login(user)
    ids = ",".join(str(pk) for pk in batch.articles.values_list("pk", flat=True)[:100])
    url = reverse("admin:articles_article_status") + f"?batch={batch.pk}&ids={ids}"
    for _ in range(5):
        client.get(url)
    timings = []
    for _ in range(polls):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return timings, len(queries)


def resident_mb(pid: int) -> dict[int, float]:
    """VmRSS of a process and its children (the prefork pool), in MB, from /proc."""
    found = {}
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for p in [pid, *(int(c) for c in (children.read_text().split() if children.exists() else []))]:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            rss = next((line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmRSS:")), None)
            if rss:
                found[p] = int(rss) / 1024
    return found


def per_parse(parses: int, run: str) -> None:
    """Statements of `run_parse` per seed (first copy of a story, a known story, a re-parse); median time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles import services
    from articles.extraction import PARSER_VERSION
    from articles.models import Article, ParseRun

    def stored(index: int, copy: str) -> Article:  # stored as an upload stores it, its task not sent
        item = articles(index + 1, f"{run}-{copy}")[index]
        return Article.all_objects.create(raw=item.raw, sha256=Article.checksum(item.raw),
                                          original_filename=item.name, title=item.name)

    def parse(article: Article) -> tuple[int, float]:
        run_id = ParseRun.objects.create(article=article, parser_version=PARSER_VERSION).pk  # as queue_parse
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            services.run_parse(article.pk, run_id)
            return len(queries), (time.perf_counter() - started) * 1000

    seeds = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
    for index, seed in enumerate(seeds):
        first, known = parse(stored(index, "a"))[0], stored(index, "b")
        print(f"{seed.name}: first copy {first}, known story {parse(known)[0]}, re-parse {parse(known)[0]} statements")
    if parses:
        timings = [parse(stored(i % len(seeds), f"t{i}"))[1] for i in range(parses)]
        print(f"{parses} parses: median {statistics.median(timings):.1f} ms, "
              f"p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms")
        # The same copies in batches, as a worker parses a zip's (`services.run_batch`: one claim, one transaction).
        size = services.PARSE_BATCH_SIZE
        runs = [ParseRun.objects.create(article=stored(i % len(seeds), f"b{i}"), parser_version=PARSER_VERSION).pk
                for i in range(parses)]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for first in range(0, parses, size):
                services.run_batch(runs[first:first + size])
            elapsed = (time.perf_counter() - started) * 1000
        print(f"{parses} parses in batches of {size}: {elapsed / parses:.1f} ms and "
              f"{len(queries) / parses:.1f} statements an article")


def main() -> None:
    args = parse_args()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    setup_django(args, queue)
    if args.per_parse:
        per_parse(args.per_parse, queue)
        return
    from articles import uploads

    worker = start_worker(queue, args.concurrency)
    try:
        time.sleep(5)  # the worker's start-up is not part of the batch
        items = articles(args.articles, queue)
        started = time.monotonic()
        batch = uploads.store_batch(items, via="bench")
        stored = time.monotonic()
        parsed = wait_parsed(batch, args.articles)
        timings, queries = time_polls(batch, args.polls)
        memory = resident_mb(worker.pid)  # after parsing the whole batch: what a worker holds
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    p90 = statistics.quantiles(timings, n=10)[-1]
    print(f"articles: {args.articles}, worker: prefork x{args.concurrency}")
    print(f"store the batch:        {stored - started:7.2f} s  ({args.articles / (stored - started):6.1f} articles/s)")
    print(f"upload to all parsed:   {parsed - started:7.2f} s  ({args.articles / (parsed - started):6.1f} articles/s)")
    print(f"status.json (100 ids):  median {statistics.median(timings):.1f} ms, p90 {p90:.1f} ms, {queries} queries")
    main_mb, *pool_mb = memory.values()
    print(f"worker resident memory: main {main_mb:.0f} MB, pool processes "
          f"{', '.join(f'{mb:.0f}' for mb in pool_mb)} MB")


if __name__ == "__main__":
    main()
