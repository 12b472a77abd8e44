"""The one object every extraction step reads and annotates.

Offsets (`start`, `end`) always index `Document.text`, the cleaned text, so a
fact's evidence can be highlighted in what the editor sees.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from articles.extraction.resources import Resources


def lowered(text: str) -> str:
    """The text lower-cased with every offset kept (a few letters, like "İ", grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True)
class Config:
    """What a run is allowed to know besides the article itself."""

    resources: Resources
    # Date that "last year" / "this year" fall back to when the article gives
    # none (for example the upload day an editor chose). None: leave unresolved.
    reference_date: date | None = None
    # An editor's published date wins over anything found in the text.
    published_override: date | None = None
    # Seconds allowed for HTML-to-text conversion before a plain fallback.
    html_timeout: float = 5.0
    # Inputs larger than this many bytes are refused by the decode step.
    max_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why a fact was extracted: its sentence, where it is, which rule fired."""

    sentence: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Span:
    """A stretch of `Document.text` a step recognised.

    label: REGION (value: region code), PERSON (value: canonical name),
    DATE (value: datetime.date or a partial (year, month, day) tuple),
    MONEY (value: (Decimal amount, currency)), SECTOR (value: slug),
    ROLE (value: role text).
    """

    label: str
    start: int
    end: int
    text: str
    value: Any
    rule: str


@dataclass
class PersonFact:
    name: str
    role: str | None
    region: str | None
    evidence: Evidence
    # Other spellings met in the same article ("Alexander" / "Aleksandr").
    aliases: list[str] = field(default_factory=list)


@dataclass
class MeetingFact:
    date: date | None
    kind: str  # meeting, visit, forum, exhibition, agreement, other
    participants: list[str]
    regions: list[str]
    evidence: Evidence
    date_precision: str | None = None  # day, month, year or None


@dataclass
class TradeFact:
    region: str  # Russian side: subject code, RU-FD-* or "RU"
    by_region: str | None  # Belarusian oblast code, or None for Belarus
    period_start: date | None
    period_end: date | None
    amount: Decimal
    currency: str  # ISO 4217
    flow: str  # turnover, export, import (seen from Belarus)
    qualifier: str  # exact, about, over, under
    change: dict[str, Any] | None
    evidence: Evidence


@dataclass
class AgreementFact:
    """An outcome the article reports as reached (docs/agreements.md): a document signed, or a
    decision or instruction in words."""

    kind: str  # agreement, memorandum, roadmap, contract, decision
    regions: list[str]  # the parties' region codes; [] for the two countries as a whole
    parties: list[str]  # the signatories as the text names them
    sectors: list[str]  # sector slugs it is about
    amount: Decimal | None
    currency: str | None  # ISO 4217 where amount is given
    date: date | None
    evidence: Evidence


@dataclass
class Document:
    source: str
    raw: bytes
    config: Config
    encoding: str | None = None
    is_html: bool = False
    text: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    language: str | None = None
    title: str | None = None
    # Offset where the article body starts (after title and date lines).
    body_start: int = 0
    published: date | None = None
    # The article's year: published's, or the year the text fixes where it gives no day
    # ("с начала 2021 года …"); "last year" and day-month dates read it.
    year: int | None = None
    spans: list[Span] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    meetings: list[MeetingFact] = field(default_factory=list)
    trade_figures: list[TradeFact] = field(default_factory=list)
    agreements: list[AgreementFact] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)
    _starts_key: tuple[int, int] | None = field(default=None, init=False, repr=False, compare=False)
    _lower: str = field(default="", init=False, repr=False, compare=False)
    _lower_of: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def resources(self) -> Resources:
        return self.config.resources

    def spans_of(self, label: str) -> list[Span]:
        return [s for s in self.spans if s.label == label]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts(), offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def _sentence_starts(self) -> list[int]:
        # Cached: steps call sentence_at for every fact; rebuilt only when the
        # sentences change (the segment step sets them once).
        key = (id(self.sentences), len(self.sentences))
        if self._starts_key != key:
            self._starts = [s.start for s in self.sentences]
            self._starts_key = key
        return self._starts

    def lower_text(self) -> str:
        """`text.lower()`. Several steps search the lower-cased text: it is worked out once
        for each text (a step that sets another `text` gets its own)."""
        if self._lower_of is not self.text:
            self._lower, self._lower_of = self.text.lower(), self.text
        return self._lower

    def lowered_text(self) -> str:
        """`lowered(text)`: the lower-cased text with every offset kept."""
        low = self.lower_text()
        return low if len(low) == len(self.text) else lowered(self.text)

    def title_start(self) -> int:
        """Where the headline stands in the header, or -1 when there is none."""
        return self.text.find(self.title, 0, self.body_start) if self.title else -1

    def lead_sentence(self) -> Sentence | None:
        """The body's first sentence (the header's lines come before `body_start`)."""
        return next((s for s in self.sentences if s.end > self.body_start), None)

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        sentence = self.sentence_at(start)
        text = sentence.text if sentence else self.text[start:end]
        return Evidence(sentence=text, start=start, end=end, rule=rule)


StepT = TypeVar("StepT", bound=Callable[["Document"], "Document"])


def step(*, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[StepT], StepT]:
    """Declare what a step reads from the Document and what it adds: fields ("sentences") and span labels
    ("spans:DATE"). The pipeline checks the order of its steps against these when it is built, so a step
    moved before what it needs fails at start-up instead of reading an empty field."""

    def declare(fn: StepT) -> StepT:
        fn.requires, fn.assigns = frozenset(requires), frozenset(assigns)  # type: ignore[attr-defined]
        return fn

    return declare
