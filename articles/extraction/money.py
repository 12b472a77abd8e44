"""Money amounts: MONEY spans valued (Decimal amount, ISO 4217 code).

Three shapes cover how news writes money: a symbol or code before the number
("$1.2bn", "RUB32,000", "USD 500 mln"), a number with its scale and a
currency word after it ("500 млн долларов", "8.5 billion Russian rubles"),
and an amount in words ("half a billion US dollars", "полмиллиарда
долларов"). The words live in data/money.json.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from articles.extraction.document import Document, Span, step
from articles.extraction.resources import Resources

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex matching any of the phrases, the longest where several fit.

    Words are separated by any whitespace; a word ending in '*' is a stem that
    matches any ending ("экспорт*" matches "экспорта"). Built as a trie, as a
    flat alternation of hundreds of phrases is tried branch by branch at every
    character.
    """
    return trie_regex((phrase, "") for phrase in phrases)


SPECIAL_UNITS = {r"\s+": 1, r"\w*": 2, r"[\w-]+": 3}


def trie_regex(entries: Iterable[tuple[str, str]]) -> str:
    """One regex for (phrase, marker) entries, the marker (say a named empty group)
    placed where its phrase ends. Continuing is tried before ending, so the longest
    phrase wins; '?' in a phrase stands for any one word."""
    root: dict[str, Any] = {}
    for phrase, marker in entries:
        node = root
        for unit in _units(phrase):
            node = node.setdefault(unit, {})
        node.setdefault("", marker)
    return _node_regex(root) if root else "(?!)"


def _units(phrase: str) -> list[str]:
    units: list[str] = []
    for i, word in enumerate(phrase.split()):
        if i:
            units.append(r"\s+")
        if word == "?":
            units.append(r"[\w-]+")
            continue
        stem = word.endswith("*") and len(word) > 1
        units += [re.escape(c) for c in (word[:-1] if stem else word)]
        if stem:
            units.append(r"\w*")
    return units


def _node_regex(node: dict[str, Any]) -> str:
    # Letters first, then the open-ended units, then the end of a phrase.
    units = sorted((u for u in node if u), key=lambda u: (SPECIAL_UNITS.get(u, 0), u))
    branches = [unit + _node_regex(node[unit]) for unit in units]
    if "" in node:
        branches.append(node[""])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def merged(table: dict, key: str) -> dict:
    """One language-free mapping from a table's {"en": {...}, "ru": {...}} entry."""
    return {word.lower(): value for lang in table[key].values() for word, value in lang.items()}


# A number starts with a digit, so sre can skip the rest of the text fast; a comma or space
# between digits groups thousands only before exactly three digits.
NUMBER_SCAN = re.compile(r"[0-9](?:\d{0,2}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?(?!\d)|\d*(?:[.,]\d+)?)")


@dataclass(frozen=True)
class MoneyRules:
    prefix_before: re.Pattern  # a symbol or code right before a number: "$", "RUB", "Br"
    scale_after: re.Pattern  # "million", "bn" right after a number
    currency_after: re.Pattern  # "US dollars", "млн долларов" after a number or its scale
    in_words: re.Pattern  # "half a billion US dollars"
    bare_scales: frozenset[str]  # "миллиард" with no number before: one of it
    scale_words: tuple[str, ...]  # spelt-out scales that can start an amount in words
    part_after: re.Pattern  # "140 of them": a bare number that is a part of the amount before
    part_before: re.Pattern  # "из них 140", "of which 140"
    part_words: tuple[str, ...]  # the partitive phrases, to skip texts that hold none at once


def _compile(resources: Resources) -> MoneyRules:
    table = resources.table("money")
    prefixes = phrase_alternation(merged(table, "prefixes"))
    currencies = phrase_alternation(merged(table, "currencies"))
    scales = phrase_alternation(merged(table, "scales"))
    words = phrase_alternation(merged(table, "number_words"))
    glued = phrase_alternation(merged(table, "glued_number_words"))
    parts = table["partitive"]
    return MoneyRules(
        prefix_before=re.compile(rf"(?<![\w$])(?P<cur>{prefixes})\s?$", re.IGNORECASE),
        scale_after=re.compile(rf"[\s-]?(?P<scale>{scales})(?![\w])", re.IGNORECASE),
        # A code after a bare number must not be the prefix of the next amount:
        # in "in 2011 RUB 8.5 billion", "2011 RUB" is not money.
        currency_after=re.compile(rf"\s*(?P<cur>{currencies})(?![\w])(?!\s?\d)", re.IGNORECASE),
        in_words=re.compile(
            rf"(?<![\w\d.,])(?:(?P<word>(?:{words})(?:\s+(?:{words}))*)\s+|(?P<glued>{glued})\s*|(?P<bare>))"
            rf"(?P<scale>{scales})\s+(?P<cur>{currencies})(?![\w])",
            re.IGNORECASE,
        ),
        bare_scales=frozenset(_all(table["bare_scales"])),
        scale_words=tuple(w for w in merged(table, "scales") if len(w) >= 3 and w.isalpha()),
        part_after=re.compile(rf"\s+(?:{phrase_alternation(_all(parts['after']))})(?![\w])", re.IGNORECASE),
        # one word may stand between: "из них почти 140", "of which about 140"
        part_before=re.compile(rf"(?<![\w])(?:{phrase_alternation(_all(parts['before']))})\s+(?:[^\W\d]+\s+)?$",
                               re.IGNORECASE),
        part_words=tuple(_all(parts["after"]) + _all(parts["before"])),
    )


def _all(entry: dict[str, list[str]]) -> list[str]:
    return [word.lower() for words in entry.values() for word in words]


def parse_number(text: str, decimal_comma: bool) -> Decimal:
    """'1,234,567' -> 1234567; '32 000' -> 32000; '1,5' -> 1.5 (Russian decimal comma); '3,083.4' and
    '3.083,4' -> 3083.4 (with both marks, the last one is the decimal point)."""
    text = re.sub(r"[\u00a0\u202f ]", "", text)
    if "," in text and "." in text:
        point = max(text.rfind(","), text.rfind("."))
        return Decimal(re.sub(r"[,.]", "", text[:point]) + "." + text[point + 1 :])
    if text.count(".") > 1:
        return Decimal(text.replace(".", ""))  # '1.234.567': dots group thousands
    groups = text.split(",")
    thousands = len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3 and not decimal_comma)
    text = text.replace(",", "") if thousands else text.replace(",", ".")
    return Decimal(text)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: Decimal
    currency: str
    rule: str
    scale: Decimal = Decimal(1)  # the multiplier the amount was written with ("million")


class _Tables:
    """The money tables as lookups from a matched word to its value."""

    def __init__(self, resources: Resources):
        table = resources.table("money")
        self.currency = {**merged(table, "currencies"), **merged(table, "prefixes")}
        self.scale = merged(table, "scales")
        self.words = {**merged(table, "number_words"), **merged(table, "glued_number_words")}

    def multiplier(self, scale: str | None) -> Decimal:
        return Decimal(self.scale[_key(scale)]) if scale else Decimal(1)

    def amount(self, number: Decimal, scale: str | None) -> Decimal:
        amount = number * self.multiplier(scale)
        if amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))  # 1.5 billion -> 1500000000, not 1500000000.0
        return amount


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@step(requires=("text", "language"), assigns=("spans:MONEY",))
def find_money(doc: Document) -> Document:
    rules = doc.resources.compile("money.rules", _compile)
    tables = doc.resources.compile("money.tables", _Tables)
    amounts = _in_figures(doc, rules, tables)
    amounts += _in_words(doc.text, rules, tables, amounts, doc.lower_text())
    amounts += _carried(doc, rules, tables, amounts)
    amounts += _parts(doc, rules, amounts)
    for a in sorted(amounts, key=lambda a: a.start):
        doc.spans.append(Span("MONEY", a.start, a.end, doc.text[a.start : a.end], (a.value, a.currency), a.rule))
    return doc


def _in_figures(doc: Document, rules: MoneyRules, tables: _Tables) -> list[Amount]:
    """'$200 million', 'RUB32,000', '500 млн долларов', '1,234,567 dollars'."""
    found = []
    for number in NUMBER_SCAN.finditer(doc.text):
        if not (number.start() and doc.text[number.start() - 1] in ".,"):
            amount = _read_figure(doc, rules, tables, number)
            if amount:
                found.append(amount)
    return found


def _read_figure(doc: Document, rules: MoneyRules, tables: _Tables, number: re.Match) -> Amount | None:
    text = doc.text
    prefix = rules.prefix_before.search(text, max(0, number.start() - 8), number.start())
    digits, number_end = number.group(), number.end()
    scale = rules.scale_after.match(text, number_end)
    upper = _RANGE_UPPER.match(text, number_end) if prefix and not scale else None
    if upper and rules.scale_after.match(text, upper.end()):
        # "$1-1.2 billion": the lower bound is not one dollar; the range is read as its upper bound
        digits, number_end = upper.group("upper"), upper.end()
        scale = rules.scale_after.match(text, number_end)
    end = scale.end() if scale else number_end
    currency = prefix or rules.currency_after.match(text, end)
    if currency is None:
        return None
    start, end = (prefix.start(), end) if prefix else (number.start(), currency.end())
    # A comma before three digits groups thousands in English ("RUB32,000") but is a
    # decimal point in Russian ("1,5 млрд").
    russian = doc.language == "ru" or bool(CYRILLIC.search(text, start, end))
    value = tables.amount(parse_number(digits, russian), scale and scale.group("scale"))
    rule = "money.prefix" if prefix else "money.suffix"
    multiplier = tables.multiplier(scale and scale.group("scale"))
    return Amount(start, end, value, tables.currency[_key(currency.group("cur"))], rule, multiplier)


# "-1.2" after a number: it is the lower bound of a range, whose scale follows the upper bound.
_RANGE_UPPER = re.compile(r"\s?[-–—]\s?(?P<upper>\d+(?:[.,]\d+)?)")


# After a scale with no currency ("150,5 млн, а рост"), a letter means a unit ("млн тонн"), not money.
_BARE_SCALE_END = re.compile(r"\s*(?![^\W\d_])")


def _carried(doc: Document, rules: MoneyRules, tables: _Tables, taken: list[Amount]) -> list[Amount]:
    """'… 900 млн долларов, из них … за 5 месяцев показатель составил 150,5 млн': a number with its
    scale and no currency, after an amount of the same paragraph, is in that amount's currency."""
    text, found = doc.text, []
    spans = sorted((a.start, a.end, a.currency) for a in taken)
    for number in NUMBER_SCAN.finditer(text):
        scale = rules.scale_after.match(text, number.end())
        if scale is None or not _BARE_SCALE_END.match(text, scale.end()):
            continue
        i = bisect.bisect_left(spans, (number.start(),))
        if i == 0 or spans[i - 1][1] > number.start() or (i < len(spans) and spans[i][0] < scale.end()):
            continue  # no amount before it, or it is part of one
        if "\n" in text[spans[i - 1][1] : number.start()]:
            continue  # the amount before is in another paragraph
        russian = doc.language == "ru" or bool(CYRILLIC.search(text, number.start(), scale.end()))
        value = tables.amount(parse_number(number.group(), russian), scale.group("scale"))
        found.append(Amount(number.start(), scale.end(), value, spans[i - 1][2], "money.carried",
                            tables.multiplier(scale.group("scale"))))
    return found


def _parts(doc: Document, rules: MoneyRules, taken: list[Amount]) -> list[Amount]:
    """'Turnover exceeded $350 million. Almost 140 of them are our exports': a bare number said to be a
    part of the amount just before it, in the same paragraph, is in that amount's scale and currency
    when it is smaller than the whole."""
    text, found = doc.text, []
    if not any(word in doc.lower_text() for word in rules.part_words):
        return found
    amounts = sorted(taken, key=lambda a: a.start)
    starts = [a.start for a in amounts]
    for number in NUMBER_SCAN.finditer(text):
        if not (rules.part_after.match(text, number.end())
                or rules.part_before.search(text, max(0, number.start() - 40), number.start())):
            continue
        i = bisect.bisect_left(starts, number.start())
        whole = amounts[i - 1] if i else None
        if i < len(amounts) and amounts[i].start < number.end():
            continue  # the number starts an amount of its own
        if whole is None or whole.end > number.start() or "\n" in text[whole.end : number.start()]:
            continue
        value = parse_number(number.group(), doc.language == "ru") * whole.scale
        if whole.scale > 1 and value < whole.value:
            found.append(Amount(number.start(), number.end(), value, whole.currency, "money.part", whole.scale))
    return found


def _in_words(
    text: str, rules: MoneyRules, tables: _Tables, taken: list[Amount], low: str | None = None
) -> list[Amount]:
    """'half a billion US dollars', 'полмиллиарда долларов': found from their scale word.

    `low`: `text.lower()`, when the caller has it."""
    low, found = text.lower() if low is None else low, []
    spans = sorted((a.start, a.end) for a in taken)  # kept sorted, so overlaps are found by bisection
    # Scale words share their first letters ("млн", "млрд"; "тыс", "тысяч"): a text without those
    # letters holds none of the words, and most texts are in one language only.
    has_opening: dict[str, bool] = {}
    for word in rules.scale_words:
        opening = word[:3]
        if opening not in has_opening:
            has_opening[opening] = opening in low
        if not has_opening[opening]:
            continue
        at = low.find(word)
        while at >= 0:
            m = rules.in_words.search(text, max(0, at - 30), at + len(word) + 40)
            number = _number_in_words(m, rules, tables) if m else None
            if number is not None and not _overlaps(spans, m.start(), m.end()):
                found.append(Amount(m.start(), m.end(), tables.amount(number, m.group("scale")),
                                    tables.currency[_key(m.group("cur"))], "money.words",
                                    tables.multiplier(m.group("scale"))))
                bisect.insort(spans, (m.start(), m.end()))
            at = low.find(word, at + 1)
    return found


def _number_in_words(m: re.Match, rules: MoneyRules, tables: _Tables) -> Decimal | None:
    """The number an amount in words names: a phrase of the table ("half a"), else its words summed ("ста
    пятидесяти" = 150), else one for a bare singular scale ("почти миллиард"); None where it names none."""
    if m.group("bare") is not None:
        return Decimal(1) if m.group("scale").lower() in rules.bare_scales else None
    phrase = _key(m.group("word") or m.group("glued"))
    if phrase in tables.words:
        return Decimal(str(tables.words[phrase]))
    parts = [tables.words.get(word) for word in phrase.split()]
    return None if None in parts else Decimal(str(sum(parts)))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping `spans`."""
    i = bisect.bisect_left(spans, (end, end))
    return i > 0 and spans[i - 1][1] > start
