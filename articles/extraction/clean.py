"""STUB: replaced by the boilerplate step."""

from articles.extraction.document import Document


def strip_boilerplate(doc: Document) -> Document:
    return doc
