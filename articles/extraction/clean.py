"""Boilerplate step: normalise whitespace and drop site chrome from `doc.text`.

What counts as chrome is data (data/boilerplate.json): exact lines, line
patterns, lines made only of social-network or language-switch words, and
markers that open a trailing list of other headlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extraction.document import Document, step
from articles.extraction.errors import InputError
from articles.extraction.resources import Resources

# Line breaks other than "\n" (once "\r\n" is "\n"), other spaces than " ", invisible characters.
_NEWLINES = re.compile(r"[\r\x85\u2028\u2029]")
_SPACES = re.compile(r"[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
# All three in one class, so the text is scanned once (they are rare: most texts hold none).
_ODD = re.compile("[" + "".join(p.pattern[1:-1] for p in (_NEWLINES, _SPACES, _INVISIBLE)) + "]")
_SPACE_RUN = re.compile(r" {2,}")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")


@dataclass(frozen=True)
class BoilerplateRules:
    lines: frozenset[str]
    pattern: re.Pattern[str]
    notice: re.Pattern[str]
    notice_keywords: tuple[str, ...]
    short_line_chars: int
    notice_line_chars: int
    token_groups: tuple[frozenset[str], ...]
    separators: re.Pattern[str]
    tail_markers: frozenset[str]
    link_markers: frozenset[str]
    tail_max_line: int


@step(requires=("text",), assigns=("text",))
def strip_boilerplate(doc: Document) -> Document:
    rules = boilerplate_rules(doc.resources)
    lines = [kept for line in normalise_lines(doc.text) if (kept := without_chrome(line, rules)) is not None]
    doc.text = join_paragraphs(unwrap(drop_headline_run(drop_tail(lines, rules), rules)))
    if not doc.text:
        raise InputError("empty", "the article holds nothing but site chrome")
    return doc


def boilerplate_rules(resources: Resources) -> BoilerplateRules:
    return resources.compile("clean.rules", _build_rules)


def _build_rules(resources: Resources) -> BoilerplateRules:
    table = resources.table("boilerplate")
    return BoilerplateRules(
        lines=frozenset(line_key(line) for line in _all(table["lines"])),
        pattern=re.compile("|".join(f"(?:{p})" for p in _all(table["patterns"])), re.IGNORECASE),
        notice=re.compile("|".join(f"(?:{p})" for p in _all(table["notice_patterns"])), re.IGNORECASE),
        notice_keywords=tuple(_all(table["notice_keywords"])),
        short_line_chars=int(table["short_line_chars"]),
        notice_line_chars=int(table["notice_line_chars"]),
        token_groups=tuple(frozenset(w.casefold() for w in group) for group in table["token_lines"].values()),
        separators=re.compile(table["token_separators"]),
        tail_markers=frozenset(line_key(m) for m in _all(table["tail_markers"])),
        link_markers=frozenset(line_key(m) for m in _all(table["link_markers"])),
        tail_max_line=int(table["tail_max_line"]),
    )


def _all(by_language: dict[str, list[str]]) -> list[str]:
    """The entries of every language: chrome of either language shows up on both sites."""
    return [entry for entries in by_language.values() for entry in entries]


def line_key(line: str) -> str:
    """How chrome lines are compared: case and spacing ignored, trailing ':' or '…' too."""
    return " ".join(line.casefold().split()).rstrip(" :.…>»›")


def normalise_lines(text: str) -> list[str]:
    """Lines with one kind of newline, no indentation, single spaces, no invisible characters."""
    text = _ODD.sub(_normal_character, text.replace("\r\n", "\n"))
    return [(_SPACE_RUN.sub(" ", line) if "  " in line else line).strip() for line in text.split("\n")]


def _normal_character(odd: re.Match[str]) -> str:
    char = odd.group()
    return "\n" if _NEWLINES.match(char) else " " if _SPACES.match(char) else ""


def without_chrome(line: str, rules: BoilerplateRules) -> str | None:
    """The line, what of it is not chrome, or None when it is all chrome: a date line a glued menu ran into
    keeps its date ("date 2018-08-29 NewsEconomySociety…" keeps "date 2018-08-29"), so dating still sees it."""
    if not is_chrome(line, rules):
        return line
    glued = _GLUED_WORDS.search(line) if is_glued_menu(line) else None
    before = line[:glued.start()].strip() if glued else ""
    return before if len(before) <= _DATE_BEFORE_MENU_CHARS and _DIGIT.search(before) else None


# What stands before a glued menu on its line is kept when it is this short and holds a digit (a date).
_DATE_BEFORE_MENU_CHARS = 40
_DIGIT = re.compile(r"\d")


def is_chrome(line: str, rules: BoilerplateRules) -> bool:
    if not line or len(line) > rules.notice_line_chars:
        return False
    if is_tag_line(line):
        return True
    if len(line) <= rules.short_line_chars and is_short_chrome(line, rules):
        return True
    lowered = line.casefold()
    return any(k in lowered for k in rules.notice_keywords) and rules.notice.search(line) is not None


def is_short_chrome(line: str, rules: BoilerplateRules) -> bool:
    return (line_key(line) in rules.lines or bool(rules.pattern.fullmatch(line)) or is_token_bar(line, rules)
            or is_glued_menu(line))


# A menu whose items lost their spaces: "NewsEconomySocietySport", "НовостиЭкономикаОбщество".
_GLUED_WORDS = re.compile(r"[^\W\d_][a-zа-яё]+(?=[A-ZА-ЯЁ][a-zа-яё])")


def is_glued_menu(line: str) -> bool:
    """Three or more words run together with no space, and no sentence in the line."""
    joins = _GLUED_WORDS.finditer(line)
    return next(joins, None) is not None and next(joins, None) is not None and not _SENTENCE_MARK.search(line)


_SENTENCE_MARK = re.compile(r"[.!?…]\s|[.!?…]$")


def is_tag_line(line: str) -> bool:
    """A long run of capitalised names with no sentence in it: a page's tags ("Александр Лукашенко Омская обл.
    Белоруссия Минск политика …"). Headlines are shorter, and lower-case words run through prose."""
    # Cheapest tests first: most lines are prose, with a comma or a sentence mark somewhere.
    if "," in line or ";" in line or _TAG_LINE_STOP.search(line):
        return False
    words = line.split()
    if len(words) < _TAG_LINE_MIN_WORDS or len(_FUNCTION_WORDS.intersection(words)) >= 2:
        return False
    return sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


_TAG_LINE_STOP = re.compile(r"[!?…:]")
# Prepositions and articles run through a sentence, even one of capitalised names and titles ("President
# Aleksandr Lukashenko met with Governor of Primorye Territory Oleg Kozhemyako on 16 July."); tags hold few.
_FUNCTION_WORDS = frozenset({"the", "of", "on", "with", "in", "to", "at", "for", "and", "в", "с", "на", "по", "о",
                             "к", "для", "из", "со", "во"})


_TAG_LINE_MIN_WORDS = 14


def is_boilerplate_line(line: str, resources: Resources) -> bool:
    """Whether a (stripped) line is site chrome; for steps that read lines on their own."""
    return is_chrome(" ".join(line.split()), boilerplate_rules(resources))


def is_token_bar(line: str, rules: BoilerplateRules) -> bool:
    """A line made only of words of one group: 'RSS Вконтакте Twitter', 'Ru | Eng'."""
    first = rules.separators.sub(" ", line[:40]).split(None, 1)
    if first and not any(first[0].casefold() in group for group in rules.token_groups):
        return False  # most lines fail on their first word: skip splitting the rest
    tokens = [t.casefold() for part in rules.separators.split(line) for t in part.split()]
    return bool(tokens) and any(all(t in group for t in tokens) for group in rules.token_groups)


def drop_tail(lines: list[str], rules: BoilerplateRules) -> list[str]:
    """Cut a trailing list of headlines; elsewhere drop only the marker (and a link after it)."""
    longest_after = _longest_line_after(lines)
    kept: list[str] = []
    skip_next_link = False
    for i, line in enumerate(lines):
        key = line_key(line) if line and len(line) <= rules.short_line_chars else ""
        if key in rules.tail_markers and any(kept) and longest_after[i] <= rules.tail_max_line:
            break
        if skip_next_link and line:
            skip_next_link = False
            if is_headline_like(line, rules):
                continue
        if key in rules.tail_markers or key in rules.link_markers:
            skip_next_link = key in rules.link_markers
            continue
        kept.append(line)
    return kept


def drop_headline_run(lines: list[str], rules: BoilerplateRules) -> list[str]:
    """Cut the other stories' headlines a page lists after the article with no marker above them: a run of
    at least HEADLINE_RUN lines at the end that each open with a capital and read like a headline (their
    times, dates, view counts and other lines of a word or two between them count for
    nothing). Wrapped prose goes on in lower case; a list of facts
    ends its lines with punctuation."""
    cut, headlines = len(lines), 0
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line or _TIME_LINE.fullmatch(line) or len(_LETTER_WORD.findall(line)) < _HEADLINE_MIN_WORDS:
            continue
        if not (is_headline_like(line, rules) and _OPENS_LIKE_A_HEADLINE.match(line)):
            break
        cut, headlines = i, headlines + 1
    return lines[:cut] if headlines >= HEADLINE_RUN and any(lines[:cut]) else lines


HEADLINE_RUN = 3
# A line of fewer words is a listed story's date, view count or reading time ("15 сентября 2022", "25",
# "1 мин"): it neither counts as a headline nor ends the run.
_HEADLINE_MIN_WORDS = 3
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_OPENS_LIKE_A_HEADLINE = re.compile(r"[\"«“„']?[A-ZА-ЯЁ0-9]")
# "17:38, 12 March", "21:27": a listed headline's time, not a headline.
_TIME_LINE = re.compile(r"\d{1,2}:\d{2}(?:,?\s+\d{1,2}\s+\w+\.?(?:\s+\d{4})?)?"
                        r"|\d{1,2}\s+\w+\.?(?:\s+\d{4})?,?\s+\d{1,2}:\d{2}")


def _longest_line_after(lines: list[str]) -> list[int]:
    """For each index, the length of the longest line after it."""
    longest = [0] * len(lines)
    running = 0
    for i in range(len(lines) - 1, -1, -1):
        longest[i] = running
        running = max(running, len(lines[i]))
    return longest


def is_headline_like(line: str, rules: BoilerplateRules) -> bool:
    return len(line) <= rules.tail_max_line and not _SENTENCE_END.search(line)


# A prose line cut by a hard wrap: long, not ended by a sentence mark, the next line going on in lower case.
_WRAPPED_MIN_CHARS = 40
_LINE_END_OF_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)]*$")


def unwrap(lines: list[str]) -> list[str]:
    """Lines of a paragraph printed with hard line breaks ("Товарооборот с Россией за 2021 год составил" /
    "около ста пятидесяти миллиардов рублей.") joined back, so that a sentence is not cut at a line's end."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (line[:1].islower() and len(previous) >= _WRAPPED_MIN_CHARS
                and not _LINE_END_OF_SENTENCE.search(previous)):
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


def join_paragraphs(lines: list[str]) -> str:
    """Join lines keeping at most one blank line between paragraphs, none at the ends."""
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept)
