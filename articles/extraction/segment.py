"""Sentence step: `doc.sentences` with offsets into `doc.text`.

Lines are hard boundaries. Inside a line a sentence ends at . ! ? or … (and
any closing quotes or brackets) followed by a space and a word that does not
start in lower case, unless the period closes an abbreviation or an initial
(data/segment.json). Every candidate is judged from a few characters around
it, so the step is linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extraction.document import Document, Sentence, step
from articles.extraction.resources import Resources

_LINE = re.compile(r"[^\n]+")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_OPENING = "([{\"'«“„‘"
# Words before a number abbreviation are counted in this many characters only.
_WORDS_WINDOW = 60


@dataclass(frozen=True)
class SegmentRules:
    end: re.Pattern[str]
    never_split: frozenset[str]
    split_after_number: frozenset[str]
    max_token: int
    min_words: int


@step(requires=("text",), assigns=("sentences",))
def split_sentences(doc: Document) -> Document:
    rules = doc.resources.compile("segment.rules", _build_rules)
    text = doc.text
    doc.sentences = [s for line in _LINE.finditer(text) for s in split_line(text, line.start(), line.end(), rules)]
    return doc


def _build_rules(resources: Resources) -> SegmentRules:
    table = resources.table("segment")
    closing = re.escape(table["closing"])
    return SegmentRules(
        end=re.compile(rf"[.!?…]+[{closing}]*(?= )"),
        never_split=frozenset(w.casefold() for words in table["never_split"].values() for w in words),
        split_after_number=frozenset(w.casefold() for words in table["split_after_number"].values() for w in words),
        max_token=int(table["max_abbreviation_chars"]),
        min_words=int(table["split_after_number_min_words"]),
    )


def split_line(text: str, start: int, end: int, rules: SegmentRules) -> list[Sentence]:
    sentences: list[Sentence] = []
    begin = start
    for mark in rules.end.finditer(text, start, end):
        if ends_sentence(text, begin, mark.start(), mark.end(), end, rules):
            _append(sentences, text, begin, mark.end())
            begin = mark.end()
    _append(sentences, text, begin, end)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    """Add text[start:end] without its surrounding spaces, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))


def ends_sentence(text: str, begin: int, mark_start: int, mark_end: int, line_end: int, rules: SegmentRules) -> bool:
    following = next_visible(text, mark_end, line_end)
    if not following or following.islower():
        return False
    if text[mark_start] != "." or text.startswith("..", mark_start):
        return True
    return not is_abbreviation(text, begin, mark_start, following, rules)


def next_visible(text: str, position: int, line_end: int) -> str:
    """The first character after `position` that is not a space, or '' at the line end."""
    while position < line_end and text[position] == " ":
        position += 1
    return text[position] if position < line_end else ""


def is_abbreviation(text: str, begin: int, period: int, following: str, rules: SegmentRules) -> bool:
    token_start = token_start_before(text, period, rules.max_token)
    token = text[token_start:period].lstrip(_OPENING)
    if not token:
        return False
    key = token.casefold()
    if key in rules.never_split or _DOTTED.fullmatch(token):
        return True
    if len(token) == 1 and token.isalpha() and token.isupper():
        return True  # an initial: "A. Lukashenko"
    if key in rules.split_after_number:
        return not (number_before(text, token_start) and following.isupper() and has_words(text, begin, period, rules))
    return False


def token_start_before(text: str, position: int, limit: int) -> int:
    """Start of the word that ends at `position` (looking back at most `limit` characters)."""
    start = position
    floor = max(0, position - limit - 1)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return start


def has_words(text: str, begin: int, period: int, rules: SegmentRules) -> bool:
    """Whether the sentence so far has a few words: "В 2013 г." opens a sentence, it cannot be one.

    Only a short window is read, so the check stays constant-time."""
    return text[max(begin, period - _WORDS_WINDOW) : period].strip().count(" ") >= rules.min_words - 1


def number_before(text: str, token_start: int) -> bool:
    """Whether a number ends just before the word ("2012 г.", "1,5 млрд.")."""
    position = token_start
    while position > 0 and text[position - 1] == " ":
        position -= 1
    return position > 0 and text[position - 1].isdigit()
