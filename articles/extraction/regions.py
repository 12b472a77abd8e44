"""Find every mention of a Russian region, federal district or Belarusian oblast.

The gazetteer (`regions.json`) lists each region's name forms; `region_rules.json`
holds the context rules that keep precision high: a bare city stem followed by
"District" names another unit, "Minsk Tractor Works" is a company, "Altai" alone
names a region only when the article spells out which one.

Matching works on tokens with an index keyed by a form's first word: one
regular expression (a trie of those first words) finds the words that open
some form, and only there is the text tokenised further.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from articles.extraction.document import Document, Span, lowered, step
from articles.extraction.money import trie_regex
from articles.extraction.resources import Resources

TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]")
# Words that may open a form: English forms open with a capital, so lower-case Latin words are skipped.
WORD_RE = re.compile(r"(?<![^\W_])[^\W\d_a-z][^\W_]*")
LEADING_ARTICLE = ("the",)
# Dashes, apostrophes and "ё" vary between sites; keys compare them as one.
KEY_TABLE = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "’": "'", "ё": "е"})
CYRILLIC_RE = re.compile(r"[а-яё]")
LETTERS_RE = re.compile(r"[^\W\d_]+")

FULL, SHORT, AMBIGUOUS, ADJECTIVE = "full", "short", "ambiguous", "adjective"
# A form's first word standing alone for a shared noun ("Омская" in "Новосибирская и Омская области"),
# and an oblast's adjective or stem before its executive committee ("Гомельского облисполкома").
ELLIPTIC, COMMITTEE = "elliptic", "committee"
# Of forms equally long, the committee reading needs the most context and is tried first, the elliptic one last.
KIND_ORDER = {COMMITTEE: 0, ELLIPTIC: 2}


class Token(NamedTuple):  # a tuple: cheap to build, and every match builds a few
    start: int
    end: int
    text: str
    key: str


@dataclass(frozen=True)
class Form:
    keys: tuple[str, ...]
    # Per token: the exact spelling a proper noun of an English form needs, None where case is free.
    exact: tuple[str | None, ...]
    code: str | None
    kind: str
    russian: bool
    candidates: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    form: Form
    start: int
    end: int
    code: str | None
    before: Token | None  # the token just before the match, for context rules
    after: Token | None


@dataclass(frozen=True)
class Gazetteer:
    index: dict[str, list[Form]]
    first_words: re.Pattern  # any key of `index` as a whole word, in lower-cased text with "ё" as "е"
    blocked_by: frozenset[str]
    org_after: tuple[str, ...]
    org_before: tuple[str, ...]
    group_nouns_en: frozenset[str]
    group_nouns_ru: tuple[str, ...]
    dateline_after: re.Pattern
    widget_after: re.Pattern
    elliptic_nouns_ru: frozenset[str]
    elliptic_plurals_en: frozenset[str]
    joiners: frozenset[str]
    committee_nouns: tuple[str, ...]


def token_key(text: str) -> str:
    low = text.lower()
    return low if low.isascii() else low.translate(KEY_TABLE)  # KEY_TABLE changes no ASCII character


def make_form(text: str, code: str | None, kind: str, designators: frozenset[str], candidates=frozenset()) -> Form:
    words = [m.group() for m in TOKEN_RE.finditer(text)]
    if len(words) > 1 and words[0].lower() in LEADING_ARTICLE:
        words = words[1:]  # "the Urals" is matched as "Urals"
    russian = bool(CYRILLIC_RE.search(text.lower()))
    exact = tuple(
        w.translate(KEY_TABLE) if not russian and w[:1].isupper() and token_key(w) not in designators else None
        for w in words
    )
    return Form(tuple(token_key(w) for w in words), exact, code, kind, russian, frozenset(candidates))


def ambiguous_candidates(key: str, regions: list[dict]) -> frozenset[str]:
    """Codes whose full forms contain a word sharing the ambiguous name's stem ("Altai" -> Krai, Republic)."""
    stem = key[: max(4, len(key) - 2)]
    found = set()
    for region in regions:
        for form in region.get("en", []) + region.get("ru", []):
            if any(token_key(w).startswith(stem) for w in form.split()):
                found.add(region["code"])
    return frozenset(found)


def gazetteer_forms(resources: Resources, designators: frozenset[str]) -> list[Form]:
    table = resources.table("regions")
    forms = []
    for region in table["regions"]:
        for field, kind in (("en", FULL), ("ru", FULL), ("en_short", SHORT), ("ru_short", SHORT)):
            forms += [make_form(f, region["code"], kind, designators) for f in region.get(field) or []]
    for names in table.get("ambiguous", {}).values():
        for name in names:
            candidates = ambiguous_candidates(token_key(name), table["regions"])
            forms.append(make_form(name, None, AMBIGUOUS, designators, candidates))
    return forms


def adjective_forms(rules: dict, designators: frozenset[str]) -> list[Form]:
    return [
        make_form(word, code, ADJECTIVE, designators)
        for by_code in rules["adjectives"].values()
        for code, words in by_code.items()
        for word in words
    ]


def first_words(forms: list[Form], nouns: tuple[str, ...]) -> dict[tuple[str, bool], set[str | None]]:
    """First words of two-word full forms whose second word is a designator noun, with the codes they open."""
    found: dict[tuple[str, bool], set[str | None]] = defaultdict(set)
    for form in forms:
        if form.kind == FULL and len(form.keys) == 2 and form.keys[1].startswith(nouns):
            found[(form.exact[0] or form.keys[0], form.russian)].add(form.code)
    return found


def masculine_adjectives(word: str, endings: dict[str, list[str]]) -> list[str]:
    """"гомельская" -> "гомельский", "гомельского"...: the gender a committee or council takes."""
    stem = next((word[: -len(e)] for e in endings["feminine"] if word.endswith(e)), None)
    return [stem + e for e in endings["masculine"] if e[:1] == word[len(stem) : len(stem) + 1]] if stem else []


def stand_alone_forms(forms: list[Form], rules: dict, designators: frozenset[str]) -> list[Form]:
    """Elliptic and committee readings of full forms' first words; a word opening two regions' forms gets none."""
    nouns = tuple(token_key(w) for words in rules["elliptic_nouns"].values() for w in words)
    oblast_nouns = tuple(n for n in nouns if n.startswith(("обл", "oblast", "region", "province")))
    extra = []
    for (word, russian), codes in first_words(forms, nouns).items():
        if len(codes) != 1:
            continue
        code = next(iter(codes))
        extra.append(make_form(word, code, ELLIPTIC, designators))
        oblast = first_words([f for f in forms if f.code == code], oblast_nouns)
        if (word, russian) in oblast:
            committee_words = masculine_adjectives(word, rules["adjective_endings"]) + [word] if russian else [word]
            extra += [make_form(w, code, COMMITTEE, designators) for w in committee_words]
    return extra


def build_gazetteer(resources: Resources) -> Gazetteer:
    rules = resources.table("region_rules")
    designators = frozenset(token_key(w) for words in rules["designators"].values() for w in words)
    index: dict[str, list[Form]] = defaultdict(list)
    forms = gazetteer_forms(resources, designators) + adjective_forms(rules, designators)
    for form in forms + stand_alone_forms(forms, rules, designators):
        index[form.keys[0]].append(form)
    for forms in index.values():
        forms.sort(key=lambda f: (-len(f.keys), KIND_ORDER.get(f.kind, 1)))  # longest form wins

    def words(name: str) -> list[str]:
        return [token_key(w) for lang in rules[name].values() for w in lang]

    return Gazetteer(
        index=dict(index),
        first_words=re.compile(rf"(?<![^\W_])(?:{trie_regex((k, '') for k in index if k.isalnum())})(?![^\W_])"),
        blocked_by=frozenset(words("short_blocked_by")),
        org_after=tuple(words("organisation_after")),
        org_before=tuple(words("organisation_before")),
        group_nouns_en=frozenset(token_key(w) for w in rules["group_nouns"]["en"]),
        group_nouns_ru=tuple(token_key(w) for w in rules["group_nouns"]["ru"]),
        dateline_after=re.compile(rules["dateline_after"]),
        widget_after=re.compile(rules["widget_after"]),
        elliptic_nouns_ru=frozenset(token_key(w) for w in rules["shared_nouns"]["ru"]),
        elliptic_plurals_en=frozenset(token_key(w) for w in rules["shared_nouns"]["en"]),
        joiners=frozenset(words("elliptic_joiners")),
        committee_nouns=tuple(words("committee_nouns")),
    )


def spelled_right(form: Form, tokens: list[Token]) -> bool:
    """English proper nouns as in the form ("MINSK" datelines do not match); Russian needs a capital.

    Russian adjectives ("сибирских регионов") are lower-case; the noun after them is checked instead.
    """
    if form.russian and form.kind == ADJECTIVE:
        return True
    if form.russian:
        return any(t.text[:1].isupper() for t in tokens) and (form.kind == FULL or tokens[0].text[:1].isupper())
    pairs = zip(tokens, form.exact, strict=True)
    return all(spelling is None or _unified(t.text) == spelling for t, spelling in pairs)


def _unified(text: str) -> str:
    return text if text.isascii() else text.translate(KEY_TABLE)  # KEY_TABLE changes no ASCII character


def same_line(text: str, tokens: list[Token]) -> bool:
    return "\n" not in text[tokens[0].start : tokens[-1].end]


def form_matches(form: Form, tokens: list[Token], text: str, keys: tuple[str, ...]) -> bool:
    """Whether `tokens` (whose keys are `keys`) open with the form, spelt right and on one line."""
    n = len(form.keys)
    if keys[:n] != form.keys:  # also false when there are fewer than n tokens
        return False
    window = tokens[:n]
    return spelled_right(form, window) and same_line(text, window)


def tokens_from(text: str, pos: int, count: int) -> list[Token]:
    found = islice(TOKEN_RE.finditer(text, pos), count)
    return [Token(m.start(), m.end(), m.group(), token_key(m.group())) for m in found]


def token_before(text: str, pos: int) -> Token | None:
    r"""The last token TOKEN_RE finds in text[pos - 40 : pos], or None.

    Read backwards from `pos`, which is cheaper than tokenising the stretch: skip spaces and
    "_" (no token holds them); a letter or digit ends a run of them, anything else is a
    one-character token. (`str.isalnum` and `str.isspace` are what `re` means by `\w`
    without "_" and by `\s`.)
    """
    floor, end = max(0, pos - 40), pos
    while end > floor and (text[end - 1].isspace() or text[end - 1] == "_"):
        end -= 1
    if end == floor:
        return None
    start = end - 1
    if text[start].isalnum():
        while start > floor and text[start - 1].isalnum():
            start -= 1
    word = text[start:end]
    return Token(start, end, word, token_key(word))


def names_committee(form: Form, tokens: list[Token], gazetteer: Gazetteer) -> bool:
    """A committee form holds only before the committee's noun ("Minsk Regional Executive Committee")."""
    n = len(form.keys)
    return form.kind != COMMITTEE or (len(tokens) > n and tokens[n].key.startswith(gazetteer.committee_nouns))


def match_at(text: str, pos: int, forms: list[Form], gazetteer: Gazetteer) -> Match | None:
    tokens = tokens_from(text, pos, len(forms[0].keys) + 1)  # forms are sorted longest first
    keys = tuple(t.key for t in tokens)
    form = next(
        (f for f in forms if form_matches(f, tokens, text, keys) and names_committee(f, tokens, gazetteer)), None
    )
    if form is None:
        return None
    n = len(form.keys)
    after = tokens[n] if len(tokens) > n and "\n" not in text[tokens[n - 1].end : tokens[n].start] else None
    return Match(form, tokens[0].start, tokens[n - 1].end, form.code, token_before(text, pos), after)


def scan(text: str, gazetteer: Gazetteer, low: str | None = None) -> list[Match]:
    """Tokenise only where a word opens some form: most words of an article open none.

    `low`: `lowered(text)`, when the caller has it."""
    matches, consumed = [], 0
    for word in gazetteer.first_words.finditer((lowered(text) if low is None else low).replace("ё", "е")):
        if word.start() < consumed or not WORD_RE.match(text, word.start()):
            continue
        match = match_at(text, word.start(), gazetteer.index[word.group()], gazetteer)
        if match:
            matches.append(match)
            consumed = match.end
    return matches


def names_organisation(match: Match, gazetteer: Gazetteer) -> bool:
    after, before = match.after, match.before
    return bool(after and after.key.startswith(gazetteer.org_after)) or bool(
        before and before.key.startswith(gazetteer.org_before)
    )


def names_other_unit(match: Match, gazetteer: Gazetteer) -> bool:
    after = match.after
    return match.form.kind in (SHORT, AMBIGUOUS) and after is not None and after.key in gazetteer.blocked_by


def is_dateline(text: str, match: Match, gazetteer: Gazetteer) -> bool:
    line_start = text.rfind("\n", 0, match.start) + 1
    if match.form.kind != SHORT or text[line_start : match.start].strip():
        return False
    return bool(gazetteer.dateline_after.match(text, match.end))


def adjective_names_group(match: Match, gazetteer: Gazetteer) -> bool:
    after = match.after
    if after is None:
        return False
    if match.form.russian:
        return after.key.startswith(gazetteer.group_nouns_ru)
    return after.key in gazetteer.group_nouns_en


def is_widget(text: str, match: Match, gazetteer: Gazetteer) -> bool:
    return match.form.kind == SHORT and bool(gazetteer.widget_after.match(text, match.end))


def shares_a_noun(doc: Document, match: Match, gazetteer: Gazetteer) -> bool:
    """A bare first word of a region's name stands for it only where a designator noun is shared with it.

    No noun may follow it ("Минская делегация", "Tula Arms Plant"): only a joiner, punctuation or the noun itself.
    Russian needs the noun somewhere in the sentence ("Среди областей впереди Минская и Гомельская"), English a
    plural designator right after the list ("the Tula and Kaluga regions").
    """
    after = match.after
    if match.form.russian:
        if after is not None and after.key not in gazetteer.joiners and after.key not in gazetteer.elliptic_nouns_ru:
            return False
        sentence = doc.sentence_at(match.start)
        words = LETTERS_RE.findall(token_key(sentence.text if sentence else doc.text[match.start : match.end]))
        return any(w in gazetteer.elliptic_nouns_ru for w in words)
    ahead = [t.key for t in tokens_from(doc.text, match.end, 6)]
    if not ahead or (ahead[0] not in gazetteer.joiners and ahead[0] not in gazetteer.elliptic_plurals_en):
        return False
    upto = next((i for i, k in enumerate(ahead) if k in gazetteer.elliptic_plurals_en), None)
    return upto is not None and all(k in gazetteer.joiners or k[:1].isalpha() for k in ahead[:upto])


def keep(doc: Document, match: Match, gazetteer: Gazetteer) -> bool:
    text = doc.text
    if match.form.kind == ADJECTIVE and not adjective_names_group(match, gazetteer):
        return False
    if match.form.kind == ELLIPTIC and not shares_a_noun(doc, match, gazetteer):
        return False
    return not (
        names_organisation(match, gazetteer)
        or names_other_unit(match, gazetteer)
        or is_dateline(text, match, gazetteer)
        or is_widget(text, match, gazetteer)
    )


def resolve_ambiguous(matches: list[Match]) -> list[Match]:
    """"Altai" alone names a region only when the article names exactly one of its candidates unambiguously."""
    named = {m.code for m in matches if m.form.kind in (FULL, SHORT, COMMITTEE)}
    resolved = []
    for m in matches:
        if m.form.kind != AMBIGUOUS:
            resolved.append(m)
            continue
        spelled = named & m.form.candidates
        if len(spelled) == 1:
            resolved.append(Match(m.form, m.start, m.end, next(iter(spelled)), m.before, m.after))
    return resolved


def to_span(text: str, match: Match) -> Span:
    rule = f"region.{match.form.kind}"
    return Span("REGION", match.start, match.end, text[match.start : match.end], match.code, rule)


@step(requires=("sentences", "language"), assigns=("spans:REGION",))
def find_regions(doc: Document) -> Document:
    gazetteer = doc.resources.compile("regions.gazetteer", build_gazetteer)
    matches = [m for m in scan(doc.text, gazetteer, doc.lowered_text()) if keep(doc, m, gazetteer)]
    doc.spans.extend(to_span(doc.text, m) for m in resolve_ambiguous(matches))
    return doc
