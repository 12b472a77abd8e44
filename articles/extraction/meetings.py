"""STUB: replaced by the meetings step."""

from articles.extraction.document import Document


def find_meetings(doc: Document) -> Document:
    return doc
