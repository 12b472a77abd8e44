"""STUB: replaced by the money step."""

from articles.extraction.document import Document


def find_money(doc: Document) -> Document:
    return doc
