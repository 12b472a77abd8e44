"""The ordered steps of extraction and the runner that drives them.

Each step is `step(doc) -> doc`, reads what earlier steps added and adds its
own annotations. The runner, not the steps, turns an exception into a
`StepFailed` that names the step, so a failed parse says where it broke.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from articles.extraction import (
    agreements,
    clean,
    dating,
    decode,
    language,
    meetings,
    meta,
    money,
    people,
    regions,
    sectors,
    segment,
    trade,
)
from articles.extraction.document import Config, Document
from articles.extraction.errors import InputError
from articles.extraction.resources import load_resources

# Bump when a change to steps or data changes what is extracted, so stored
# parse runs say which parser made their facts.
PARSER_VERSION = "0.4.3"

Step = Callable[[Document], Document]

STEPS: tuple[Step, ...] = (
    decode.decode,
    clean.strip_boilerplate,
    segment.split_sentences,
    language.detect_language,
    meta.find_title,
    meta.find_dates,
    dating.date_document,
    regions.find_regions,
    people.find_people,
    meetings.find_meetings,
    meetings.keep_regional_meetings,
    money.find_money,
    trade.find_trade_figures,
    sectors.find_sectors,
    agreements.find_agreements,
)


def check_order(steps: Sequence[Step]) -> None:
    """Fail when a step runs before a step that adds what it requires (see `document.step`)."""
    available = {"raw"}
    for each in steps:
        missing = getattr(each, "requires", frozenset()) - available
        if missing:
            raise ValueError(f"{each.__name__} requires {', '.join(sorted(missing))}, which no step before it adds")
        available |= getattr(each, "assigns", frozenset())


check_order(STEPS)


class StepFailed(Exception):
    """A step raised: `step` names it, `code` sorts the failure for editors."""

    def __init__(self, step: str, error: Exception):
        self.step = step
        self.error = error
        self.code = error.code if isinstance(error, InputError) else "step_error"
        super().__init__(f"{step}: {error}")


def run(doc: Document, steps: Sequence[Step] = STEPS) -> Document:
    for step in steps:
        try:
            doc = step(doc)
        except Exception as exc:  # noqa: BLE001 - the runner's job is to name the step
            raise StepFailed(step.__name__, exc) from exc
    return doc


def extract(
    raw: bytes,
    *,
    source: str = "",
    reference_date: date | None = None,
    published_override: date | None = None,
) -> Document:
    """Parse one article's bytes with the default resources and steps."""
    config = Config(
        resources=load_resources(),
        reference_date=reference_date,
        published_override=published_override,
    )
    return run(Document(source=source, raw=raw, config=config))
