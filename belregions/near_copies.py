"""Near copies: two articles that tell one story in (nearly) the same words.

Agencies reprint each other's stories with another headline, dateline or
closing paragraph, and one copy may give the date the other leaves out. To see
that two articles are such copies without reading both texts again, each
article's clean text is summed up in a *sketch*: the `SKETCH_SIZE` smallest
hashes of its word 3-grams (a "bottom-k" MinHash sketch). Two sketches
estimate the Jaccard similarity of the texts' 3-gram sets in O(SKETCH_SIZE).

The sketch is made once per parse (a few hundred hashes of a few KB of text)
and stored with the article's meeting reports (`MeetingSource.text_sketch`),
so matching a new report against the recorded meetings reads only them.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Iterable, Iterator

SKETCH_SIZE = 128  # 512 bytes a sketch; the estimate's error is about ±0.04 around the threshold
SHINGLE_WORDS = 3
# Texts at least this similar are copies of one story. Rewrites of one agency story by another
# (another headline, lead and closing) keep most of their 3-grams: well above 0.5. Different
# stories about the same region and people (the same governor's visits in two years, same-site
# pages sharing their menus) share set phrases only: below 0.15 in the real-articles corpus.
NEAR_COPY_SIMILARITY = 0.3

_WORD = re.compile(r"[^\W_]+")


def sketch(text: str) -> bytes:
    """The text's sketch: its word 3-grams' smallest hashes, ascending, as bytes (b"" for no words)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return b""
    size = min(SHINGLE_WORDS, len(words))
    hashes = {_hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1)}
    return array("I", sorted(hashes)[:SKETCH_SIZE]).tobytes()


def similarity(a: bytes | memoryview | None, b: bytes | memoryview | None) -> float:
    """The estimated Jaccard similarity of two sketched texts (0.0 when either has no sketch)."""
    return _similarity(_values(a), _values(b))


def similarities(a: bytes | memoryview | None, others: Iterable[bytes | memoryview | None]) -> Iterator[float]:
    """`similarity(a, b)` for each b of `others`, `a` read once: a parse compares its text with every report
    of the meetings it could join, hundreds for a much-reprinted story."""
    first = _values(a)
    for b in others:
        yield _similarity(first, _values(b))


def _similarity(first: set[int], second: set[int]) -> float:
    if not first or not second:
        return 0.0
    union = sorted(first | second)[:SKETCH_SIZE]
    return len((first & second).intersection(union)) / len(union)  # the union's hashes in both


def are_near_copies(a: bytes | memoryview | None, b: bytes | memoryview | None) -> bool:
    return similarity(a, b) >= NEAR_COPY_SIMILARITY


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=4).digest(), "little")


def _values(raw: bytes | memoryview | None) -> set[int]:
    if not raw:
        return set()
    values = array("I")
    values.frombytes(bytes(raw))
    return set(values)
