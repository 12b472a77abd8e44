"""STUB: replaced by title and date steps."""

from articles.extraction.document import Document


def find_title(doc: Document) -> Document:
    return doc


def find_dates(doc: Document) -> Document:
    return doc


def find_published(doc: Document) -> Document:
    doc.published = doc.config.published_override
    return doc
