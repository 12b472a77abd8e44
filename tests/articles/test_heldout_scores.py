"""The parser's floors on the held-out corpora (tests/fixtures/en, tests/fixtures/ru), written by other
people than the parser's authors. One row per (corpus, field): add a field's floor as a new row."""

import json
from functools import cache

import pytest

from articles.evaluation import Report, score
from articles.extraction.cli import extract_paths
from tests.conftest import FIXTURES

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@cache
def report(corpus: str) -> Report:
    gold = json.loads((FIXTURES / f"{corpus}_gold.json").read_text(encoding="utf-8"))
    paths = sorted(str(p) for p in (FIXTURES / corpus).iterdir() if p.suffix in ARTICLE_SUFFIXES)
    return score(gold, extract_paths(paths))


@pytest.mark.parametrize(
    "corpus, field, floor",
    [
        pytest.param("en", "trade_figures", 0.9, id="en-trade-figures"),
        pytest.param("en", "trade_strict", 0.9, id="en-trade-strict"),
        pytest.param("en", "sectors", 0.93, id="en-sectors"),
        pytest.param("ru", "trade_figures", 0.95, id="ru-trade-figures"),
        pytest.param("ru", "trade_strict", 0.95, id="ru-trade-strict"),
        pytest.param("ru", "sectors", 0.93, id="ru-sectors"),
        pytest.param("en", "regions", 0.95, id="en-regions"),
        pytest.param("ru", "regions", 0.95, id="ru-regions"),
        pytest.param("en", "people", 0.95, id="en-people"),
        pytest.param("ru", "people", 0.95, id="ru-people"),
        pytest.param("en", "meetings", 0.7, id="en-meetings"),
        # Lowered from 0.70 (2026-12-07): this corpus's gold keeps announced events with no day ("в ближайшее
        # время посетят") and counts a visit and its talks apart; the contract leaves undated plans out and the
        # real-articles corpus, which the parser now follows, counts one event. Recall, not precision, fell.
        pytest.param("ru", "meetings", 0.58, id="ru-meetings"),
    ],
)
def test_f1_floor(corpus, field, floor):
    found = report(corpus)
    assert found.fields[field].f1 >= floor, "\n".join(found.lines())


@pytest.mark.parametrize(
    "corpus, field, floor",
    [
        pytest.param("en", "title", 0.9, id="en-title"),
        pytest.param("en", "published", 0.85, id="en-published"),
        pytest.param("ru", "title", 0.9, id="ru-title"),
        pytest.param("ru", "published", 0.9, id="ru-published"),
        pytest.param("ru", "language", 1.0, id="ru-language"),
        pytest.param("en", "language", 1.0, id="en-language"),
    ],
)
def test_accuracy_floor(corpus, field, floor):
    found = report(corpus)
    assert found.accuracy(field) >= floor, "\n".join(found.lines())
