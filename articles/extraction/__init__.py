"""The article extraction pipeline: plain Python, no Django.

`extract(raw, source=...)` turns the bytes of one article into a `Document`
carrying its clean text, metadata and facts; `to_contract(doc)` gives the
JSON object fixed by the extraction contract.
"""

from articles.extraction.document import Config, Document
from articles.extraction.pipeline import PARSER_VERSION, STEPS, StepFailed, extract, run
from articles.extraction.resources import Resources, load_resources

__all__ = [
    "PARSER_VERSION",
    "STEPS",
    "Config",
    "Document",
    "Resources",
    "StepFailed",
    "extract",
    "load_resources",
    "run",
]
