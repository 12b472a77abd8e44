"""Hand-built documents for testing one extraction step at a time."""

from __future__ import annotations

from datetime import date

import pytest

from articles.extraction.document import Config, Document, Sentence
from articles.extraction.resources import load_resources


def build_doc(
    text: str,
    *,
    language: str = "en",
    published: date | None = None,
    sentences: bool = True,
    **config,
) -> Document:
    """A document as the steps before the one under test would leave it.

    With `sentences`, each line of `text` is one sentence, so tests control
    sentence boundaries exactly.
    """
    doc = Document(source="test", raw=text.encode(), config=Config(resources=load_resources(), **config))
    doc.text = text
    doc.language = language
    doc.published = published
    if sentences:
        offset = 0
        for line in text.split("\n"):
            if line.strip():
                doc.sentences.append(Sentence(offset, offset + len(line), line))
            offset += len(line) + 1
    return doc


@pytest.fixture
def make_doc():
    return build_doc
