"""Benchmark: the parser of two checkouts, interleaved, in thread CPU time (for a shared or drifting machine).

    .venv/bin/python bench/parse_ab.py OTHER_CHECKOUT [--turns 6] [--rounds 60]

Each turn parses the seed articles `rounds` times in a fresh process, first with OTHER_CHECKOUT's
parser (for example a `git worktree add /tmp/base COMMIT`), then with this one, and prints each turn's
median thread CPU time per parse and the median of the turns. Thread CPU time leaves out the time the
process waits for the CPU, so two parsers measured in alternation compare fairly on a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TURN = """
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from articles.extraction.pipeline import extract
raws = [p.read_bytes() for p in sorted(Path(sys.argv[2]).iterdir())]
for raw in raws:
    extract(raw)
times = []
for _ in range(int(sys.argv[3])):
    for raw in raws:
        started = time.thread_time()
        extract(raw)
        times.append(time.thread_time() - started)
print(statistics.median(times) * 1000)
"""


def turn(root: Path, rounds: int) -> float:
    seeds = HERE / "tests/fixtures/seeds"
    out = subprocess.run([sys.executable, "-c", TURN, str(root), str(seeds), str(rounds)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other checkout (its parser is measured first in each turn)")
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=60, help="rounds of the seeds per turn")
    args = parser.parse_args()
    results: dict[str, list[float]] = {"other": [], "this": []}
    for _ in range(args.turns):
        results["other"].append(turn(args.other, args.rounds))
        results["this"].append(turn(HERE, args.rounds))
    for name, times in results.items():
        print(f"{name:5} median {statistics.median(times):.2f} ms (turns: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
