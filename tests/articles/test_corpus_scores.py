"""The parser's floors on the real-articles corpus (tests/fixtures/corpus): its dev split, which the parser is
tuned on, and its frozen test split, which it never is. Scored with the project's evaluation, per language.

These floors hold what the parser reaches today, so that no change loses ground; they are below what issue 12
asks for (regions 0.95, people 0.93, meetings 0.85, trade figures 0.90, strict 0.85, sectors 0.85, published
and title 0.90), and are to be raised as the parser gets there."""

import json
from functools import cache

import pytest

from articles.evaluation import Report, split_reports
from articles.extraction.cli import extract_paths
from tests.conftest import FIXTURES

F1_FLOORS = {
    # field: (dev en, dev ru, test en, test ru), each a little under what the parser reaches (2026-12-07, on the
    # 388 articles: the 180 added that day, annotated and checked before the parser ran on them, 51 of them
    # falling into test, lowered most test cells)
    "regions": (0.98, 0.96, 0.96, 0.96),
    "people": (0.96, 0.94, 0.94, 0.93),
    "meetings": (0.86, 0.82, 0.63, 0.73),
    "trade_figures": (0.89, 0.88, 0.63, 0.72),
    "trade_strict": (0.89, 0.85, 0.61, 0.65),
    "sectors": (0.93, 0.88, 0.85, 0.89),
    # What was agreed (docs/agreements.md), annotated on dev 2026-12-07 before the step was written, test by
    # another person; both re-read the same day against the settled conventions. The first step, tuned on dev
    # wording, measured 0.80 / 0.61 / 0.27 / 0.16 (strict 0.69 / 0.42 / 0.27 / 0.08); rebuilt the same day on the
    # sentence's structure (verb, document noun, parties), dev only: 0.94 / 0.84 / 0.38 / 0.48 (strict 0.81 /
    # 0.52 / 0.25 / 0.32).
    "agreements": (0.91, 0.81, 0.35, 0.45),
    "agreements_strict": (0.78, 0.49, 0.22, 0.29),
}
ACCURACY_FLOORS = {
    "published": (0.94, 0.97, 0.74, 0.91),
    "title": (0.89, 0.89, 0.90, 0.86),
    "language": (1.00, 1.00, 0.97, 1.00),
}
COLUMNS = (("dev", "en"), ("dev", "ru"), ("test", "en"), ("test", "ru"))


@cache
def reports() -> dict[tuple[str, str], Report]:
    return split_reports(FIXTURES / "corpus", extract_paths)


def cases(floors: dict[str, tuple[float, ...]]) -> list:
    return [pytest.param(split, language, field, floor, id=f"{split}-{language}-{field}")
            for field, row in floors.items() for (split, language), floor in zip(COLUMNS, row, strict=True)]


@pytest.mark.parametrize(("split", "language", "field", "floor"), cases(F1_FLOORS))
def test_f1_floor(split, language, field, floor):
    found = reports()[(split, language)]
    assert found.fields[field].f1 >= floor, "\n".join(found.lines())


@pytest.mark.parametrize(("split", "language", "field", "floor"), cases(ACCURACY_FLOORS))
def test_accuracy_floor(split, language, field, floor):
    found = reports()[(split, language)]
    assert found.accuracy(field) >= floor, "\n".join(found.lines())


def test_every_gold_article_has_its_file_and_no_article_is_in_both_splits():
    golds = [(FIXTURES / "corpus" / f"gold-{split}.json").read_text(encoding="utf-8") for split in ("dev", "test")]
    names = [[a["source"] for a in json.loads(g)["articles"]] for g in golds]
    files = {p.name for p in (FIXTURES / "corpus").rglob("*.txt")}
    assert not set(names[0]) & set(names[1])
    assert set(names[0]) | set(names[1]) == files
