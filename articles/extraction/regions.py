"""STUB: replaced by the regions step."""

from articles.extraction.document import Document


def find_regions(doc: Document) -> Document:
    return doc
