"""The period a trade figure covers, read from its sentence.

Handles years ("in 2011", "в 2011 году"), relative years ("last year", "this
year"), year-to-date ("since the start of the year"), month ranges
("January-August 2022"), halves, quarters and "the first eight months". A
date right after a comparison word ("over 2010", "compared to last year") is
the base of a growth figure, not the period. Relative periods resolve against
the article's date; without one they stay unresolved.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from articles.extraction.document import lowered
from articles.extraction.money import phrase_alternation

YEAR = r"(?<![\d.,\u00a4])(?:19[5-9]\d|20\d\d)(?![\d%])"
FLAGS = 0  # matched on the lower-cased sentence, several times faster than ignoring case


@dataclass(frozen=True)
class Mention:
    """A period named in the text, not yet resolved against the article's date."""

    start: int
    end: int
    year: int | None = None
    year_offset: int | None = None  # relative to the article's year: -1 for "last year"
    months: tuple[int, int] = (1, 12)
    to_date: bool = False  # "this year": from 1 January to the article's date
    end_year: int | None = None  # "in 2017–2018": the period runs to the end of this year

    def resolve(self, reference: date | None, article_year: int | None = None) -> tuple[date | None, date | None]:
        """The period's first and last day. `reference`: the article's day; `article_year`: its year,
        where the text fixes the year but not the day (a year-to-date period then has no known end)."""
        year = self.year
        base = reference.year if reference else article_year
        if year is None and self.year_offset is not None and base:
            year = base + self.year_offset
        if year is None:
            return None, None
        first, last = self.months
        end_year = self.end_year or year
        end: date | None = date(end_year, last, calendar.monthrange(end_year, last)[1])
        if self.to_date and base == year:
            end = reference
        return date(year, first, 1), end


@dataclass(frozen=True)
class PeriodRules:
    pattern: re.Pattern  # one group per way of naming a period, named after its reader
    comparison_before: re.Pattern
    opening: re.Pattern  # a comparison word that, opening the sentence, names the period instead
    months: dict[str, int]
    ordinals: dict[str, int]
    counts: dict[str, int]
    relative: dict[str, int]


def period(
    rules: PeriodRules, text: str, amount: tuple[int, int], clause: tuple[int, int], reference: date | None
) -> tuple[date | None, date | None]:
    """The period of the amount at `amount`, resolved against `reference` (None, None when none is named)."""
    mention = nearest_mention(rules, text, amount, clause)
    return mention.resolve(reference) if mention else (None, None)


def nearest_mention(rules: PeriodRules, text: str, amount: tuple[int, int], clause: tuple[int, int]) -> Mention | None:
    """The period named nearest the amount at `amount`: in its clause first, else in its sentence.

    `text` is the sentence as written; it is matched lower-cased."""
    return nearest(periods(rules, text), amount, clause)


def nearest(mentions: list[Mention], amount: tuple[int, int], clause: tuple[int, int]) -> Mention | None:
    in_clause = [m for m in mentions if clause[0] <= m.start and m.end <= clause[1]]
    pool = in_clause or mentions
    return min(pool, key=lambda m: _distance(m, amount)) if pool else None


def periods(rules: PeriodRules, text: str) -> list[Mention]:
    """The periods a sentence names, bases of comparison ("over 2010") left out. A sentence that names no
    period but a whole year as its base ("по сравнению с 2014 годом увеличился до $250 млн") speaks of
    the year after it."""
    low = lowered(text)
    mentions = _mentions(rules, text, low)
    own = [m for m in mentions if not _is_comparison(rules, low, m)]
    if own or len(mentions) != 1:
        return own
    base = mentions[0]
    whole_year = base.year is not None and base.months == (1, 12) and not base.to_date and base.end_year is None
    return [replace(base, year=base.year + 1)] if whole_year else []


def _mentions(rules: PeriodRules, text: str, low: str) -> list[Mention]:
    # The readers are alternatives of one regex, the most specific first, so "first half of
    # 2023" is read as a half, not as the year 2023.
    return [
        READERS[m.lastgroup](m, rules) for m in rules.pattern.finditer(low) if _months_capitalised(m, text)
    ]


def _months_capitalised(m: re.Match, text: str) -> bool:
    """English month names count only capitalised: "may" and "march" are also verbs."""
    for group in MONTH_GROUPS:
        start = m.start(group)
        if start >= 0 and text[start].isascii() and text[start].islower():
            return False
    return True


def _is_comparison(rules: PeriodRules, text: str, mention: Mention) -> bool:
    # "By 2023, a new record was set", "К 2023 году товарооборот достиг …": opening the sentence or a
    # clause of it, "by" says when the figure was reached; after a figure ("up 30% by 2010 levels") it compares.
    if rules.opening.fullmatch(text, _clause_start(text, mention.start), mention.start):
        return False
    return bool(rules.comparison_before.search(text, max(0, mention.start - 60), mention.start))


# Where a clause opens: the sentence's start, a comma or semicolon, or a joining word after one
# ("in 2020 it was $335 million, and by 2024 it had reached $678 million").
_CLAUSE_OPENING = re.compile(r"(?:[,;:—–]\s*|\s)(?:(?:and|but|while|whereas|и|а|но)\s+)?")


def _clause_start(text: str, offset: int) -> int:
    """The start of the clause that holds `offset`: after the last comma, semicolon or dash before it,
    and the joining word that follows it."""
    cut = max(text.rfind(mark, 0, offset) for mark in ",;:—–")
    if cut < 0:
        return 0
    m = _CLAUSE_OPENING.match(text, cut)
    return m.end() if m else cut + 1


def _distance(mention: Mention, amount: tuple[int, int]) -> int:
    return amount[0] - mention.end if mention.end <= amount[0] else mention.start - amount[1]


# --- readers: one per way of naming a period ----------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _with_year(m: re.Match, rules: PeriodRules, name: str, **fields: Any) -> Mention:
    """A Mention whose year is the reader's year or relative year, else the article's year."""
    year, relative = m.group(f"{name}_year"), m.group(f"{name}_rel")
    if year:
        return Mention(m.start(), m.end(), year=int(year), **fields)
    offset = rules.relative.get(_key(relative), 0) if relative else 0
    return Mention(m.start(), m.end(), year_offset=offset, **fields)


def _read_range(m: re.Match, rules: PeriodRules) -> Mention:
    first, last = rules.months[_key(m.group("range_m1"))], rules.months[_key(m.group("range_m2"))]
    return _with_year(m, rules, "range", months=(first, last))


def _read_count(m: re.Match, rules: PeriodRules) -> Mention:
    n = m.group("count_n")
    count = int(n) if n.isdigit() else rules.counts[_key(n)]
    return _with_year(m, rules, "count", months=(1, min(max(count, 1), 12)))


def _read_half(m: re.Match, rules: PeriodRules) -> Mention:
    half = int(m.group("half_h") or m.group("half_hh") or 0) or rules.ordinals[_key(m.group("half_ord"))]
    half = min(half, 2)
    return _with_year(m, rules, "half", months=(6 * half - 5, 6 * half))


def _read_quarter(m: re.Match, rules: PeriodRules) -> Mention:
    quarter = int(m.group("quarter_q") or m.group("quarter_qq") or 0) or rules.ordinals[_key(m.group("quarter_ord"))]
    return _with_year(m, rules, "quarter", months=(3 * quarter - 2, 3 * quarter))


def _read_month(m: re.Match, rules: PeriodRules) -> Mention:
    month = rules.months[_key(m.group("month_m"))]
    return _with_year(m, rules, "month", months=(month, month))


def _read_to_date(m: re.Match, rules: PeriodRules) -> Mention:
    return Mention(m.start(), m.end(), year_offset=0, to_date=True)


def _read_relative(m: re.Match, rules: PeriodRules) -> Mention:
    offset = rules.relative[_key(m.group())]
    return Mention(m.start(), m.end(), year_offset=offset, to_date=offset == 0)


def _read_undated(m: re.Match, rules: PeriodRules) -> Mention:
    """'over the past two years': a stated period, but no year it can be dated to."""
    return Mention(m.start(), m.end())


def _read_year(m: re.Match, rules: PeriodRules) -> Mention:
    return Mention(m.start(), m.end(), year=int(m.group("year_year")))


def _read_years(m: re.Match, rules: PeriodRules) -> Mention:
    first, last = int(m.group("years_first")), int(m.group("years_last"))
    if last < first:  # "2017–18" is not what this reads; a reversed pair is no period
        return Mention(m.start(), m.end(), year=last)
    return Mention(m.start(), m.end(), year=first, end_year=last)


MONTH_GROUPS = ("range_m1", "range_m2", "month_m")
READERS: dict[str, Callable[[re.Match, PeriodRules], Mention]] = {
    "range": _read_range,
    "count": _read_count,
    "half": _read_half,
    "quarter": _read_quarter,
    "month": _read_month,
    "to_date": _read_to_date,
    "undated": _read_undated,
    "relative": _read_relative,
    "years": _read_years,
    "year": _read_year,
}


# --- compiling ----------------------------------------------------------------------------------


def _words(entry: dict[str, Any]) -> list[str]:
    return [word.lower() for lang in entry.values() for word in lang]


def _mapping(entry: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {_key(word): value for lang in entry.values() for word, value in lang.items()}


def _alt(entry: dict[str, Any]) -> str:
    return rf"(?<![\w-])(?:{phrase_alternation(_words(entry))})(?![\w])"


def _months(entry: dict[str, Any]) -> str:
    return rf"(?<!\w)(?:{phrase_alternation(_words(entry))})(?![\w])"


def _joiners(entry: dict[str, Any]) -> str:
    return "|".join(
        rf"\s+{re.escape(j)}\s+" if j.isalpha() else rf"\s*{re.escape(j)}\s*" for j in _words(entry)
    )


def _reader_patterns(periods: dict[str, Any], relative: dict[str, int]) -> dict[str, str]:
    suffix = rf"(?:\s*(?:{phrase_alternation(_words(periods['year_suffixes']))})(?![\w]))?"
    relatives = phrase_alternation(relative)

    def year(name: str) -> str:
        """An optional year after a month or quarter: '2022', 'of this year', '2022 года'."""
        return rf"(?:,?\s+(?:(?:of|in)\s+)?(?:(?P<{name}_year>{YEAR}){suffix}|(?P<{name}_rel>{relatives})(?![\w])))?"

    month, ordinal = _months(periods["months"]), _alt(periods["ordinals"])
    opener, joiner = _alt(periods["range_openers"]), _joiners(periods["month_joiners"])
    count_opener, counts = _alt(periods["month_count_openers"]), _alt(periods["month_counts"])
    half, quarter = _alt(periods["half_words"]), _alt(periods["quarter_words"])
    return {
        "range": rf"(?:{opener}\s+)?(?P<range_m1>{month})(?:{joiner})(?P<range_m2>{month}){year('range')}",
        "count": rf"{count_opener}\s+(?P<count_n>\d{{1,2}}|{counts})\s+{_alt(periods['month_words'])}{year('count')}",
        "half": rf"(?:(?P<half_ord>{ordinal})\s+{half}|\bh(?P<half_h>[12])\b|\b(?P<half_hh>[12])h\b){year('half')}",
        "quarter": rf"(?:(?P<quarter_ord>{ordinal})\s+{quarter}|\bq(?P<quarter_q>[1-4])\b"
        rf"|\b(?P<quarter_qq>[1-4])q\b){year('quarter')}",
        "month": rf"{_alt(periods['month_openers'])}\s+(?P<month_m>{month}){year('month')}",
        "to_date": _alt(periods["year_to_date"]),
        "undated": _alt(periods["undated_spans"]),
        "relative": _alt(periods["relative_years"]),
        "years": rf"(?P<years_first>{YEAR})\s*[-–—]\s*(?P<years_last>{YEAR}){suffix}",
        "year": rf"(?P<year_year>{YEAR}){suffix}",
    }


def compile_periods(periods: dict[str, Any], comparison: dict[str, Any]) -> PeriodRules:
    relative = {**_mapping(periods["relative_years"]), **_mapping(periods["year_of"])}
    readers = _reader_patterns(periods, relative)
    cmp = rf"(?<![\w-])(?:{phrase_alternation(_words(comparison['words']))})"
    fillers = phrase_alternation(_words(comparison["fillers"]))
    return PeriodRules(
        # Every way of naming a period starts a word: "\\b" lets sre skip the other places at once.
        pattern=re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{p})" for name, p in readers.items()) + ")", FLAGS),
        comparison_before=re.compile(rf"{cmp}\s+(?:(?:{fillers})\s+){{0,4}}$", FLAGS),
        opening=re.compile(rf"\W*{_alt(comparison['period_openers'])}\s+", FLAGS),
        months=_mapping(periods["months"]),
        ordinals=_mapping(periods["ordinals"]),
        counts=_mapping(periods["month_counts"]),
        relative=relative,
    )
