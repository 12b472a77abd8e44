"""The regions nearest to a code or name that matched none: what the 404 of /regions/<code>/ suggests.

Closeness is difflib's ratio against the region's code and its English and Russian names (case-folded), the best
of the three; a name that contains what was typed counts as close, so that "novosib" finds Novosibirsk Oblast.
One query (the regions' codes and names); the 404 page calls it only for a region's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from os.path import commonprefix

from belregions.models import Region
from dashboard.labels import russian

CUTOFF = 0.6  # difflib.get_close_matches' default: "RU-NVZ" and "RU-NVS" score 0.83, unrelated codes under 0.5
CONTAINED = 0.9  # the score of a name that contains what was typed
MIN_CONTAINED = 3  # characters typed before containment counts ("RU" is in every Russian code)
LIMIT = 5


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str  # in the page's language
    score: float


def nearest_regions(typed: str, limit: int = LIMIT) -> list[Suggestion]:
    wanted = typed.strip().casefold()
    if not wanted:
        return []
    found = []
    for code, name_en, name_ru in Region.objects.values_list("code", "name_en", "name_ru"):
        score = max(_closeness(wanted, candidate.casefold()) for candidate in (code, name_en, name_ru) if candidate)
        if score >= CUTOFF:
            found.append(Suggestion(code, (russian() and name_ru) or name_en, score))
    # Ties (RU-NIZ and RU-NVS are as close to RU-NVZ) go to the longer shared beginning, then the code.
    return sorted(found, key=lambda s: (-s.score, -_shared_start(wanted, s.code.casefold()), s.code))[:limit]


def _shared_start(a: str, b: str) -> int:
    return len(commonprefix([a, b]))


def _closeness(wanted: str, candidate: str) -> float:
    if len(wanted) >= MIN_CONTAINED and wanted in candidate:
        return max(CONTAINED, SequenceMatcher(None, wanted, candidate).ratio())
    return SequenceMatcher(None, wanted, candidate).ratio()
