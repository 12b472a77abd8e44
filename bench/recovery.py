"""Recovery after a broker outage and after a worker's kill -9, on PostgreSQL, Redis and real Celery.

    .venv/bin/python bench/recovery.py [--articles 60] [--outage 20] [--batch 300] \
        [--database-url postgres://postgres@127.0.0.1:5432/belregions_bench_recovery]

It creates (or reuses) the database, migrates it, and starts a redis-server of its own (a free port, no
persistence), a `celery worker` (prefork x2) and `celery beat`, with the default settings
(PARSE_RECOVER_EVERY_SECONDS, PARSE_LOST_AFTER_SECONDS). Two scenarios:

- **Broker outage**: redis-server is killed, `--articles` articles are uploaded during the outage
  (`uploads.store_batch`, as the admin does: each stays queued, its run noted `broker_unavailable`),
  redis-server starts again `--outage` seconds after it died; timed: the broker's return to every
  article parsed.
- **Worker killed**: `--batch` articles uploaded, the worker SIGKILLed (its whole process group) while
  it parses, a new worker started at once; timed: the kill to every article parsed.

Each scenario checks that every article was parsed exactly once (one successful run each). The figures
go to stdout; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from editors_batch import ensure_database  # noqa: E402 - after the path is set


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=60, help="Articles uploaded during the outage")
    parser.add_argument("--outage", type=float, default=20, help="Seconds the broker is away")
    parser.add_argument("--batch", type=int, default=300, help="Articles of the batch whose worker is killed")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/belregions_bench_recovery")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """redis-server, workers and beat of the benchmark's own; `stop` ends them all."""

    def __init__(self, workdir: Path):
        self.workdir, self.port, self.processes = workdir, free_port(), {}

    def start(self, name: str, args: list[str]) -> None:
        log = (self.workdir / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(args, cwd=ROOT, env=os.environ.copy(), stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def redis(self) -> None:
        self.start("redis", ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(self.workdir)])
        time.sleep(0.3)

    def worker(self) -> None:
        self.start("worker", [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
                              "--concurrency", "2", "--loglevel", "INFO", "-n", f"bench-{uuid.uuid4().hex[:6]}@%h"])

    def beat(self) -> None:
        self.start("beat", [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO",
                            "-s", str(self.workdir / "beat-schedule")])

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)


def articles(count: int, run: str) -> list:
    from articles.uploads import Incoming

    seeds = [p.read_bytes() for p in sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))]
    return [Incoming(f"bench-{run}-{i}.txt", seeds[i % len(seeds)] * 4 + f"\n\nBench copy {run} {i}.\n".encode())
            for i in range(count)]


def counts(batch) -> dict[str, int]:
    from articles.models import Article

    return Article.objects.filter(batch=batch).status_counts()


def wait_parsed(batch, count: int, timeout: float = 600, at_least: bool = False) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parsed = counts(batch)["parsed"]
        if parsed == count or (at_least and parsed >= count):
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"not all parsed after {timeout}s: {counts(batch)}")


def parsed_once(batch, count: int) -> bool:
    from django.db.models import Count

    from articles.models import Outcome, ParseRun

    per_article = ParseRun.objects.filter(article__batch=batch, outcome=Outcome.SUCCESS).values("article").annotate(
        n=Count("id")).values_list("n", flat=True)
    return sorted(per_article) == [1] * count


def outage(stack: Stack, args: argparse.Namespace) -> None:
    from articles import uploads

    warm = uploads.store_batch(articles(1, f"warm-{stack.port}"), via="bench")
    wait_parsed(warm, 1, 60)
    stack.kill("redis")
    died = time.monotonic()
    batch = uploads.store_batch(articles(args.articles, f"outage-{stack.port}"), via="bench")
    unsent = batch.articles.filter(parse_runs__error_code="broker_unavailable").count()
    time.sleep(max(0.0, args.outage - (time.monotonic() - died)))
    stack.redis()
    back = time.monotonic()
    first = wait_parsed(batch, 1, at_least=True)
    done = wait_parsed(batch, args.articles)
    print(f"broker outage {back - died:.1f} s, {args.articles} uploaded during it ({unsent} noted unsent): "
          f"first parsed {first - back:.1f} s, all {done - back:.1f} s after the broker's return; "
          f"each once: {parsed_once(batch, args.articles)}")


def killed_worker(stack: Stack, args: argparse.Namespace) -> None:
    from articles import uploads

    batch = uploads.store_batch(articles(args.batch, f"kill-{stack.port}"), via="bench")
    while not (counts(batch)["parsed"] >= args.batch // 4 and counts(batch)["parsing"]):
        time.sleep(0.005)
    stack.kill("worker")
    killed = time.monotonic()
    at_kill = counts(batch)
    held = list(batch.articles.filter(status="parsing").values_list("pk", flat=True))
    stack.worker()
    while batch.articles.filter(pk__in=held).exclude(status="parsed").exists():
        time.sleep(0.05)
    recovered = time.monotonic()
    done = wait_parsed(batch, args.batch)
    print(f"worker killed with {at_kill['parsed']}/{args.batch} parsed, {len(held)} parsing: those parsed "
          f"{recovered - killed:.1f} s, all {done - killed:.1f} s after the kill; "
          f"each once: {parsed_once(batch, args.batch)}")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-recovery-") as workdir:
        stack = Stack(Path(workdir))
        os.environ.update(DATABASE_URL=args.database_url, CELERY_BROKER_URL=f"redis://127.0.0.1:{stack.port}/0",
                          DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", LOG_LEVEL="WARNING",
                          VAR_DIR=workdir)
        ensure_database(args.database_url)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        try:
            stack.redis()
            stack.worker()
            stack.beat()
            time.sleep(5)  # start-up is not part of either figure
            outage(stack, args)
            killed_worker(stack, args)
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
