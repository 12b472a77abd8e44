"""STUB: replaced by the input step (bytes -> text)."""

from articles.extraction.document import Document


def decode(doc: Document) -> Document:
    doc.text = doc.raw.decode("utf-8", errors="replace")
    return doc
