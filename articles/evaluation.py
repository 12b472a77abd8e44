"""Score extracted articles against hand-made answers (plain Python).

The gold file has the shape of tests/fixtures/seeds_gold.json: one object per
article with the expected regions, people, meetings, trade figures and
sectors; lists named `*_optional` hold what may be returned or left out.
Scoring follows the rules the project is judged by: people match by surname,
meetings by date and a shared participant or region, trade figures by
region, year, currency and amount within 2 %, agreements (docs/agreements.md) by kind and
set of regions. A gold article without `agreements` is not scored on them.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SET_FIELDS = ("regions", "people", "sectors")
MATCHED_FIELDS = ("meetings", "trade_figures", "trade_strict", "agreements", "agreements_strict")
EXACT_FIELDS = ("published", "title", "language")
PRESIDENT = {"lukashenko", "лукашенко"}
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
# A corpus's fixed split: tuned on dev; test is written, frozen and only scored.
SPLITS = ("dev", "test")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    fields: dict[str, Counts]
    right: dict[str, int]
    articles: int
    missing: list[str]

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.articles if self.articles else 1.0

    def lines(self) -> list[str]:
        out = [f"{name:17} P {c.precision:.3f}  R {c.recall:.3f}  F1 {c.f1:.3f}  (tp {c.tp} fp {c.fp} fn {c.fn})"
               for name, c in self.fields.items()]
        out += [f"{name:17} accuracy {self.accuracy(name):.3f}  ({self.right[name]}/{self.articles})"
                for name in EXACT_FIELDS]
        if self.missing:
            out.append("missing: " + ", ".join(self.missing))
        return out


def surname(name: str | None) -> str:
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", unicodedata.normalize("NFKC", name or ""))
    return words[-1].casefold().replace("ё", "е") if words else ""


def set_counts(predicted: Iterable, gold: Iterable, optional: Iterable = ()) -> tuple[int, int, int]:
    predicted, gold, optional = set(predicted), set(gold), set(optional)
    predicted -= optional - gold
    return len(predicted & gold), len(predicted - gold), len(gold - predicted)


def greedy(predicted: list, gold: list, same: Callable) -> tuple[int, int, int]:
    """Pair each gold item with the first unpaired prediction that matches it."""
    used: set[int] = set()
    for g in gold:
        match = next((i for i, p in enumerate(predicted) if i not in used and same(p, g)), None)
        if match is not None:
            used.add(match)
    return len(used), len(predicted) - len(used), len(gold) - len(used)


def year_of(figure: dict) -> int | None:
    start = figure.get("period_start") or ""
    return int(start[:4]) if start[:4].isdigit() else None


def amount_close(a, b, tolerance: float = 0.02) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return b != 0 and abs(a - b) / abs(b) <= tolerance


def trade_same(p: dict, g: dict, strict: bool = False, undated: bool = False) -> bool:
    """undated: the gold accepts a null article date and the prediction gave none, so a year-less figure may match."""
    year_ok = year_of(p) == g["year"] or (undated and year_of(p) is None)
    same = (p.get("region") == g["region"] and year_ok
            and (p.get("currency") or "").upper() == g["currency"] and amount_close(p.get("amount"), g["amount"]))
    if strict:
        same = same and p.get("flow") == g.get("flow") and p.get("qualifier") == g.get("qualifier", p.get("qualifier"))
    return same


def meeting_same(p: dict, g: dict, undated: bool = False) -> bool:
    if p.get("date") != g.get("date") and not (undated and p.get("date") is None):
        return False
    ps = {surname(n) for n in p.get("participants") or []} - PRESIDENT
    gs = {surname(n) for n in g.get("participants") or []} - PRESIDENT
    return bool(ps & gs) or bool(set(p.get("regions") or []) & set(g.get("regions") or []))


def agreement_same(p: dict, g: dict, strict: bool = False) -> bool:
    same = p.get("kind") == g["kind"] and set(p.get("regions") or []) == set(g["regions"])
    if strict:
        same = (same and set(p.get("sectors") or []) == set(g.get("sectors") or [])
                and amounts_equal(p.get("amount"), g.get("amount"))
                and (p.get("currency") or None) == (g.get("currency") or None))
    return same


def amounts_equal(a, b) -> bool:
    """Both absent, or within 1 %."""
    if a is None or b is None:
        return a is None and b is None
    return amount_close(a, b, 0.01)


def norm_title(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


def article_counts(p: dict, g: dict) -> dict[str, tuple[int, int, int]]:
    figures = p.get("trade_figures") or []
    # Where the gold accepts that the article's date cannot be known and the prediction says so,
    # dates and years inferred from it may be left null too.
    undated = p.get("published") is None and None in g["published_accept"]
    counts = {
        "regions": set_counts([r.get("code") for r in p.get("regions") or []], g["regions"],
                              g.get("regions_optional", ())),
        "people": set_counts([surname(x.get("name")) for x in p.get("people") or []],
                             [surname(n) for n in g["people"]]),
        "sectors": set_counts([s.get("slug") for s in p.get("sectors") or []], g["sectors"],
                              g.get("sectors_optional", ())),
        "meetings": greedy(p.get("meetings") or [], g["meetings"], lambda a, b: meeting_same(a, b, undated)),
        "trade_figures": greedy(figures, g["trade_figures"], lambda a, b: trade_same(a, b, undated=undated)),
        "trade_strict": greedy(figures, g["trade_figures"], lambda a, b: trade_same(a, b, True, undated)),
    }
    if "agreements" in g:  # an article not annotated for them is left out, not scored as zero
        found = p.get("agreements") or []
        counts["agreements"] = greedy(found, g["agreements"], agreement_same)
        counts["agreements_strict"] = greedy(found, g["agreements"], lambda a, b: agreement_same(a, b, True))
    return counts


def score(gold: dict, predicted: list[dict]) -> Report:
    by_name = {os.path.basename(a.get("source", "")): a for a in predicted}
    report = Report({name: Counts() for name in (*SET_FIELDS, *MATCHED_FIELDS)},
                    dict.fromkeys(EXACT_FIELDS, 0), len(gold["articles"]), [])
    for g in gold["articles"]:
        p = by_name.get(os.path.basename(g["source"]))
        if p is None:
            report.missing.append(g["source"])
            p = {}
        report.right["published"] += p.get("published") in g["published_accept"]
        report.right["title"] += norm_title(p.get("title")) == norm_title(g["title"])
        report.right["language"] += p.get("language") == g["language"]
        for name, counts in article_counts(p, g).items():
            report.fields[name].add(*counts)
    return report


def corpus_files(corpus: Path) -> dict[str, Path]:
    """Every article of a corpus folder (its en/ and ru/ subfolders) by file name."""
    return {p.name: p for p in corpus.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file()}


def split_reports(corpus: Path, extract: Callable[[list[str]], list[dict]]) -> dict[tuple[str, str], Report]:
    """One report per (split, language) of a corpus with gold-dev.json and gold-test.json, the articles
    parsed once by `extract` (paths in, the extract command's objects out)."""
    files = corpus_files(corpus)
    golds = {split: json.loads((corpus / f"gold-{split}.json").read_text(encoding="utf-8")) for split in SPLITS}
    names = [a["source"] for gold in golds.values() for a in gold["articles"]]
    predicted = extract([str(files[name]) for name in names])
    reports = {}
    for split, gold in golds.items():
        for language in ("en", "ru", "all"):
            chosen = [a for a in gold["articles"] if language in ("all", a["language"])]
            reports[(split, language)] = score({"articles": chosen}, predicted)
    return reports
