"""Benchmark: outside libraries against the parser's own rules on the dev split (issue 12).

    .venv/bin/python bench/parser_libraries.py [--skip-memory]

Only tests/fixtures/corpus/gold-dev.json is read (never the test split). For
English and Russian apart it prints:

1. dating: the pipeline's `published` against `dateparser.search.search_dates`
   (first date found, first date that shows a year) and `htmldate.find_date`,
   each on the first 600 characters of the decoded text and of the text after
   the project's cleaning step; accuracy against `published_accept`, median ms;
2. page chrome: the whole pipeline with its cleaning step (step 2 of STEPS)
   replaced by jusText or trafilatura run on the decoded lines wrapped as <p>
   paragraphs; title/published accuracy, regions/sectors/trade F1, median ms
   of the cleaning alone;
3. Russian tools (only if natasha and razdel are installed, which the project
   does not require): natasha PER spans in the nominative against the
   project's people (surname F1), razdel sentences against the segment step
   (count, ms, and the trade figures F1 with razdel's sentences in the
   pipeline);
4. memory: peak RSS of a fresh process that runs the pipeline over the dev
   articles, alone and with each library loaded and run as well (VmHWM from
   /proc, and getrusage's ru_maxrss, which Linux carries over from the parent).

Times are single-core wall-clock medians per article on whatever machine runs
it, after one warm-up call; this VM's speed drifts, so compare within one run.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.evaluation import Counts, corpus_files, score, set_counts, surname  # noqa: E402
from articles.extraction.cli import extract_paths, region_names  # noqa: E402
from articles.extraction.document import Config, Document, Sentence  # noqa: E402
from articles.extraction.output import error_object, to_contract  # noqa: E402
from articles.extraction.pipeline import STEPS, StepFailed, run  # noqa: E402
from articles.extraction.resources import load_resources  # noqa: E402

CORPUS = ROOT / "tests/fixtures/corpus"
GOLD_DEV = CORPUS / "gold-dev.json"
LANGUAGES = ("en", "ru")
HEAD_CHARS = 600
# A matched date string that itself shows a year: "2019", "14.03.19", "03/14/2019".
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\d{1,2}[./]\d{1,2}[./]\d{2}(?!\d)")
DECODE, CLEAN, SEGMENT = STEPS[0], STEPS[1], STEPS[2]


def has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


# --- corpus and the project's pipeline ---------------------------------------------------------


def dev_articles() -> list[tuple[dict, bytes]]:
    gold = json.loads(GOLD_DEV.read_text(encoding="utf-8"))
    files = corpus_files(CORPUS)
    return [(g, files[g["source"]].read_bytes()) for g in gold["articles"]]


def new_doc(gold: dict, raw: bytes, config: Config) -> Document:
    return Document(source=gold["source"], raw=raw, config=config)


def run_timed(doc: Document, steps, times: dict[str, float]) -> Document:
    for step in steps:
        started = time.perf_counter()
        doc = step(doc)
        times[step.__name__] = times.get(step.__name__, 0.0) + time.perf_counter() - started
    return doc


def contract(doc_or_exc, source: str, names: dict[str, str]) -> dict:
    if isinstance(doc_or_exc, Exception):
        return error_object(source, str(doc_or_exc))
    return to_contract(doc_or_exc, names)


def baseline(articles, config: Config, names) -> dict[str, dict]:
    """The normal pipeline per article: its contract object, step times, decoded and cleaned text."""
    out = {}
    for gold, raw in articles:
        times: dict[str, float] = {}
        doc = run_timed(new_doc(gold, raw, config), [DECODE], times)
        decoded = doc.text
        doc = run_timed(doc, [CLEAN], times)
        cleaned = doc.text
        doc = run_timed(doc, [SEGMENT], times)
        sentences = len(doc.sentences)
        doc = run_timed(doc, STEPS[3:], times)
        out[gold["source"]] = {"object": to_contract(doc, names), "times": times, "decoded": decoded,
                               "cleaned": cleaned, "sentences": sentences}
    return out


def run_with(gold: dict, raw: bytes, config: Config, names, *, text: Callable[[str], str] | None = None,
             sentences: Callable[[str], list[Sentence]] | None = None) -> dict:
    """The pipeline with the cleaning step or the sentence step replaced."""
    doc = new_doc(gold, raw, config)
    try:
        doc = run(doc, [DECODE])
        if text is not None:
            doc.text = text(doc.text)
            rest = STEPS[2:]
        else:
            doc = run(doc, [CLEAN])
            rest = STEPS[2:]
        if sentences is not None:
            doc.sentences = sentences(doc.text)
            rest = STEPS[3:]
        return contract(run(doc, rest), gold["source"], names)
    except StepFailed as exc:
        return contract(exc, gold["source"], names)


def ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000 if seconds else float("nan")


def timed(fn: Callable, arg):
    started = time.perf_counter()
    value = fn(arg)
    return value, time.perf_counter() - started


def by_language(articles, language):
    return [(g, raw) for g, raw in articles if g["language"] == language]


def table(title: str, header: list[str], rows: list[list]) -> None:
    cells = [header] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n## {title}\n")
    for i, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.2f}"
    return str(value)


# --- 1. dating ---------------------------------------------------------------------------------


def dateparser_dates(text: str) -> tuple[str | None, str | None]:
    """(first date found, first date whose matched words show a year) in the head of the text."""
    from dateparser.search import search_dates

    found = search_dates(text[:HEAD_CHARS], languages=["en", "ru"],
                         settings={"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}) or []
    first = found[0][1].date().isoformat() if found else None
    with_year = next((d.date().isoformat() for s, d in found if _HAS_YEAR.search(s)), None)
    return first, with_year


def htmldate_date(text: str) -> str | None:
    from htmldate import find_date

    page = f"<html><body><p>{html.escape(text[:HEAD_CHARS])}</p></body></html>"
    return find_date(page, extensive_search=True, outputformat="%Y-%m-%d", original_date=True)


def dating_section(articles, base) -> None:
    rows = []
    for language in LANGUAGES:
        chosen = by_language(articles, language)
        n = len(chosen)
        right = sum(base[g["source"]]["object"]["published"] in g["published_accept"] for g, _ in chosen)
        own = [base[g["source"]]["times"]["find_dates"] + base[g["source"]]["times"]["date_document"]
               for g, _ in chosen]
        rows.append([language, "project (meta.find_dates + dating.date_document)", f"{right}/{n}", right / n, ms(own)])
        for text_kind in ("decoded", "cleaned"):
            if has("dateparser"):
                dateparser_dates(base[chosen[0][0]["source"]][text_kind])  # warm-up: loads language data
                results = [timed(dateparser_dates, base[g["source"]][text_kind]) for g, _ in chosen]
                for i, label in enumerate(("first date", "first date with a year")):
                    ok = sum(r[0][i] in g["published_accept"] for r, (g, _) in zip(results, chosen, strict=True))
                    rows.append([language, f"dateparser, {label} ({text_kind} text)", f"{ok}/{n}", ok / n,
                                 ms([r[1] for r in results])])
            if has("htmldate"):
                htmldate_date(base[chosen[0][0]["source"]][text_kind])
                results = [timed(htmldate_date, base[g["source"]][text_kind]) for g, _ in chosen]
                ok = sum(r[0] in g["published_accept"] for r, (g, _) in zip(results, chosen, strict=True))
                rows.append([language, f"htmldate ({text_kind} text)", f"{ok}/{n}", ok / n,
                             ms([r[1] for r in results])])
    table("1. Dating: published accuracy on the dev split (first 600 characters for the libraries)",
          ["lang", "method", "right", "accuracy", "median ms"], rows)


# --- 2. page chrome ----------------------------------------------------------------------------


def nonempty_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def paragraphs_html(text: str, wrapper: str = "") -> str:
    body = "".join(f"<p>{html.escape(line.strip())}</p>\n" for line in text.splitlines() if line.strip())
    if wrapper:
        body = f"<{wrapper}>{body}</{wrapper}>"
    return f"<html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>"


def justext_clean(language: str) -> Callable[[str], str]:
    import justext

    stoplist = justext.get_stoplist("Russian" if language == "ru" else "English")

    def clean(text: str) -> str:
        kept = [p.text for p in justext.justext(paragraphs_html(text), stoplist) if not p.is_boilerplate]
        return "\n\n".join(kept)
    return clean


def trafilatura_clean(text: str) -> str:
    import trafilatura

    out = trafilatura.extract(paragraphs_html(text, "article")) or ""
    return "\n\n".join(line for line in out.splitlines() if line.strip())


def project_clean(config: Config) -> Callable[[str], str]:
    def clean(text: str) -> str:
        doc = Document(source="", raw=b"", config=config)
        doc.text = text
        return CLEAN(doc).text
    return clean


def field_row(language: str, label: str, gold: list[dict], predicted: list[dict], clean_ms: float, errors: int):
    report = score({"articles": gold}, predicted)
    f = report.fields
    return [language, label, report.accuracy("title"), report.accuracy("published"), f["regions"].f1,
            f["sectors"].f1, f["trade_figures"].f1, f["people"].f1, errors, clean_ms]


def chrome_section(articles, base, config: Config, names) -> None:
    rows = []
    for language in LANGUAGES:
        chosen = by_language(articles, language)
        golds = [g for g, _ in chosen]
        variants: list[tuple[str, Callable[[str], str]]] = [
            ("project (clean.strip_boilerplate)", project_clean(config))]
        if has("justext"):
            variants.append(("jusText (lines as <p>)", justext_clean(language)))
        if has("trafilatura"):
            variants.append(("trafilatura.extract (lines as <p> in <article>)", trafilatura_clean))
        for label, clean in variants:
            clean(base[golds[0]["source"]]["decoded"])  # warm-up
            cleaned = {g["source"]: timed(clean, base[g["source"]]["decoded"]) for g in golds}
            if label.startswith("project"):
                predicted = [base[g["source"]]["object"] for g in golds]
            else:
                predicted = [run_with(g, raw, config, names,
                                      text=lambda _t, c=cleaned[g["source"]][0]: c) for g, raw in chosen]
            errors = sum(bool(p.get("error")) for p in predicted)
            lines = sum(len(nonempty_lines(base[g["source"]]["decoded"])) for g in golds)
            kept = sum(len(nonempty_lines(c[0])) for c in cleaned.values())
            rows.append(field_row(language, label, golds, predicted, ms([c[1] for c in cleaned.values()]), errors)
                        + [f"{kept}/{lines}"])
    table("2. Page chrome: the whole pipeline with its cleaning step replaced (dev split)",
          ["lang", "cleaning", "title acc", "published acc", "regions F1", "sectors F1", "trade F1", "people F1",
           "failed", "clean median ms", "lines kept"], rows)


# --- 3. Russian tools --------------------------------------------------------------------------


class Natasha:
    def __init__(self) -> None:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        self.segmenter, self.morph_vocab = Segmenter(), MorphVocab()
        self.morph, self.ner = NewsMorphTagger(embedding), NewsNERTagger(embedding)

    def people(self, text: str) -> list[str]:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph)
        doc.tag_ner(self.ner)
        names = []
        for span in doc.spans:
            if span.type == "PER":
                span.normalize(self.morph_vocab)
                names.append(span.normal)
        return names


def razdel_sentences(by_line: bool) -> Callable[[str], list[Sentence]]:
    from razdel import sentenize

    def split(text: str) -> list[Sentence]:
        if not by_line:
            return [Sentence(s.start, s.stop, s.text) for s in sentenize(text)]
        out = []
        for line in re.finditer(r"[^\n]+", text):
            out += [Sentence(line.start() + s.start, line.start() + s.stop, s.text) for s in sentenize(line.group())]
        return out
    return split


def russian_section(articles, base, config: Config, names) -> None:
    chosen = by_language(articles, "ru")
    golds = [g for g, _ in chosen]
    if not has("natasha"):
        print("\n## 3a. People: natasha is not installed; skipped (`.venv/bin/pip install natasha` to measure)")
    else:
        started = time.perf_counter()
        tool = Natasha()
        load_s = time.perf_counter() - started
        tool.people(base[golds[0]["source"]]["cleaned"])  # warm-up
        found = {g["source"]: timed(tool.people, base[g["source"]]["cleaned"]) for g in golds}
        rows = []
        project, natasha, natasha_full, union = Counts(), Counts(), Counts(), Counts()
        for g in golds:
            gold_names = [surname(n) for n in g["people"]]
            own = [surname(p["name"]) for p in base[g["source"]]["object"]["people"]]
            project.add(*set_counts(own, gold_names))
            spans = found[g["source"]][0]
            natasha.add(*set_counts([surname(n) for n in spans], gold_names))
            union.add(*set_counts(own + [surname(n) for n in spans], gold_names))
            natasha_full.add(*set_counts([surname(n) for n in spans if len(n.split()) >= 2], gold_names))
        people_ms = ms([base[g["source"]]["times"]["find_people"] for g in golds])
        rows.append(["project (people.find_people)", project.precision, project.recall, project.f1, people_ms])
        rows.append(["natasha PER spans, normalised", natasha.precision, natasha.recall, natasha.f1,
                     ms([f[1] for f in found.values()])])
        rows.append(["natasha PER spans of 2+ words", natasha_full.precision, natasha_full.recall, natasha_full.f1,
                     ms([f[1] for f in found.values()])])
        rows.append(["project + natasha (union of surnames)", union.precision, union.recall, union.f1,
                     ms([f[1] + base[g["source"]]["times"]["find_people"] for g, f in zip(golds, found.values(),
                                                                                             strict=True)])])
        table(f"3a. People, ru dev ({len(golds)} articles): surname P/R/F1 (natasha models loaded in {load_s:.2f} s)",
              ["method", "P", "R", "F1", "median ms"], rows)
    if not has("razdel"):
        print("\n## 3b. Sentences: razdel is not installed; skipped (`.venv/bin/pip install razdel` to measure)")
        return
    rows = []
    base_report = score({"articles": golds}, [base[g["source"]]["object"] for g in golds])
    rows.append(["project (segment.split_sentences)", sum(base[g["source"]]["sentences"] for g in golds),
                 ms([base[g["source"]]["times"]["split_sentences"] for g in golds]),
                 base_report.fields["trade_figures"].f1, base_report.fields["trade_strict"].f1,
                 base_report.fields["meetings"].f1, base_report.fields["people"].f1])
    for label, by_line in (("razdel.sentenize (whole text)", False), ("razdel.sentenize (each line)", True)):
        split = razdel_sentences(by_line)
        split(base[golds[0]["source"]]["cleaned"])
        counted = [timed(split, base[g["source"]]["cleaned"]) for g in golds]
        predicted = [run_with(g, raw, config, names, sentences=split) for g, raw in chosen]
        report = score({"articles": golds}, predicted)
        rows.append([label, sum(len(c[0]) for c in counted), ms([c[1] for c in counted]),
                     report.fields["trade_figures"].f1, report.fields["trade_strict"].f1,
                     report.fields["meetings"].f1, report.fields["people"].f1])
    table(f"3b. Sentences, ru dev ({len(golds)} articles): the pipeline with doc.sentences from each splitter",
          ["splitter", "sentences", "median ms", "trade F1", "strict F1", "meetings F1", "people F1"], rows)


# --- 4. memory ---------------------------------------------------------------------------------

PROBES = ("pipeline", "dateparser", "htmldate", "justext", "trafilatura", "natasha", "razdel")


def memory_probe(kind: str) -> None:
    """Run in a fresh process: the pipeline over the dev articles, plus one library; print peak RSS in MB."""
    articles = dev_articles()
    config = Config(resources=load_resources())
    extra: Callable[[str, str], object] = lambda text, language: None  # noqa: E731
    if kind == "dateparser":
        extra = lambda text, language: dateparser_dates(text)  # noqa: E731
    elif kind == "htmldate":
        extra = lambda text, language: htmldate_date(text)  # noqa: E731
    elif kind == "justext":
        cleaners = {lang: justext_clean(lang) for lang in LANGUAGES}
        extra = lambda text, language: cleaners[language](text)  # noqa: E731
    elif kind == "trafilatura":
        extra = lambda text, language: trafilatura_clean(text)  # noqa: E731
    elif kind == "natasha":
        tool = Natasha()
        extra = lambda text, language: tool.people(text) if language == "ru" else None  # noqa: E731
    elif kind == "razdel":
        split = razdel_sentences(False)
        extra = lambda text, language: split(text)  # noqa: E731
    for gold, raw in articles:
        doc = run(new_doc(gold, raw, config))
        extra(doc.text, gold["language"])
    print(peak_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def peak_rss_mb() -> float:
    """This process image's peak resident set (VmHWM). getrusage's ru_maxrss is kept across exec on Linux,
    so a child started from a big parent reports at least the parent's size; VmHWM starts afresh."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_section() -> None:
    rows = []
    for kind in PROBES:
        if kind != "pipeline" and not has(kind):
            rows.append([kind, "not installed", "", ""])
            continue
        done = subprocess.run([sys.executable, __file__, "--memory-probe", kind], capture_output=True, text=True,
                              check=False)
        if done.returncode:
            rows.append([kind, "failed", "", done.stderr.strip().splitlines()[-1][:60]])
            continue
        hwm, maxrss = (float(v) for v in done.stdout.split()[-2:])
        rows.append([kind, hwm, maxrss, "pipeline over the dev articles"
                     + ("" if kind == "pipeline" else f" + {kind} on each")])
    table("4. Memory: peak RSS (MB) of a fresh process over the dev articles",
          ["loaded", "peak RSS MB (VmHWM)", "ru_maxrss MB", "what ran"], rows)


# --- main --------------------------------------------------------------------------------------


def pipeline_section(articles, base) -> None:
    rows = []
    for language in LANGUAGES:
        chosen = by_language(articles, language)
        totals = [sum(base[g["source"]]["times"].values()) for g, _ in chosen]
        rows.append([language, len(chosen), ms(totals)])
    table("0. The project's pipeline on the dev split (reference)", ["lang", "articles", "median ms per article"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-memory", action="store_true", help="leave out the memory probes (section 4)")
    parser.add_argument("--memory-probe", choices=PROBES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe(args.memory_probe)
        return
    articles = dev_articles()
    config = Config(resources=load_resources())
    names = region_names()
    run(new_doc(*articles[0], config))  # warm-up: compiles the rules
    base = baseline(articles, config, names)
    files = corpus_files(CORPUS)
    same = all({**o, "source": g["source"]} == {**base[g["source"]]["object"], "source": g["source"]}
               for o, (g, _) in zip(extract_paths([str(files[g["source"]]) for g, _ in articles]), articles,
                                    strict=True))
    print("the step-by-step run gives the same objects as cli.extract_paths: " + ("yes" if same else "NO"))
    print(f"dev split: {len(articles)} articles ("
          + ", ".join(f"{lang} {len(by_language(articles, lang))}" for lang in LANGUAGES) + ")")
    for name in ("dateparser", "htmldate", "justext", "trafilatura", "natasha", "razdel"):
        if not has(name):
            print(f"note: {name} is not installed; its rows are skipped")
    pipeline_section(articles, base)
    dating_section(articles, base)
    chrome_section(articles, base, config, names)
    russian_section(articles, base, config, names)
    if not args.skip_memory:
        memory_section()


if __name__ == "__main__":
    main()
