"""Load benchmark of the JSON API: gunicorn with 2 workers on loopback, driven by wrk.

    .venv/bin/python bench/generate_dataset.py      # once: fills belregions_bench
    apt-get install -y wrk                          # Debian's wrk
    .venv/bin/python bench/api_load.py [--duration 10] [--database-url ...] [--json out.json]

It migrates the benchmark database (the API's indexes are migrations), starts
`gunicorn config.wsgi --workers 2` on a free loopback port as production
runs it (DEBUG off; throttles on, with rates too high to trip; the bare
baseline view switched on with API_BENCH_ENDPOINT=1), requests every URL once
to check it answers 200 and to warm it, then runs wrk twice per URL:

1. 4 connections: the median and the 99th percentile latency. Targets: median
   at most 25 ms, p99 at most 100 ms.
2. 50 connections: throughput, and errors (non-2xx answers, socket errors,
   time-outs). Target: no error, and at least half the requests per second of
   /api/v1/bench/constant/, a bare DRF view returning a constant, measured on
   the same server in the same run. The two alternate, three rounds each
   (baseline, URL, baseline, URL, ...), and the medians are compared, so that
   a machine whose load drifts compares like with like.

It prints a Markdown table (the one in docs/benchmarks.md) and exits 1 when a
target is missed. The server and wrk are this script's children; they stop
with it. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/belregions_bench"
MEDIAN_MS, P99_MS, THROUGHPUT_SHARE = 25.0, 100.0, 0.5
BASELINE = "/api/v1/bench/constant/"

URLS = [
    ("regions", "/api/v1/regions/"),
    ("sectors", "/api/v1/sectors/"),
    ("people", "/api/v1/people/"),
    ("meetings", "/api/v1/meetings/"),
    ("meetings, one region", "/api/v1/meetings/?region=RU-MOW"),
    ("trade-figures", "/api/v1/trade-figures/"),
    ("trade-figures, filtered", "/api/v1/trade-figures/?region=RU-MOW&flow=export&year_from=2010"),
    ("trade-figures, by amount", "/api/v1/trade-figures/?ordering=-amount"),
    ("trade-figures, CSV", "/api/v1/trade-figures/?format=csv"),
    ("articles", "/api/v1/articles/"),
    ("articles, one region", "/api/v1/articles/?region=RU-MOW"),
    ("articles, full-text", "/api/v1/articles/?q=tambov+roadmap"),
    ("stats/trade", "/api/v1/stats/trade/"),
    ("stats/trade, one region", "/api/v1/stats/trade/?region=RU-MOW"),
    ("stats/trade, turnover in RUB", "/api/v1/stats/trade/?flow=turnover&currency=RUB"),
]


@dataclass
class Run:
    median_ms: float
    p99_ms: float
    rps: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    unlimited = "1000000/second"
    return {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
        "API_BENCH_ENDPOINT": "1", "API_THROTTLE_ANON": unlimited, "API_THROTTLE_USER": unlimited,
        "LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "600", "CELERY_BROKER_URL": "",
    }


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "config.wsgi:application", "--workers", "2",
                               "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 - loopback
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz within 20 s")


def warm(base: str, path: str) -> None:
    """It answers 200; then a second of load, so that both workers have their caches filled."""
    with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 - loopback
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
    subprocess.run(["wrk", "-t2", "-c4", "-d1s", base + path], capture_output=True, check=True)


def wrk(url: str, connections: int, seconds: int) -> Run:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout)\D*(\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write) (\d+)", out))
    return Run(_latency(out, "50%"), _latency(out, "99%"), float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
               errors)


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


ROUNDS = 3


def median_run(runs: list[Run]) -> Run:
    """The run of median throughput, with the errors of all of them."""
    middle = sorted(runs, key=lambda run: run.rps)[len(runs) // 2]
    return Run(middle.median_ms, middle.p99_ms, middle.rps, sum(run.errors for run in runs))


def measure(base: str, seconds: int) -> dict[str, tuple[Run, Run, Run]]:
    """For each URL: latency at 4 connections, then baseline and URL alternating at 50."""
    warm(base, BASELINE)
    results = {}
    for name, path in URLS:
        warm(base, path)
        four = wrk(base + path, 4, seconds)
        rounds = [(wrk(base + BASELINE, 50, seconds), wrk(base + path, 50, seconds)) for _ in range(ROUNDS)]
        results[name] = (four, median_run([b for b, _ in rounds]), median_run([u for _, u in rounds]))
        print(f"  {name}: {four.median_ms:.1f} ms median, {four.p99_ms:.1f} ms p99 at 4 connections; "
              f"{results[name][2].rps:.0f} req/s at 50 (baseline {results[name][1].rps:.0f})", file=sys.stderr)
    return results


def table(results: dict[str, tuple[Run, Run, Run]]) -> tuple[str, bool]:
    lines = ["| endpoint | median (4 conn.) | p99 (4 conn.) | req/s (50 conn.) | baseline req/s | share | errors "
             "| ok |",
             "|---|---:|---:|---:|---:|---:|---:|:-:|"]
    all_ok = True
    for name, (four, baseline, fifty) in results.items():
        share = fifty.rps / baseline.rps if baseline.rps else 0.0  # no baseline answer: the URL held the workers
        ok = (four.median_ms <= MEDIAN_MS and four.p99_ms <= P99_MS and share >= THROUGHPUT_SHARE
              and not fifty.errors and not four.errors and not baseline.errors)
        all_ok &= ok
        lines.append(f"| {name} | {four.median_ms:.1f} ms | {four.p99_ms:.1f} ms | {fifty.rps:.0f} | "
                     f"{baseline.rps:.0f} | {share:.0%} | {fifty.errors} | {'yes' if ok else 'NO'} |")
    return "\n".join(lines), all_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=int, default=5, help="seconds of each wrk run")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    port = free_port()
    server = start_server(server_env(args.database_url), port)
    try:
        results = measure(f"http://127.0.0.1:{port}", args.duration)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        args.json.write_text(json.dumps({k: [asdict(run) for run in runs] for k, runs in results.items()}, indent=2))
    text, ok = table(results)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
