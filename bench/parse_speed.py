"""Benchmark: in-process parse speed and memory of the extraction pipeline.

    .venv/bin/python bench/parse_speed.py [--parses 1000] [--repeats 5]

Parses each corpus on one core (no Django, no database), round after round
until at least `parses` parses, `repeats` times, the corpora taking turns; it
prints each repeat's median time per article, the middle repeat's median, p95
and articles per second, the slowest steps, and the resident memory of the
process after loading the data files and parsing (what one worker process
holds). The repeats are there because this virtual machine's speed drifts
from one minute to the next: one repeat's median can be 50 % above the next.
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

CORPUS = ROOT / "tests/fixtures/corpus"
CORPORA = {"seeds (en)": ROOT / "tests/fixtures/seeds", "held-out en": ROOT / "tests/fixtures/en",
           "held-out ru": ROOT / "tests/fixtures/ru", "real en": CORPUS / "en", "real ru": CORPUS / "ru",
           "real all": CORPUS}


def articles(folder: Path) -> list[tuple[str, bytes]]:
    paths = folder.rglob("*") if folder == CORPUS else folder.iterdir()
    return [(p.name, p.read_bytes()) for p in sorted(paths) if p.suffix in (".txt", ".html")]


def parse_timed(name: str, raw: bytes, config: Config, step_times: dict[str, list[float]]) -> float:
    doc = Document(source=name, raw=raw, config=config)
    started = time.perf_counter()
    for step in STEPS:
        t = time.perf_counter()
        doc = step(doc)
        step_times[step.__name__].append(time.perf_counter() - t)
    return time.perf_counter() - started


def run(docs: list[tuple[str, bytes]], parses: int, config: Config, step_times: dict[str, list[float]]) -> dict:
    """One repeat: the corpus parsed round after round until at least `parses` parses."""
    rounds = -(-parses // len(docs))
    times = [parse_timed(name, raw, config, step_times) for _ in range(rounds) for name, raw in docs]
    times.sort()
    return {"median_ms": statistics.median(times) * 1000, "p95_ms": times[int(len(times) * 0.95)] * 1000,
            "per_second": len(times) / sum(times), "parses": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parses", type=int, default=1000, help="parses per corpus in each repeat")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    config = Config(resources=load_resources())
    parse_timed("warm-up", (CORPORA["seeds (en)"] / "000_9fbf4d02873f802f.txt").read_bytes(), config, defaultdict(list))
    print(f"data files loaded and first parse: {(time.perf_counter() - started) * 1000:.0f} ms (once per process)")
    corpora = {label: articles(folder) for label, folder in CORPORA.items()}
    repeats: dict[str, list[dict]] = defaultdict(list)
    steps: dict[str, dict[str, list[float]]] = {label: defaultdict(list) for label in corpora}
    # The corpora take turns, so that the virtual machine's drift in speed falls on all of them alike.
    for _ in range(args.repeats):
        for label, docs in corpora.items():
            repeats[label].append(run(docs, args.parses, config, steps[label]))
    for label, docs in corpora.items():
        medians = [r["median_ms"] for r in repeats[label]]
        middle = sorted(repeats[label], key=lambda r: r["median_ms"])[len(medians) // 2]
        slowest = sorted(((statistics.median(v) * 1000, k) for k, v in steps[label].items()), reverse=True)[:6]
        print(f"{label:12} {len(docs):2} articles, {args.repeats} repeats of {middle['parses']} parses: "
              f"median {middle['median_ms']:.2f} ms (repeats: {', '.join(f'{m:.2f}' for m in medians)}), "
              f"p95 {middle['p95_ms']:.2f} ms, {middle['per_second']:.0f} articles/s; slowest steps (median ms): "
              + ", ".join(f"{name} {ms:.2f}" for ms, name in slowest))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
