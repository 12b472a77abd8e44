"""Benchmark: in-process parse speed and memory of the extraction pipeline.

    .venv/bin/python bench/parse_speed.py [--rounds 200] [--corpus DIR ...]

Parses every article of each corpus `rounds` times on one core (no Django, no
database) and prints the median and p95 time per article, articles per second,
the slowest steps, and the resident memory of the process after loading the
data files and parsing (what one worker process holds).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.extraction import STEPS, Config, Document, load_resources  # noqa: E402

CORPORA = {"seeds (en)": ROOT / "tests/fixtures/seeds", "held-out en": ROOT / "tests/fixtures/en",
           "held-out ru": ROOT / "tests/fixtures/ru"}


def articles(folder: Path) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")]


def parse_timed(name: str, raw: bytes, config: Config, step_times: dict[str, list[float]]) -> float:
    doc = Document(source=name, raw=raw, config=config)
    started = time.perf_counter()
    for step in STEPS:
        t = time.perf_counter()
        doc = step(doc)
        step_times[step.__name__].append(time.perf_counter() - t)
    return time.perf_counter() - started


def run(folder: Path, rounds: int, config: Config) -> dict:
    docs = articles(folder)
    times: list[float] = []
    step_times: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for name, raw in docs:
            times.append(parse_timed(name, raw, config, step_times))
    times.sort()
    return {"articles": len(docs), "parses": len(times), "median_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(len(times) * 0.95)] * 1000, "per_second": len(times) / sum(times),
            "steps": sorted(((statistics.median(v) * 1000, k) for k, v in step_times.items()), reverse=True)[:6]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    config = Config(resources=load_resources())
    parse_timed("warm-up", (CORPORA["seeds (en)"] / "000_9fbf4d02873f802f.txt").read_bytes(), config, defaultdict(list))
    print(f"data files loaded and first parse: {(time.perf_counter() - started) * 1000:.0f} ms (once per process)")
    for label, folder in CORPORA.items():
        r = run(folder, args.rounds, config)
        steps = ", ".join(f"{name} {ms:.2f}" for ms, name in r["steps"])
        print(f"{label:12} {r['articles']:2} articles x {args.rounds} = {r['parses']} parses: median "
              f"{r['median_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms, {r['per_second']:.0f} articles/s; slowest steps "
              f"(median ms): {steps}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
