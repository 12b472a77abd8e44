"""STUB: replaced by the sectors step."""

from articles.extraction.document import Document


def find_sectors(doc: Document) -> Document:
    return doc
