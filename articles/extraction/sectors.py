"""Sectors of cooperation: SECTOR spans valued with the contract's slugs.

All sector phrases form one regex, longest first, so a phrase beats and
consumes its parts ("agricultural machinery" is machinery, "medical technology
and equipment" healthcare). Two kinds of mention are dropped as noise: a
sector word inside the name of a body ("Energy Ministry") and one in a stock
list of ties with a generic word ("economic, scientific and cultural
relations"). Words live in data/sectors.json.

Speed: several hundred phrases tried at every character would cost a tenth of
a second per article. So the text is lower-cased with every separator turned
into a space, and one trie-shaped regex (one branch per first letter, which
sre rejects in one comparison) is tried only after a space. The same pass
finds the words that name bodies ("Ministry of") and the ends of stock lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extraction.document import Document, Span, lowered, step
from articles.extraction.money import phrase_alternation, trie_regex

IGNORED = "ignore"
SEPARATORS = re.compile(r"[^\w &-]")  # become spaces; '&' and '-' occur inside phrases ("R&D", "high-tech")
# The items before "and" in a list, read backwards on the reversed text: "technical, scientific, economic".
LIST_ITEMS_REVERSED = re.compile(r"\s+,?[\w-]+(?:\s+,[\w-]+)*")
LIST_REACH = 150
LIST_MIDDLE = re.compile(r" [\w-]+\s*(?=\s)")  # " and| cultural relations": up to the middle word
BODY_REACH = 120
MENU_BARS = 2
MENU_WORDS = 5
MENU_WORD = re.compile(r"[^\W\d_][\w-]*")
MENU_PUNCTUATION = re.compile(r"[.,:;!?«»\"]")  # how far before a sector word "Ministry of" may stand


@dataclass(frozen=True)
class SectorRules:
    phrases: re.Pattern  # trie; the end marker group's name says what matched
    slugs: dict[str, str]  # sector phrase group name -> slug, or IGNORED
    exact_case: dict[str, str]  # group name -> the only spelling that counts ("IT", not "it")
    institution_after: re.Pattern
    institution_gap: re.Pattern
    generic: re.Pattern


@dataclass
class _Found:
    mentions: list[tuple[int, int, str, str]]  # start, end, slug, group name
    stock_lists: list[tuple[int, int]]
    bodies: list[int]  # where words like "Ministry of" end


@step(requires=("spans:PERSON", "title", "body_start"), assigns=("spans:SECTOR",))
def find_sectors(doc: Document) -> Document:
    rules = doc.resources.compile("sectors.rules", _compile)
    found = _scan(rules, doc.text, doc.lowered_text())
    menu_lines: dict[int, bool] = {}  # line start -> is a menu line; many sector words share a line
    names = [(p.start, p.end) for p in doc.spans_of("PERSON")]
    header = _header_outside_title(doc)
    for start, end, slug, name in found.mentions:
        written = doc.text[start:end]
        if written != rules.exact_case.get(name, written) or _in_any(start, end, found.stock_lists):
            continue
        if _overlaps_any(start, end, names) or _in_any(start, end, header):
            continue  # "Мясникович" is a man, not meat; the page's furniture above the headline is not the story
        line_start = doc.text.rfind("\n", 0, start) + 1
        if line_start not in menu_lines:
            menu_lines[line_start] = _is_menu(doc.text, line_start)
        if menu_lines[line_start]:
            continue
        if not _names_a_body(rules, doc.text, start, end, found.bodies):
            doc.spans.append(Span("SECTOR", start, end, written, slug, "sectors.phrase"))
    return doc


def _scan(rules: SectorRules, text: str, low: str | None = None) -> _Found:
    # One leading space so a phrase at the very start follows a space too; offsets
    # in `norm` are then one more than in `text`, and a match starts on that space.
    # `low`: `lowered(text)`, when the caller has it.
    norm = SEPARATORS.sub(" ", " " + (lowered(text) if low is None else low))
    found = _Found([], [], [])
    for m in rules.phrases.finditer(norm):
        _record(rules, text, norm, m, found)
    return found


def slugs_in(resources, text: str) -> list[str]:
    """Every sector a stretch of text names, stock lists included: a document's title ("о торгово-экономическом,
    научно-техническом и культурном сотрудничестве") names the areas the document covers."""
    rules = resources.compile("sectors.rules", _compile)
    found = _scan(rules, text)
    return list(dict.fromkeys(slug for start, end, slug, name in sorted(found.mentions)
                              if text[start:end] == rules.exact_case.get(name, text[start:end])
                              and not _names_a_body(rules, text, start, end, found.bodies)))


def _record(rules: SectorRules, text: str, norm: str, m: re.Match, found: _Found) -> None:
    name, start, end = m.lastgroup, m.start(), m.end() - 1
    if name.startswith("b"):
        found.bodies.append(end)
    elif name.startswith("l"):
        _record_stock_list(rules, text, norm, m, found)
    elif rules.slugs[name] != IGNORED:
        found.mentions.append((start, end, rules.slugs[name], name))


def _record_stock_list(rules: SectorRules, text: str, norm: str, m: re.Match, found: _Found) -> None:
    """'economic, scientific, technical and cultural relations' is a stock phrase, not a
    discussion of science or culture; 'sport and cultural ties' is."""
    items = LIST_ITEMS_REVERSED.match(text[max(0, m.start() - LIST_REACH) : m.start()][::-1])
    start = m.start() - (items.end() if items else 0)
    if rules.generic.search(text, start, m.end() - 1):
        found.stock_lists.append((start, m.end() - 1))  # its words stay mentions, for `slugs_in`; the step skips them
    middle = rules.phrases.match(norm, LIST_MIDDLE.match(norm, m.start()).end())
    if middle and middle.lastgroup.startswith("p"):
        _record(rules, text, norm, middle, found)


def _names_a_body(rules: SectorRules, text: str, start: int, end: int, bodies: list[int]) -> bool:
    """'Energy Ministry', 'Ministry of Agriculture and Food': a name, not a discussion of the sector."""
    if rules.institution_after.match(text, end):
        return True
    return any(start - BODY_REACH <= b <= start and rules.institution_gap.fullmatch(text, b, start) for b in bodies)


def _is_menu(text: str, line_start: int) -> bool:
    """A site's menu line ("Politics | Economy | Sport", "Society & Culture Sports Russia") lists
    sections, not what the article discusses: items split by bars, or only capitalised words."""
    line_end = text.find("\n", line_start)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if line.count("|") >= MENU_BARS:
        return True
    if MENU_PUNCTUATION.search(line):  # prose: cheaper to rule out than to list the words
        return False
    words = MENU_WORD.findall(line)
    return len(words) >= MENU_WORDS and all(w[0].isupper() for w in words)


def _in_any(start: int, end: int, stretches: list[tuple[int, int]]) -> bool:
    return any(lo <= start and end <= hi for lo, hi in stretches)


def _overlaps_any(start: int, end: int, stretches: list[tuple[int, int]]) -> bool:
    return any(lo < end and start < hi for lo, hi in stretches)


def _header_outside_title(doc: Document) -> list[tuple[int, int]]:
    """The lines above the body but the headline: menus, widgets and section names of the site."""
    title_at = doc.title_start()
    if title_at < 0:
        return [(0, doc.body_start)]
    return [(0, title_at), (title_at + len(doc.title), doc.body_start)]


# --- compiling ----------------------------------------------------------------------------------


def _words(entry: dict[str, list[str]]) -> list[str]:
    return [word for lang in entry.values() for word in lang]


def _end_marker(phrase: str, name: str) -> str:
    boundary = "" if phrase.endswith("-") else r"(?!\w)"
    return f"{boundary}(?P<{name}>)"


def _trie(entries: list[tuple[str, str]]) -> str:
    """A trie over lower-cased (phrase, group name) entries; `m.lastgroup` names the phrase."""
    return trie_regex((phrase.lower(), _end_marker(phrase, name)) for phrase, name in entries)


def _compile(resources) -> SectorRules:
    table = resources.table("sectors")
    lists, institutions = table["generic_lists"], table["institutions"]
    sector_pairs = [(p, slug) for slug, entry in table["sectors"].items() for p in _words(entry)]
    sector_pairs += [(p, IGNORED) for p in _words(table["ignore"])]
    names = {f"p{i}": pair for i, pair in enumerate(sector_pairs)}
    entries = [(p, name) for name, (p, _) in names.items()]
    entries += [(p, f"b{i}") for i, p in enumerate(_words(institutions["before"]))]
    entries += [(f"{j} ? {n}", f"l{i}_{k}") for i, j in enumerate(_words(lists["joiners"]))
                for k, n in enumerate(_words(lists["nouns"]))]
    exact = set(table["case_sensitive"])
    return SectorRules(
        phrases=re.compile(" " + _trie(entries)),
        slugs={name: slug for name, (_, slug) in names.items()},
        exact_case={name: p for name, (p, _) in names.items() if p in exact and not p.endswith("*")},
        institution_after=_institution_after(institutions["after"]),
        # Between "Ministry of" and the sector word only capitalised name words may stand.
        # English names capitalise their words ("Ministry of Agriculture and Food"); Russian ones do not, and
        # list their matters after "по" ("комиссии Парламентского собрания по науке, культуре и …").
        institution_gap=re.compile(r"\s+(?:the\s+)?(?:[A-Z][\w-]*,?\s+(?:and\s+)?){0,3}"
                                   r"|\s+(?:[А-ЯЁа-яё-]+\s+){0,7}?по\s+(?:[а-яё-]+,?\s+(?:и\s+)?){0,4}"),
        generic=re.compile(rf"(?<![\w-])(?:{phrase_alternation(_words(lists['adjectives']))})(?![\w-])", re.I),
    )


def _institution_after(entry: dict[str, list[str]]) -> re.Pattern:
    # Capitalised words may stand between: "Agriculture and Food Ministry".
    after = phrase_alternation(_words(entry))
    return re.compile(rf"(?:,?\s+(?:and\s+|&\s+)?[A-Z][\w-]*){{0,4}}\s+(?:{after})(?!\w)")
