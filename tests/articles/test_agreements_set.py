"""The agreements step on the agreements-only set (tests/fixtures/agreements, README there): its dev split, tuned on,
and its held-out split, annotated before the step ran on it and never tuned on. Scored with the project's evaluation
(articles/evaluation.py: greedy one-to-one matching on kind and set of regions; strict adds sectors and amount).

Floors a little under what the step reaches (2026-12-07): dev P 0.821 R 0.676 F1 0.742 (en 0.526, ru 0.837; 0.645 before
that day's precision rules);
held-out P 0.500 R 0.435 F1 0.465 (en 0.364, ru 0.500), first scored at P 0.455 R 0.435 F1 0.444 before the
precision rules of that day."""

import csv
import json
import os
from functools import cache

import pytest

from articles.evaluation import Counts, agreement_same, greedy
from articles.extraction.cli import extract_paths
from tests.conftest import FIXTURES

SET = FIXTURES / "agreements"
GOLD = {"dev": "gold.json", "test": "gold-test.json"}
F1_FLOORS = {("dev", "all"): 0.72, ("dev", "en"): 0.50, ("dev", "ru"): 0.80,
             ("test", "all"): 0.44, ("test", "en"): 0.34, ("test", "ru"): 0.47}
PRECISION_FLOORS = {("dev", "all"): 0.80, ("test", "all"): 0.47}


def gold(split: str) -> list[dict]:
    return json.loads((SET / GOLD[split]).read_text(encoding="utf-8"))["articles"]


@cache
def scores(split: str) -> dict[str, tuple[Counts, Counts]]:
    """(agreements, agreements_strict) counts per language and over all."""
    articles = gold(split)
    paths = [str(SET / split / a["source"]) for a in articles]
    found = {os.path.basename(p["source"]): p for p in extract_paths(paths)}
    totals = {language: (Counts(), Counts()) for language in ("en", "ru", "all")}
    for article in articles:
        predicted = found[article["source"]].get("agreements") or []
        loose = greedy(predicted, article["agreements"], agreement_same)
        strict = greedy(predicted, article["agreements"], lambda a, b: agreement_same(a, b, True))
        for language in (article["language"], "all"):
            totals[language][0].add(*loose)
            totals[language][1].add(*strict)
    return totals


def report(split: str) -> str:
    return "\n".join(f"{split} {language}: P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} (tp {c.tp} fp {c.fp} "
                     f"fn {c.fn}), strict F1 {s.f1:.3f}" for language, (c, s) in scores(split).items())


@pytest.mark.parametrize(("split", "language"), list(F1_FLOORS), ids=lambda v: v)
def test_f1_floor(split, language):
    assert scores(split)[language][0].f1 >= F1_FLOORS[(split, language)], report(split)


@pytest.mark.parametrize(("split", "language"), list(PRECISION_FLOORS), ids=lambda v: v)
def test_precision_floor(split, language):
    assert scores(split)[language][0].precision >= PRECISION_FLOORS[(split, language)], report(split)


def test_every_article_has_its_file_and_source_row_and_entries_have_the_corpus_shape():
    rows = list(csv.DictReader((SET / "sources.tsv").open(encoding="utf-8"), delimiter="\t"))
    listed = {(r["file"], r["split"]) for r in rows}
    keys = {"kind", "regions", "parties", "sectors", "amount", "currency", "date", "evidence"}
    for split in GOLD:
        names = [a["source"] for a in gold(split)]
        assert len(names) == len(set(names))
        assert {p.name for p in (SET / split).glob("*.txt")} == set(names)
        assert {(n, split) for n in names} <= listed
        for article in gold(split):
            text = (SET / split / article["source"]).read_text(encoding="utf-8")
            for entry in article["agreements"]:
                assert set(entry) == keys
                assert " ".join(entry["evidence"].split()) in " ".join(text.split())
    assert len(rows) == sum(len(gold(split)) for split in GOLD)


def test_no_held_out_article_is_in_the_corpus_nor_in_dev():
    """The dev split shares one article with the corpus's dev split (x_en07); none with its frozen test split."""
    corpus = (FIXTURES / "corpus" / "sources.tsv").read_text(encoding="utf-8")
    dev = {a["url"] for a in gold("dev")}
    for article in gold("test"):
        assert article["url"] not in dev
        for line in corpus.splitlines():
            assert article["url"] not in line.split("\t")
            assert article["url"] not in corpus
