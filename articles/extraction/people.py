"""Find the people an article names, with the role and region the article gives them.

A name is a given name from `first_names.json` followed by a capitalised surname
(with an optional patronymic or initial between), or any two capitalised words
right after a role phrase when the second looks like a surname. Russian names in
an oblique case ("Александром Гусевым") are turned back to the nominative with
the ending rules of `people_rules.json`. Mentions of one person under several
spellings ("Aleksandr" / "Alexander Lukashenko") become one PersonFact; a later
bare surname ("Lukashenko said") becomes a PERSON span of that person.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from articles.extraction.document import Document, PersonFact, Span, step
from articles.extraction.resources import Resources

# A word keeps inner hyphens and apostrophes ("Kara-ool", "O'Neil") but not a possessive "'s".
LETTERS = r"[^\W\d_]"
WORD_TAIL = rf"(?:-{LETTERS}+|['’]{LETTERS}{{2,}})*"
TOKEN_RE = re.compile(rf"{LETTERS}+{WORD_TAIL}|\d+|[^\w\s]")
# The look-behind comes after the capital, not before it: a pattern that opens with a
# character class lets the regex engine skip ahead to the next capital instead of
# trying the look-behind at every position (twice as fast on an article).
CAPITAL_RE = re.compile(rf"[A-ZА-ЯЁІЎ](?<![\w'’-].){LETTERS}*{WORD_TAIL}")
WINDOW_CHARS = 300  # how far before or after a name a role phrase may reach
STOP_PUNCT = frozenset(",.;:!?()[]–—-/|")
QUOTES = frozenset("\"'’“”«»„")
CYRILLIC_RE = re.compile(r"[а-яёіў]", re.IGNORECASE)
LEADING_ARTICLE_RE = re.compile(r"^(?:the|a)\s+", re.IGNORECASE)
WORDS_RE = re.compile(rf"{LETTERS}+")


class Token(NamedTuple):  # a tuple: an article has about a thousand of them
    start: int
    end: int
    text: str
    lower: str
    capitalised: bool  # "Lukashenko", not "the" or capitals-only "MINSK"


@dataclass(frozen=True)
class GivenName:
    group: str
    gender: str
    nominative: str
    oblique: bool


@dataclass(frozen=True)
class RoleRules:
    heads: dict[tuple[str, ...], str]  # lower-cased head words -> the head as reported (ru: nominative)
    longest_head: int
    modifiers: dict[str, str | None]  # lower-cased modifier -> nominative (ru) or None (keep as written)
    connectors: frozenset[str]
    stop_words: frozenset[str]
    and_words: frozenset[str]
    # A trailing country ("Governor of X of Russia"), one pattern per country, longest country first.
    country_suffixes: tuple[re.Pattern, ...]
    possessives: tuple[str, ...]


@dataclass(frozen=True)
class PeopleRules:
    given: dict[str, list[GivenName]]
    surname_cases: dict[str, list[tuple[str, str]]]
    consonant_endings: dict[str, list[str]]
    consonants: str
    consonant_case_of_given: dict[str, tuple[str, ...]]
    father_suffixes: tuple[str, ...]  # a patronymic's suffix after its given name's stem
    soft_endings: tuple[str, ...]  # case endings of a surname whose stem ends in a soft sign
    a_stem_cases: dict[str, list[tuple[str, str, tuple[str, ...]]]]
    well_known: tuple[dict[str, str], ...]  # {"en": name, "ru": name}
    indeclinable: frozenset[str]
    patronymic_cases: list[tuple[str, str]]
    patronymic_suffixes: tuple[str, ...]
    surname_endings: tuple[str, ...]
    not_name: frozenset[str]
    byline: re.Pattern
    variants: dict[str, str]
    roles: RoleRules


@dataclass
class Role:
    text: str
    start: int
    end: int
    region: str | None = None
    oblique: bool | None = None  # Russian head in an oblique case, so the name after it is too


@dataclass
class Mention:
    start: int
    end: int
    key: tuple[str, str]
    name: str
    role: Role | None
    rule: str


# --- building the rules once per process -------------------------------------------------------


def inflect(nominative: str, cases: list[dict]) -> list[str]:
    for rule in cases:
        ending = rule["ending"]
        if nominative.endswith(ending) and (ending or nominative[-1] not in "аяйьоеиу"):
            stem = nominative[: len(nominative) - len(ending)]
            return [stem + form for form in rule["forms"]]
    return []


def given_names(resources: Resources) -> dict[str, list[GivenName]]:
    groups = resources.table("first_names")["groups"]
    cases = resources.table("people_rules")["first_name_cases"]
    names: dict[str, list[GivenName]] = {}
    for group in groups:
        gid = (group["en"] or group["ru"])[0]
        for spelling in group["en"] + group["ru"]:
            names.setdefault(spelling, []).append(GivenName(gid, group["g"], spelling, False))
    for group in groups:  # oblique forms after every nominative, so a nominative reading comes first
        gid = (group["en"] or group["ru"])[0]
        for nominative in group["ru"]:
            irregular = group.get("ru_oblique", [])
            for form in inflect(nominative, cases) + irregular:
                names.setdefault(form, []).append(GivenName(gid, group["g"], nominative, True))
    return names


def role_rules(resources: Resources) -> RoleRules:
    table = resources.table("roles")
    heads = {tuple(h.lower().split()): h for h in table["heads"]["en"]}
    for nominative, forms in table["heads"]["ru"].items():
        heads.update({tuple(f.split()): nominative for f in forms})
    modifiers: dict[str, str | None] = {m: None for m in table["modifiers"]["en"]}
    modifiers.update(table["modifiers"]["ru"])
    countries = table["countries"]
    by_length = tuple(sorted(countries["en"] + countries["ru"], key=len, reverse=True))
    return RoleRules(
        heads=heads,
        longest_head=max(len(k) for k in heads),
        modifiers=modifiers,
        connectors=frozenset(w for ws in table["connectors"].values() for w in ws),
        stop_words=frozenset(w for ws in table["stop_words"].values() for w in ws),
        and_words=frozenset(w for ws in table["and_words"].values() for w in ws),
        country_suffixes=tuple(re.compile(rf"\s+(?:of\s+)?{re.escape(c)}$", re.IGNORECASE) for c in by_length),
        possessives=tuple(countries["en_possessive"]),
    )


def byline_pattern(markers: list[str]) -> re.Pattern:
    alternation = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"^\W*(?:{alternation})(?:\s+by)?[\s:,.\-–—|/]*$", re.IGNORECASE)


def surname_variants(groups: list[list[str]]) -> dict[str, str]:
    return {fold(spelling): fold(group[0]) for group in groups for spelling in group}


def build_rules(resources: Resources) -> PeopleRules:
    table = resources.table("people_rules")
    return PeopleRules(
        given=given_names(resources),
        surname_cases={g: [tuple(p) for p in rules] for g, rules in table["surname_cases"].items()},
        consonant_endings=table["consonant_endings"],
        consonants=table["consonants"],
        consonant_case_of_given={k: tuple(v) for k, v in table["consonant_case_of_given"].items()},
        father_suffixes=tuple(w for words in table["father_suffixes"].values() for w in words),
        soft_endings=tuple(table["soft_endings"]),
        a_stem_cases={g: [(e, n, tuple(given)) for e, n, given in rows] for g, rows in table["a_stem_cases"].items()},
        well_known=tuple(table["well_known"]),
        indeclinable=frozenset(table["indeclinable"]),
        patronymic_cases=[tuple(p) for p in table["patronymic_cases"]],
        patronymic_suffixes=tuple(s for ss in table["patronymic_suffixes"].values() for s in ss),
        surname_endings=tuple(s for ss in table["surname_endings"].values() for s in ss),
        not_name=frozenset(table["not_name_words"]),
        byline=byline_pattern(table["byline_markers"]),
        variants=surname_variants(table["surname_variants"]),
        roles=role_rules(resources),
    )


# --- names ---------------------------------------------------------------------------------------


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


# Tokens are built as plain tuples and made Tokens by `Token._make`, which skips the Python-level
# `Token.__new__` call: hundreds of tokens are built per article.


def tokenize(text: str, start: int, end: int) -> list[Token]:
    found = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)]
    fields = [(a, b, w, w.lower().replace("ё", "е"), w[0].isupper() and not w.isupper()) for a, b, w in found]
    return list(map(Token._make, fields))


def capitals(text: str) -> list[Token]:
    """Capitalised words (and single capitals, for initials): the only places a name can start."""
    found = [(m.start(), m.end(), m.group()) for m in CAPITAL_RE.finditer(text)]
    fields = [(a, b, w, w.lower().replace("ё", "е"), len(w) == 1 or not w.isupper()) for a, b, w in found]
    return list(map(Token._make, fields))


def adjacent(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return gap.isspace() and "\n" not in gap


def replace_ending(word: str, cases: list[tuple[str, str]]) -> str | None:
    lower = word.lower()
    for ending, nominative in cases:
        if lower.endswith(ending) and len(lower) > len(ending) + 1:
            return word[: len(word) - len(ending)] + nominative
    return None


def nominative_surname(surname: str, gender: str, rules: PeopleRules, given: str | None = None) -> str:
    """The nominative of a Russian surname seen after an inflected given name (`given`, as written)."""
    if fold(surname) in rules.indeclinable:
        return surname
    replaced = replace_ending(surname, rules.surname_cases.get(gender, []))
    if replaced:
        return replaced
    lower = surname.lower()
    for ending, nominative, given_endings in rules.a_stem_cases.get(gender, []):
        if given and lower.endswith(ending) and given.lower().endswith(given_endings) and len(lower) > len(ending) + 2:
            return surname[: -len(ending)] + nominative
    for ending in rules.consonant_endings.get(gender, []):
        if lower.endswith(ending) and len(lower) > len(ending) + 1 and lower[-len(ending) - 1] in rules.consonants:
            if not same_case(given, ending, rules):
                return surname
            # "Чеботарем", "Чеботаря": a soft stem keeps its soft sign ("Чеботарь"); after a hissing
            # consonant -ем is the hard ending ("Ткачем" -> "Ткач").
            soft = ending in rules.soft_endings and lower[-len(ending) - 1] not in "жшчщц"
            return surname[: -len(ending)] + ("ь" if soft else "")
    return surname


def same_case(given: str | None, surname_ending: str, rules: PeopleRules) -> bool:
    """Whether a given name as written can stand in the case a surname's ending marks: "Игорем Черныхом"
    yes, "Владимиром Ваньке" no (that surname does not decline). Unknown given name: assume yes."""
    endings = rules.consonant_case_of_given.get(surname_ending)
    return given is None or endings is None or given.lower().endswith(endings)


def surname_like(token: Token, rules: PeopleRules) -> bool:
    return token.capitalised and token.text not in rules.not_name and token.text not in rules.given


def is_patronymic(token: Token, rules: PeopleRules) -> bool:
    lower = token.lower
    nominative = replace_ending(lower, rules.patronymic_cases) or lower
    return token.capitalised and nominative.endswith(rules.patronymic_suffixes)


def names_a_father(token: Token, rules: PeopleRules) -> bool:
    """A patronymic made from a given name ("Борисович", "Владимировна", "Aleksandrovich"); a Belarusian
    surname in -ич made from no given name ("Карпович") is a surname."""
    lower = token.lower
    for suffix in rules.father_suffixes:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            stem = token.text[: -len(suffix)]
            if any(stem + tail in rules.given for tail in ("", "й", "ь")):
                return True
    return False


def default_reading(readings: list[GivenName], surname: str, rules: PeopleRules) -> GivenName:
    """"Александра Гусева" with no other clue: male oblique when the surname inflects like one."""
    for reading in readings:
        if reading.oblique and reading.gender == "m" and replace_ending(surname, rules.surname_cases["m"]):
            return reading
    return next((r for r in readings if not r.oblique), readings[0])


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    given: str
    middle: Token | None
    surname: Token
    readings: list[GivenName]


def initial_at(caps: list[Token], j: int, text: str) -> bool:
    """ "G." between a given name and a surname."""
    return len(caps[j].text) == 1 and j + 1 < len(caps) and text[caps[j].end : caps[j + 1].start] in (". ", ".")


def name_at(caps: list[Token], i: int, text: str, rules: PeopleRules) -> NameMatch | None:
    readings = rules.given.get(caps[i].text)
    j, middle = i + 1, None
    if not readings or j >= len(caps) or not adjacent(text, caps[i], caps[j]):
        return None
    if initial_at(caps, j, text):
        j += 1
    elif j + 1 < len(caps) and is_patronymic(caps[j], rules) and adjacent(text, caps[j], caps[j + 1]):
        middle, j = caps[j], j + 1
    if j >= len(caps) or not surname_like(caps[j], rules) or (middle is None and names_a_father(caps[j], rules)):
        return None  # "Руслан Борисович": a given name and patronymic address someone, they name no one new
    surname = caps[j]
    if not (adjacent(text, caps[j - 1], surname) or (middle is None and j > i + 1)):  # j > i + 1: after "G."
        return None
    return NameMatch(caps[i].start, surname.end, caps[i].text, middle, surname, readings)


def unknown_name_at(caps: list[Token], i: int, text: str, rules: PeopleRules) -> NameMatch | None:
    """Two capitalised words whose second looks like a surname; used only right after a role phrase."""
    if i + 1 >= len(caps):
        return None
    first, surname = caps[i], caps[i + 1]
    # The ending test first: it rules out most pairs of capitalised words.
    if len(first.text) == 1 or not surname.lower.endswith(rules.surname_endings):
        return None
    if not (adjacent(text, first, surname) and first.text not in rules.not_name and surname_like(surname, rules)):
        return None
    if names_a_father(surname, rules):
        return None
    reading = GivenName(first.text, "m", first.text, False)
    return NameMatch(first.start, surname.end, first.text, None, surname, [reading])


def name_for(match: NameMatch, reading: GivenName, rules: PeopleRules) -> tuple[str, tuple[str, str]]:
    surname, middle = match.surname.text, match.middle.text if match.middle else None
    if reading.oblique:
        surname = nominative_surname(surname, reading.gender, rules, match.given)
        middle = replace_ending(middle, rules.patronymic_cases) or middle if middle else None
    given = reading.nominative if reading.oblique else match.given
    name = " ".join(p for p in (given, middle, surname) if p)
    return name, (reading.group, surname_key(surname, rules))


def canonical_name(match: NameMatch, rules: PeopleRules, clues: NameClues) -> tuple[str, tuple[str, str]]:
    """Name and identity; "Александра" (Alexandra, or Alexander's genitive) is settled by the clues."""
    readings = match.readings
    if match.middle and replace_ending(match.middle.text, rules.patronymic_cases):
        clues = NameClues(clues.known_keys, True)  # an inflected patronymic: the whole name is inflected
    if len(readings) > 1:
        named = [(r, name_for(match, r, rules)) for r in readings]
        known = [r for r, (_, key) in named if key in clues.known_keys]
        by_case = [r for r in readings if r.oblique == clues.oblique] if clues.oblique is not None else []
        readings = known or by_case or [default_reading(readings, match.surname.text, rules)]
    return name_for(match, readings[0], rules)


@dataclass(frozen=True)
class NameClues:
    known_keys: frozenset[tuple[str, str]]  # identities named unambiguously elsewhere in the article
    oblique: bool | None  # is the role head before the name inflected ("губернатора")?


def surname_key(surname: str, rules: PeopleRules) -> str:
    folded = fold(surname)
    return rules.variants.get(folded, folded)


# --- roles ---------------------------------------------------------------------------------------


def head_at(tokens: list[Token], p: int, end: int, rules: RoleRules) -> int:
    """Number of tokens of the longest role head starting at p (0 if none)."""
    for n in range(min(rules.longest_head, end - p), 0, -1):
        if tuple(t.lower for t in tokens[p : p + n]) in rules.heads:
            return n
    return 0


@dataclass
class Window:
    """The tokens of a sentence on one side of a name, where its role phrase may be."""

    tokens: list[Token]
    taken: set[int]  # tokens of other people's names: a role never runs across them
    regions: set[int]  # tokens inside REGION spans


@dataclass
class RoleContext:
    text: str
    rules: RoleRules
    region_spans: list[Span]
    names: list[tuple[int, int]]  # character ranges of every name found

    def window(self, start: int, end: int) -> Window:
        tokens = tokenize(self.text, start, end)
        # Only names and regions that reach into the window can hold its tokens.
        names = [(a, b) for a, b in self.names if a < end and b > start]
        spans = [s for s in self.region_spans if s.start < end and s.end > start]
        taken = {k for k, t in enumerate(tokens) if any(a <= t.start < b for a, b in names)}
        regions = {k for k, t in enumerate(tokens) for s in spans if s.start <= t.start < s.end}
        return Window(tokens, taken, regions)


def breaks_role(window: Window, index: int, rules: RoleRules) -> bool:
    token = window.tokens[index]
    return (
        index in window.taken
        or (token.text in STOP_PUNCT and token.text != "-")
        or token.lower in rules.stop_words
    )


def role_window_start(window: Window, rules: RoleRules) -> int:
    i = len(window.tokens) - 1
    while i >= 0 and not breaks_role(window, i, rules):
        i -= 1
    return i + 1


def complement_ok(tokens: list[Token], head_end: int, name_first: int, rules: RoleRules) -> bool:
    """English: lower-case words may follow only after 'of', 'in'...; no 'and' before a second head."""
    opened = False
    for k in range(head_end, name_first):
        token = tokens[k]
        if token.lower in rules.and_words and head_at(tokens, k + 1, name_first, rules):
            return False
        if token.lower in rules.connectors:
            opened = True
        elif token.text[:1].islower() and not CYRILLIC_RE.match(token.text) and not opened:
            return False
    return True


def extend_modifiers(window: Window, head: int, floor: int, rules: RoleRules) -> int:
    start = head
    while start - 1 >= floor:
        token = window.tokens[start - 1]
        if token.lower in rules.modifiers or start - 1 in window.regions or token.text in rules.possessives:
            start -= 1
        else:
            break
    return start


def role_before(window: Window, rules: RoleRules) -> tuple[int, int] | None:
    """The role phrase that ends where the window (and the name after it) ends."""
    tokens, name_first = window.tokens, len(window.tokens)
    floor = role_window_start(window, rules)
    for p in range(floor, name_first):
        n = head_at(tokens, p, name_first, rules)
        if n and complement_ok(tokens, p + n, name_first, rules):
            return extend_modifiers(window, p, floor, rules), name_first - 1
    return None


def role_after(window: Window, rules: RoleRules) -> tuple[int, int] | None:
    """Appositive role: "Lev Kuznetsov, Governor of Krasnoyarsk Krai, said"."""
    tokens, ceiling = window.tokens, len(window.tokens)
    if not tokens or tokens[0].text != ",":
        return None
    start = 1 + (ceiling > 1 and tokens[1].lower in ("the", "a"))
    p = start
    while p < ceiling and (tokens[p].lower in rules.modifiers or p in window.regions):
        p += 1
    n = head_at(tokens, p, ceiling, rules) if p < ceiling else 0
    if not n:
        return None
    end = p + n
    while end < ceiling and not breaks_role(window, end, rules):
        end += 1
    return start, end - 1


def clean_role(text: str, rules: RoleRules, names_place: bool) -> str:
    """Drop country possessives; drop a trailing country when the role already names a region."""
    for possessive in rules.possessives:
        text = text.replace(possessive + " ", "")
    text = LEADING_ARTICLE_RE.sub("", text.strip(" ,"))
    for suffix in rules.country_suffixes:
        stripped = suffix.sub("", text)
        if stripped != text:
            return stripped if names_place else text
    return text


def russian_replacement(tokens: list[Token], p: int, last: int, rules: RoleRules) -> tuple[int, str | None]:
    """(tokens consumed, nominative text or None) for the Russian head or modifier at p."""
    n = head_at(tokens, p, last + 1, rules)
    if n:
        return n, rules.heads[tuple(t.lower for t in tokens[p : p + n])]
    return 1, rules.modifiers.get(tokens[p].lower)


def nominative_role(tokens: list[Token], first: int, last: int, text: str, rules: RoleRules) -> str:
    """Russian roles are reported with head and modifiers in the nominative ("губернатором" -> "губернатор")."""
    out, cursor, p = [], tokens[first].start, first
    while p <= last:
        n, replacement = russian_replacement(tokens, p, last, rules)
        if replacement and CYRILLIC_RE.match(tokens[p].text):
            if tokens[p].text[:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            out += [text[cursor : tokens[p].start], replacement]
            cursor = tokens[p + n - 1].end
        if replacement and tokens[p].lower not in rules.modifiers:
            break  # only the head phrase agrees with the name; its complement keeps its own case
        p += n
    out.append(text[cursor : tokens[last].end])
    return "".join(out)


def make_role(window: Window, bounds: tuple[int, int], ctx: RoleContext) -> Role:
    tokens, (first, last) = window.tokens, bounds
    start, end = tokens[first].start, tokens[last].end
    region = next((s.value for s in ctx.region_spans if start <= s.start and s.end <= end), None)
    nominative = nominative_role(tokens, first, last, ctx.text, ctx.rules)
    oblique = nominative != ctx.text[start:end] if CYRILLIC_RE.search(nominative) else None
    text = clean_role(nominative, ctx.rules, region is not None)
    return Role(text=" ".join(text.split()), start=start, end=end, region=region, oblique=oblique)


def sentence_range(doc: Document, offset: int) -> tuple[int, int]:
    sentence = doc.sentence_at(offset)
    return (sentence.start, sentence.end) if sentence else (0, len(doc.text))


def role_of(doc: Document, match: NameMatch, ctx: RoleContext, after: bool = True) -> Role | None:
    lo, hi = sentence_range(doc, match.start)
    before = ctx.window(max(lo, match.start - WINDOW_CHARS), match.start)
    bounds = role_before(before, ctx.rules)
    if bounds:
        return make_role(before, bounds, ctx)
    if not after:
        return None
    following = ctx.window(match.end, min(hi, match.end + WINDOW_CHARS))
    bounds = role_after(following, ctx.rules)
    return make_role(following, bounds, ctx) if bounds else None


# --- mentions -------------------------------------------------------------------------------------


def is_byline(text: str, match: NameMatch, rules: PeopleRules) -> bool:
    line_start = text.rfind("\n", 0, match.start) + 1
    line_end = text.find("\n", match.end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start : match.start], text[match.end : line_end]
    if len(before) > 40:
        return False
    if rules.byline.match(before):
        return True
    # A name alone on its line (or with an agency name) is a byline or a caption credit.
    rest = WORDS_RE.findall(before + " " + after)
    return len(before) + len(after) < 40 and len(rest) <= 1 and all(w[0].isupper() for w in rest)


def overlaps_region(match: NameMatch, spans: list[Span]) -> bool:
    return any(s.start < match.end and match.start < s.end for s in spans)


def find_names(caps: list[Token], text: str, rules: PeopleRules, regions: list[Span]) -> list[NameMatch]:
    found, i = [], 0
    while i < len(caps):
        # Most capitalised words are no given name: skip them before reading a name there.
        match = name_at(caps, i, text, rules) if caps[i].text in rules.given else None
        if match and not overlaps_region(match, regions) and not is_byline(text, match, rules):
            found.append(match)
            while i < len(caps) and caps[i].start < match.end:
                i += 1
        else:
            i += 1
    return found


def covered(caps: list[Token], names: list[tuple[int, int]]) -> set[int]:
    """Start offsets of the capitalised words that lie inside a found name."""
    starts = [t.start for t in caps]
    inside = set()
    for start, end in names:
        k = bisect.bisect_left(starts, start)
        while k < len(caps) and caps[k].start < end:
            inside.add(caps[k].start)
            k += 1
    return inside


def find_anchored_names(doc: Document, caps: list[Token], rules: PeopleRules, ctx: RoleContext) -> list:
    """Names with a given name missing from first_names.json, accepted only right after a role phrase."""
    found, inside = [], covered(caps, ctx.names)
    # unknown_name_at wants a surname ending on the second word: most words have none, so they are
    # ruled out here in one pass instead of one call per pair.
    surname_ending = [t.lower.endswith(rules.surname_endings) for t in caps]
    for i in range(len(caps) - 1):
        if not surname_ending[i + 1] or caps[i].start in inside or caps[i + 1].start in inside:
            continue
        match = unknown_name_at(caps, i, doc.text, rules)
        if match is None or overlaps_region(match, ctx.region_spans) or is_byline(doc.text, match, rules):
            continue
        role = role_of(doc, match, ctx, after=False)
        if role:
            found.append((match, role))
            ctx.names.append((match.start, match.end))
    return found


def to_mention(match: NameMatch, role: Role | None, rules: PeopleRules, known) -> Mention:
    clues = NameClues(known, role.oblique if role and role.end <= match.start else None)
    name, key = canonical_name(match, rules, clues)
    rule = "people.given_name" if match.given in rules.given else "people.role_anchor"
    return Mention(match.start, match.end, key, name, role, rule)


def with_roles(doc: Document, matches: list[NameMatch], ctx: RoleContext) -> list[tuple[NameMatch, Role | None]]:
    """Roles are looked for until each person has one (the first mention usually gives it)."""
    out, has_role = [], set()
    for match in matches:
        identity = (match.readings[0].group, fold(match.surname.text))
        ambiguous = len(match.readings) > 1
        role = role_of(doc, match, ctx) if identity not in has_role or ambiguous else None
        if role:
            has_role.add(identity)
        out.append((match, role))
    return out


def mentions_of(doc: Document, caps: list[Token], rules: PeopleRules, ctx: RoleContext) -> list[Mention]:
    matches = find_names(caps, doc.text, rules, ctx.region_spans)
    ctx.names.extend((m.start, m.end) for m in matches)
    found = with_roles(doc, matches, ctx) + find_anchored_names(doc, caps, rules, ctx)
    known = frozenset(name_for(m, m.readings[0], rules)[1] for m, _ in found if len(m.readings) == 1)
    mentions = [to_mention(m, role, rules, known) for m, role in found]
    return sorted(mentions, key=lambda m: m.start)


def group_people(mentions: list[Mention]) -> list[list[Mention]]:
    groups: dict[tuple[str, str], list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.key, []).append(mention)
    return list(groups.values())


def to_fact(doc: Document, group: list[Mention]) -> PersonFact:
    first = group[0]
    role = next((m.role for m in group if m.role), None)
    aliases = list(dict.fromkeys(m.name for m in group if m.name != first.name))
    return PersonFact(
        name=first.name,
        role=role.text if role else None,
        region=role.region if role else None,
        evidence=doc.evidence(first.start, first.end, first.rule),
        aliases=aliases,
    )


def surname_mentions(caps: list[Token], by_surname: dict[str, str], names: list[tuple[int, int]], rules):
    """Bare surnames ("Lukashenko said") of a person named in full elsewhere in the article."""
    keys = {k for k, name in by_surname.items() if name}
    if not keys:
        return
    # Inflecting keeps a surname's first two letters, so a word opening unlike every known surname (or a
    # spelling of one) is none of them: most words are ruled out without inflecting them.
    openings = {k[:2] for k in keys} | {v[:2] for v, k in rules.variants.items() if k in keys}
    inside = covered(caps, names)
    named: dict[str, str | None] = {}  # a word -> the person it names; words repeat, and inflecting is slow
    for token in caps:
        if not token.capitalised or token.start in inside:
            continue
        if token.text not in named:
            opens_like_one = fold(token.text[:2]) in openings
            named[token.text] = person_of_surname(token.text, by_surname, rules) if opens_like_one else None
        if named[token.text]:
            yield token, named[token.text]


def person_of_surname(word: str, by_surname: dict[str, str], rules: PeopleRules) -> str | None:
    spellings = [word]
    if CYRILLIC_RE.match(word):  # "Гусевым" -> "Гусев"
        spellings += [nominative_surname(word, gender, rules) for gender in ("m", "f")]
    return next((by_surname[k] for k in (surname_key(s, rules) for s in spellings) if by_surname.get(k)), None)


def unique_by_surname(people: list[tuple[str, tuple[str, str]]]) -> dict[str, str]:
    """surname key -> the person's name, or '' when two people share the surname."""
    by_surname: dict[str, str] = {}
    for name, key in people:
        by_surname[key[1]] = name if key[1] not in by_surname else ""
    return by_surname


@step(requires=("spans:REGION", "language"), assigns=("people", "spans:PERSON"))
def find_people(doc: Document) -> Document:
    rules = doc.resources.compile("people.rules", build_rules)
    caps = capitals(doc.text)
    ctx = RoleContext(doc.text, rules.roles, doc.spans_of("REGION"), [])
    groups = group_people(mentions_of(doc, caps, rules, ctx))
    facts = [to_fact(doc, g) for g in groups]
    doc.people.extend(facts)
    for fact, group in zip(facts, groups, strict=True):
        doc.spans.extend(Span("PERSON", m.start, m.end, doc.text[m.start : m.end], fact.name, m.rule) for m in group)
    by_surname = unique_by_surname([(f.name, g[0].key) for f, g in zip(facts, groups, strict=True)])
    for token, name in surname_mentions(caps, by_surname, ctx.names, rules):
        doc.spans.append(Span("PERSON", token.start, token.end, token.text, name, "people.surname"))
    doc.people.extend(well_known_by_surname(doc, caps, rules, ctx, set(by_surname)))
    return doc


def well_known_by_surname(doc: Document, caps: list[Token], rules: PeopleRules, ctx: RoleContext,
                          named: set[str]) -> list[PersonFact]:
    """'Как мы с Путиным договорились': a well-known person named by surname alone, not named in full."""
    language = "ru" if doc.language == "ru" else "en"
    by_surname = {}
    for person in rules.well_known:
        key = surname_key(person["en"].split()[-1], rules)
        if key not in named and surname_key(person["ru"].split()[-1], rules) not in named:
            by_surname[key] = person[language]
            by_surname[surname_key(person["ru"].split()[-1], rules)] = person[language]
    found: dict[str, PersonFact] = {}
    for token, name in surname_mentions(caps, by_surname, ctx.names, rules):
        doc.spans.append(Span("PERSON", token.start, token.end, token.text, name, "people.well_known"))
        found.setdefault(name, PersonFact(name, None, None, doc.evidence(token.start, token.end, "people.well_known")))
    return list(found.values())
