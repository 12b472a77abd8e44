"""STUB: replaced by language detection."""

from articles.extraction.document import Document


def detect_language(doc: Document) -> Document:
    doc.language = "en"
    return doc
