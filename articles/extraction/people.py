"""STUB: replaced by the people step."""

from articles.extraction.document import Document


def find_people(doc: Document) -> Document:
    return doc
