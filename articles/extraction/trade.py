"""STUB: replaced by the trade step."""

from articles.extraction.document import Document


def find_trade_figures(doc: Document) -> Document:
    return doc
