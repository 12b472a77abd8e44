"""The whole pipeline on any input: a Document, or StepFailed carrying an InputError; nothing else."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction.document import Document
from articles.extraction.errors import InputError
from articles.extraction.pipeline import StepFailed, extract

ARTICLE_WORDS = [
    "Belarus",
    "Novosibirsk Oblast",
    "Lukashenko",
    "met",
    "Governor",
    "trade",
    "$1.5 billion",
    "in 2012",
    "last year",
    "29 May",
    "MINSK,",
    "(BelTA)",
    "-",
    ".",
    "\n",
    "\n\n",
    "“",
    "”",
    "Беларусь",
    "Омской области",
    "млрд.",
    "г.",
    "13.11.2017",
    "<p>",
    "</p>",
    "<script>",
    "St.",
    "A.",
    "Ru | Eng",
    "• 5",
    "Other news",
    "1.7 times",
    "over 2010",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(raw: bytes, source: str = "article.txt") -> Document | InputError:
    try:
        return extract(raw, source=source)
    except StepFailed as failure:
        assert isinstance(failure.error, InputError), f"{failure.step} raised {failure.error!r}"
        return failure.error


def assert_well_formed(doc: Document | InputError) -> None:
    if isinstance(doc, InputError):
        assert doc.code in {"empty", "too_large", "binary", "encoding"}
        return
    assert doc.text.strip()
    assert doc.language in {"en", "ru"}
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
    for span in doc.spans:
        assert doc.text[span.start : span.end] == span.text
    assert 0 <= doc.body_start <= len(doc.text)


@SETTINGS
@given(st.text(max_size=3000))
def test_any_text(text):
    assert_well_formed(outcome(text.encode("utf-8")))


@SETTINGS
@given(st.lists(st.sampled_from(ARTICLE_WORDS), max_size=300).map(" ".join))
def test_article_like_text(text):
    assert_well_formed(outcome(text.encode("utf-8")))


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes(raw):
    assert_well_formed(outcome(raw))


@SETTINGS
@given(st.text(max_size=2000), st.sampled_from(["utf-16", "cp1251", "utf-8-sig"]))
def test_any_text_in_other_encodings(text, encoding):
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    assert_well_formed(outcome(raw))


@SETTINGS
@given(st.text(max_size=1500))
def test_any_text_as_html(text):
    assert_well_formed(outcome(f"<html><body><h1>{text[:80]}</h1><p>{text}</p></body></html>".encode(), "a.html"))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(codecs.BOM_UTF8, "empty", id="bom-only"),
        pytest.param(b"x" * (6 * 1024 * 1024), "too_large", id="six-megabytes"),
    ],
)
def test_refused_inputs(raw, code):
    result = outcome(raw)
    assert isinstance(result, InputError) and result.code == code


# Run in a child process: a step that is slower than linear on huge input then fails
# this test after HUGE_INPUT_SECONDS, naming the step, instead of hanging the whole suite.
HUGE_INPUT_SECONDS = 120
CHILD = """
import sys
from pathlib import Path
from articles.extraction.document import Config, Document
from articles.extraction.pipeline import STEPS, StepFailed, run
from articles.extraction.resources import load_resources
doc = Document(source="huge.txt", raw=Path(sys.argv[1]).read_bytes(), config=Config(resources=load_resources()))
try:
    for step in STEPS:
        print("running", step.__name__, flush=True)
        doc = run(doc, [step])
except StepFailed as failure:
    print("failed", failure.step, type(failure.error).__name__, failure.error)
else:
    print("ok", len(doc.text), len(doc.sentences), doc.language)
"""


def run_child(path: Path) -> tuple[str | None, str]:
    """(the child's last line, or None after the time limit; everything it printed)."""
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=HUGE_INPUT_SECONDS,
            cwd=Path(__file__).resolve().parents[3],
        )
    except subprocess.TimeoutExpired as late:
        printed = late.stdout.decode() if isinstance(late.stdout, bytes) else late.stdout or ""
        return None, printed
    assert child.returncode == 0, child.stderr[-2000:]
    return child.stdout.strip().splitlines()[-1], child.stdout


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            b"Belarus and Russia met on 29 May in Minsk and discussed trade in 2012.\n" * 56_000,
            id="four-megabytes-of-one-line-repeated",
        ),
        pytest.param(b"Belarus and Russia. " * 200_000, id="four-megabytes-in-one-line"),
        pytest.param("Беларусь и Россия. Товарооборот 1,5 млрд. руб. ".encode("cp1251") * 80_000, id="cp1251-huge"),
    ],
)
def test_huge_inputs(raw, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(raw)
    last, printed = run_child(path)
    if last is None:
        slow = printed.strip().splitlines()[-1] if printed.strip() else "starting"
        pytest.fail(f"over {HUGE_INPUT_SECONDS} s on {len(raw)} bytes; still {slow}")
    verdict = last.split()
    assert verdict[0] == "ok" or verdict[2] == "InputError", last
