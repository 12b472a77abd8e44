"""`manage.py extract` as the extraction contract fixes it."""

import json
import subprocess
import sys

from tests.conftest import ROOT, SEEDS

CONTRACT_KEYS = {"source", "title", "published", "language", "regions", "people", "meetings",
                 "trade_figures", "sectors"}


def extract(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", "extract", "--format", "json", *paths],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_it_prints_one_object_per_path_in_order():
    paths = [str(SEEDS[2]), str(SEEDS[0])]
    result = extract(*paths)
    assert result.returncode == 0, result.stderr
    objects = json.loads(result.stdout)
    assert [o["source"] for o in objects] == paths
    assert all(CONTRACT_KEYS <= set(o) for o in objects)


def test_a_bad_path_gets_an_error_object_and_exit_status_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = extract(str(tmp_path / "missing.txt"), str(SEEDS[0]), str(empty))
    assert result.returncode == 1
    missing, good, blank = json.loads(result.stdout)
    assert missing["error"] and missing["regions"] == [] and missing["trade_figures"] == []
    assert "error" not in good and good["regions"]
    assert blank["error"]
