"""Language step: `doc.language` is "en" or "ru", judged on the body.

Menus and site names are short lines, so only the longest lines are read, and
the language is the one whose script has most letters there
(data/text_language.json).
"""

from __future__ import annotations

import heapq
import re
from typing import Any

from articles.extraction.document import Document, step
from articles.extraction.resources import Resources

_LINE = re.compile(r"[^\n]+")


@step(requires=("text",), assigns=("language",))
def detect_language(doc: Document) -> Document:
    settings = doc.resources.compile("language.settings", _build_settings)
    doc.language = language_of(body_sample(doc.text, settings), settings)
    return doc


def _build_settings(resources: Resources) -> dict[str, Any]:
    table = dict(resources.table("text_language"))
    table["scripts"] = {language: re.compile(letters) for language, letters in table["scripts"].items()}
    return table


def body_sample(text: str, settings: dict[str, Any]) -> list[str]:
    """The longest lines of the text, each cut to a bounded length."""
    lines = (m.group() for m in _LINE.finditer(text))
    longest = heapq.nlargest(settings["sample_lines"], lines, key=len)
    return [line[: settings["max_chars_per_line"]] for line in longest]


def language_of(sample: list[str], settings: dict[str, Any]) -> str:
    # The letters a script's pattern matches are those its `sub` removes: counted without
    # building a string per run of letters.
    counts = {
        language: sum(len(line) - len(letters.sub("", line)) for line in sample)
        for language, letters in settings["scripts"].items()
    }
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else settings["default"]
