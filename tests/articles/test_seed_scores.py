"""The parser's floors on the seed articles, scored by the project's own evaluation."""

import json

import pytest

from articles.evaluation import score
from articles.extraction.cli import extract_paths
from tests.conftest import FIXTURES, SEEDS


@pytest.fixture(scope="module")
def report():
    gold = json.loads((FIXTURES / "seeds_gold.json").read_text())
    return score(gold, extract_paths([str(p) for p in SEEDS]))


@pytest.mark.parametrize(
    "field, floor",
    [
        pytest.param("regions", 0.95, id="regions"),
        pytest.param("people", 0.95, id="people"),
        pytest.param("meetings", 0.9, id="meetings"),
        pytest.param("trade_figures", 1.0, id="trade-figures"),
        pytest.param("trade_strict", 1.0, id="trade-strict"),
        pytest.param("sectors", 0.8, id="sectors"),
        pytest.param("agreements", 1.0, id="agreements"),
        pytest.param("agreements_strict", 1.0, id="agreements-strict"),
    ],
)
def test_f1_floor(report, field, floor):
    assert report.fields[field].f1 >= floor, "\n".join(report.lines())


@pytest.mark.parametrize("field", ["published", "title", "language"])
def test_every_seed_gets_it_right(report, field):
    assert report.accuracy(field) == 1.0, "\n".join(report.lines())
