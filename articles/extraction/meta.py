"""Title and date steps.

- `find_title`: the headline is the last header line (before the first prose
  paragraph) that reads like a headline: enough words, no sentence ending, not
  a date line, byline or site chrome (data/text_layout.json).
- `find_dates`: DATE spans from the rules in data/date_formats.json and the
  month names in data/months.json; values are (year | None, month, day | None).
The article's own date is worked out from these spans by the dating step (dating.py).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from articles.extraction.clean import is_boilerplate_line
from articles.extraction.document import Document, Sentence, Span, step
from articles.extraction.resources import Resources

DateValue = tuple[int | None, int, int | None]

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_]+")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_PROSE_PUNCTUATION = re.compile(r"[.!?…]")
_SENTENCE_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A header longer than this many lines is not a header: the text has no prose body.
_MAX_HEADER_LINES = 300
_IMPOSSIBLE: DateValue = (0, 0, 0)
_DIGIT = re.compile(r"\d")
# Where a rule's matches can begin, by what its pattern opens with: a digit (of a day, month or
# year), a month name, or a line start (datelines). Rules opening otherwise run over the whole text.
_OPENINGS = {"{day}": "digit", "{month}": "digit", "{year}": "digit", "{mname}": "month", "(?m)^": "line"}


# ---------------------------------------------------------------- date rules


@dataclass(frozen=True)
class DateRule:
    name: str
    regex: re.Pattern[str]
    dateline: bool
    priority: int
    not_after: re.Pattern[str] | None = None
    opens_with: str | None = None  # "digit", "month" or "line": where every match begins; None: not known


@dataclass(frozen=True)
class DateRules:
    rules: tuple[DateRule, ...]
    months: dict[str, int]
    month_name: re.Pattern[str]  # any month spelling of the rules' {mname}


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    value: DateValue
    rule: DateRule


def date_rules(resources: Resources) -> DateRules:
    return resources.compile("meta.date_rules", _build_date_rules)


def _build_date_rules(resources: Resources) -> DateRules:
    table = resources.table("date_formats")
    months = resources.table("months")
    parts = {**table["parts"], "mname": f"(?P<mn>{month_pattern(months)})"}
    rules = tuple(_date_rule(rule, parts, i) for i, rule in enumerate(table["rules"]))
    return DateRules(rules=rules, months=month_numbers(months), month_name=re.compile(month_pattern(months)))


def _date_rule(rule: dict[str, Any], parts: dict[str, str], priority: int) -> DateRule:
    not_after = re.compile(rule["not_after"]) if rule.get("not_after") else None
    regex = re.compile(_fill(rule["pattern"], parts))
    opens_with = next((kind for part, kind in _OPENINGS.items() if rule["pattern"].startswith(part)), None)
    return DateRule(rule["name"], regex, bool(rule.get("dateline")), priority, not_after, opens_with)


def _fill(pattern: str, parts: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: parts.get(m.group(1), m.group(0)), pattern)


def month_numbers(months: dict[str, Any]) -> dict[str, int]:
    return {name.casefold(): n for names in months.values() if isinstance(names, dict) for name, n in names.items()}


def month_pattern(months: dict[str, Any]) -> str:
    """All month spellings as one regex: English capitalised or in capitals
    (lower-case 'may' is a verb), Russian in any of the usual cases."""
    spellings: set[str] = set()
    for language, names in months.items():
        if isinstance(names, dict):
            for name in names:
                spellings |= {name, name.upper(), name.capitalize()}
                if language != "en":
                    spellings.add(name.lower())
    return trie_pattern(sorted(spellings))


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of `words`, longest first, grouped by first letter so
    that the engine rejects most positions after one character."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        alternatives = "|".join(re.escape(r) for r in sorted(rests, key=len, reverse=True))
        branches.append(f"{re.escape(first)}(?:{alternatives})")
    return "(?:" + "|".join(branches) + ")"


def dates_in(text: str, rules: DateRules, start: int = 0, end: int | None = None) -> list[FoundDate]:
    """Every date in text[start:end]; of overlapping matches the longest, then the earliest rule.

    An impossible date ("31 February 2012") still wins its overlap, so that no part of it
    ("February 2012") is read as a date instead."""
    end = len(text) if end is None else end
    openings = openings_in(text, rules, start, end)
    found = [
        hit
        for rule in rules.rules
        for match in rule_matches(rule, text, start, end, openings.get(rule.opens_with))
        if (hit := _found_date(match, rule, rules.months)) is not None
    ]
    found.sort(key=lambda d: (d.start, d.start - d.end, d.rule.priority))
    kept: list[FoundDate] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return [hit for hit in kept if hit.value is not _IMPOSSIBLE]


def rule_matches(
    rule: DateRule, text: str, start: int, end: int, positions: list[int] | None
) -> Iterator[re.Match[str]]:
    """What `rule.regex.finditer(text, start, end)` finds, with the regex tried only at `positions`
    (every place in order where a match can begin; None: try everywhere).

    Nine rules scanning the whole text cost more than finding the few digits and month names once
    and trying each rule there."""
    if positions is None:
        yield from rule.regex.finditer(text, start, end)
        return
    resume = start
    for position in positions:
        if position >= resume and (match := rule.regex.match(text, position, end)):
            yield match
            resume = match.end()


def openings_in(text: str, rules: DateRules, start: int, end: int) -> dict[str, list[int]]:
    """For each kind of `DateRule.opens_with`, every offset in text[start:end] where such a match can begin."""
    return {
        "digit": _digit_positions(text, start, end),
        "month": _month_positions(text, start, end, rules),
        "line": _line_starts(text, start, end),
    }


def _digit_positions(text: str, start: int, end: int) -> list[int]:
    return [m.start() for m in _DIGIT.finditer(text, start, end)]


def _line_starts(text: str, start: int, end: int) -> list[int]:
    """Where "^" matches in multi-line mode: at the text's start and after each "\n"."""
    positions = [start] if start == 0 or text[start - 1] == "\n" else []
    newline = text.find("\n", start, end)
    while newline >= 0:
        positions.append(newline + 1)
        newline = text.find("\n", newline + 1, end)
    return positions


def _month_positions(text: str, start: int, end: int, rules: DateRules) -> list[int]:
    """Every offset where a month spelling begins, also inside another one ("ноября" ends where "января"
    could begin): the search skips what a match covers, so those offsets are tried one by one."""
    positions = []
    for month in rules.month_name.finditer(text, start, end):
        positions.append(month.start())
        positions += [p for p in range(month.start() + 1, month.end()) if rules.month_name.match(text, p, end)]
    return positions


def _found_date(match: re.Match[str], rule: DateRule, months: dict[str, int]) -> FoundDate | None:
    before = match.start() - 1
    if rule.not_after and before >= 0 and rule.not_after.match(match.string, before):
        return None
    value = date_value(match.groupdict(), months) or _IMPOSSIBLE
    start, end = match.span("date") if "date" in rule.regex.groupindex else match.span()
    return FoundDate(start, end, value, rule)


def date_value(groups: dict[str, str | None], months: dict[str, int]) -> DateValue | None:
    month = int(groups["m"]) if groups.get("m") else months.get((groups.get("mn") or "").casefold())
    day = int(groups["d"]) if groups.get("d") else None
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("yy"):
        year = 2000 + int(groups["yy"])  # a two-digit year on a date line ("05.06.19 12:40")
    if not month or not _is_valid(year, month, day):
        return None
    return (year, month, day)


def _is_valid(year: int | None, month: int, day: int | None) -> bool:
    try:
        date(year or 2000, month, day or 1)  # 2000 is a leap year: "29 February" stands without a year
    except ValueError:
        return False
    return True


_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


@step(requires=("text",), assigns=("spans:DATE",))
def find_dates(doc: Document) -> Document:
    # A date inside a web address ("…/news/2017-01-12-other-story/") dates the page it links to.
    addresses = [m.span() for m in _ADDRESS.finditer(doc.text)]
    for hit in dates_in(doc.text, date_rules(doc.resources)):
        if any(start <= hit.start < end for start, end in addresses):
            continue
        doc.spans.append(Span("DATE", hit.start, hit.end, doc.text[hit.start : hit.end], hit.value, hit.rule.name))
    return doc


# ---------------------------------------------------------------- title


@dataclass(frozen=True)
class Layout:
    prose_min_chars: int
    prose_min_sentences: int
    prose_min_words: int
    title_min_words: int
    title_max_chars: int
    lines_without_body: int
    date_line_max_other_words: int
    sentence_end: re.Pattern[str]
    reject: tuple[re.Pattern[str], ...]
    site_suffix: re.Pattern[str]


def layout_rules(resources: Resources) -> Layout:
    return resources.compile("meta.layout", _build_layout)


def _build_layout(resources: Resources) -> Layout:
    table = resources.table("text_layout")
    return Layout(
        prose_min_chars=table["prose_min_chars"],
        prose_min_sentences=table["prose_min_sentences"],
        prose_min_words=table["prose_min_words"],
        title_min_words=table["title_min_words"],
        title_max_chars=table["title_max_chars"],
        lines_without_body=table["header_lines_without_body"],
        date_line_max_other_words=table["date_line_max_other_words"],
        sentence_end=re.compile(table["sentence_end"]),
        reject=tuple(re.compile(p) for p in table["title_reject"]),
        site_suffix=re.compile(table["title_site_suffix"]),
    )


@step(requires=("sentences",), assigns=("title", "body_start"))
def find_title(doc: Document) -> Document:
    header, body_start = split_header(doc)
    if body_start is None:
        title = next(iter(title_lines(doc, header[: layout_rules(doc.resources).lines_without_body])), None)
        body_start = _line_after(doc.text, title) if title else 0
    else:
        title = headline_of(doc, header) or headline_under_lead(doc, body_start)
    doc.title = doc.text[title[0] : without_site_name(doc, title)] if title else None
    doc.body_start = body_start
    return doc


def without_site_name(doc: Document, line: tuple[int, int]) -> int:
    """Where the headline ends once a site name printed after it ("… — BelTA") is cut off."""
    layout = layout_rules(doc.resources)
    suffix = layout.site_suffix.search(doc.text, line[0], line[1])
    if suffix is None:
        return line[1]
    kept = doc.text[line[0] : suffix.start()]
    # A rubric before the bar ("ВИДЕО | Лукашенко встретился …") is no headline: keep the line whole then.
    headline = len(_WORD.findall(kept)) >= layout.title_min_words and len(kept) > suffix.end() - suffix.start()
    return suffix.start() if headline else line[1]


def headline_of(doc: Document, header: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first title-like line after the header's last date line, else the last title-like line.

    Sites put the date above the headline and a standfirst under it; site names
    and menus come before the date.
    """
    dated = [i for i, (start, end) in enumerate(header) if is_date_line(doc, doc.text[start:end])]
    after_date = title_lines(doc, header[dated[-1] + 1 :]) if dated else []
    return after_date[0] if after_date else next(reversed(title_lines(doc, header)), None)


# How many lines after the lead paragraph a headline printed under it may stand.
_LINES_UNDER_LEAD = 4


def headline_under_lead(doc: Document, body_start: int) -> tuple[int, int] | None:
    """A headline the page prints under the article's first paragraph, with its date line right under it
    (some stored pages give the text before the heading block: "…body…\nHeadline\n15 сентября 2022").
    Only a title-like line followed by a date line counts: a line under prose is otherwise prose."""
    under_lead = _LINE.finditer(doc.text, _line_after(doc.text, (body_start, body_start)))
    lines = [m.span() for m in itertools.islice(under_lead, _LINES_UNDER_LEAD + 1)]
    for (start, end), (next_start, next_end) in itertools.pairwise(lines):
        if is_title_line(doc, doc.text[start:end]) and is_date_line(doc, doc.text[next_start:next_end]):
            return start, end
    return None


def _line_after(text: str, line: tuple[int, int]) -> int:
    newline = text.find("\n", line[1])
    return len(text) if newline < 0 else newline + 1


def split_header(doc: Document) -> tuple[list[tuple[int, int]], int | None]:
    """The lines before the first prose line, and where that line starts (None: no prose)."""
    layout = layout_rules(doc.resources)
    starts = [s.start for s in doc.sentences]
    header: list[tuple[int, int]] = []
    for line in _LINE.finditer(doc.text):
        if is_prose_line(doc, line.start(), line.end(), layout, starts):
            return header, line.start()
        header.append(line.span())
        if len(header) > _MAX_HEADER_LINES:
            break
    return header, None


def is_prose_line(doc: Document, start: int, end: int, layout: Layout, starts: list[int]) -> bool:
    line = doc.text[start:end]
    if opens_with_dateline(doc, start, end):
        return True
    if len(line) >= layout.prose_min_chars and _PROSE_PUNCTUATION.search(line):
        return True
    if len(_WORD.findall(line[:2000])) < layout.prose_min_words:
        return False
    return _finished_sentences(doc.sentences, starts, start, end, layout.prose_min_sentences) >= (
        layout.prose_min_sentences
    )


def opens_with_dateline(doc: Document, start: int, end: int) -> bool:
    rules = date_rules(doc.resources).rules
    return any(rule.dateline and rule.regex.match(doc.text, start, end) for rule in rules)


def _finished_sentences(sentences: list[Sentence], starts: list[int], start: int, end: int, enough: int) -> int:
    """How many sentences of the line end in sentence punctuation (counting stops at `enough`)."""
    count = 0
    for i in range(bisect.bisect_left(starts, start), len(sentences)):
        if sentences[i].start >= end or count >= enough:
            break
        count += _SENTENCE_FINAL.search(sentences[i].text) is not None
    return count


def title_lines(doc: Document, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    texts = [doc.text[start:end].strip() for start, end in lines]
    return [line for i, line in enumerate(lines) if is_title_line(doc, doc.text[line[0] : line[1]])
            and not _photo_caption(texts, i)]


_JOINERS = frozenset({"и", "and", "с", "with", "&", "–", "—", "-"})


def _photo_caption(texts: list[str], i: int) -> bool:
    """Names alone, printed twice in a row ("Владимир Путин и Александр Лукашенко"): a photo's caption and
    its alt text. A headline repeated twice is common too, but a headline has more than names in it."""
    repeated = any(0 <= j < len(texts) and texts[j] == texts[i] for j in (i - 1, i + 1))
    words = texts[i].split()
    return repeated and all(w[:1].isupper() or w.casefold() in _JOINERS for w in words)


def is_title_line(doc: Document, line: str) -> bool:
    layout = layout_rules(doc.resources)
    if len(line) > layout.title_max_chars or layout.sentence_end.search(line):
        return False
    if len(_WORD.findall(line)) < layout.title_min_words or any(p.search(line) for p in layout.reject):
        return False
    return not is_date_line(doc, line) and not is_boilerplate_line(line, doc.resources)


def is_date_line(doc: Document, line: str) -> bool:
    """A line that holds a date and little else ("Tuesday, 29 May 2012, 15:12")."""
    found = dates_in(line, date_rules(doc.resources))
    if not found:
        return False
    rest, cursor = [], 0
    for hit in found:
        rest.append(line[cursor : hit.start])
        cursor = hit.end
    rest.append(line[cursor:])
    return len(_WORD.findall(" ".join(rest))) <= layout_rules(doc.resources).date_line_max_other_words
