"""The trade step's cue words (data/trade.json) compiled into regexes, once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from articles.extraction import trade_periods
from articles.extraction.money import phrase_alternation
from articles.extraction.resources import Resources

NUMBER = r"\d+(?:[.,]\d+)?"
# Cues are matched on the lower-cased sentence: case-insensitive matching is several times slower.
FLAGS = 0


def words(entry: dict[str, Any]) -> list[str]:
    """All phrases of a {"en": [...], "ru": [...]} entry (lists or mappings)."""
    return [word.lower() for lang in entry.values() for word in lang]


def mapping(entry: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {" ".join(word.lower().split()): value for lang in entry.values() for word, value in lang.items()}


def bounded(phrases: list[str]) -> str:
    """Phrases matched as whole words (a stem's '*' may take any ending)."""
    return rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w])"


def cue_pattern(entry: dict[str, Any]) -> re.Pattern:
    return re.compile(bounded(words(entry)), FLAGS)


def kinds_pattern(kinds: dict[str, list[str]]) -> re.Pattern:
    """One regex whose matched group's name (`m.lastgroup`) says which kind of cue it is.

    Kinds are tried in the order given, so list look-alikes to ignore first."""
    return re.compile("|".join(f"(?P<{kind}>{bounded(phrases)})" for kind, phrases in kinds.items()), FLAGS)


@dataclass(frozen=True)
class TradeRules:
    flows: re.Pattern
    value: re.Pattern
    target: re.Pattern
    target_after: re.Pattern
    target_opening: re.Pattern
    own_foreign_trade: re.Pattern
    bilateral: re.Pattern
    realised: re.Pattern
    delta_before: re.Pattern
    delta_after: re.Pattern
    increment: re.Pattern
    clause_break: re.Pattern
    belarus: re.Pattern
    russia: re.Pattern
    russia_whole: re.Pattern
    other_partners: re.Pattern
    district_anaphora: re.Pattern
    city_before: re.Pattern
    anaphora: re.Pattern
    subjectless: re.Pattern
    partitive_after: re.Pattern
    partitive_before: re.Pattern
    possessive_anaphora: re.Pattern
    oblast_adjectives: re.Pattern
    oblast_codes: dict[str, str]  # oblast_adjectives' stem -> code
    to_gap: re.Pattern
    from_gap: re.Pattern
    of_gap: re.Pattern
    possessive_gap: re.Pattern
    qualifiers: re.Pattern
    qualifiers_after: re.Pattern
    qualifier_gap: re.Pattern
    multiples: re.Pattern
    times: re.Pattern
    percent: re.Pattern
    change_before: re.Pattern
    change_after: re.Pattern
    change_word: re.Pattern
    level_after: re.Pattern
    versus: re.Pattern
    multiple_values: dict[str, float]
    number_words: dict[str, float]
    periods: trade_periods.PeriodRules

    def multiple_value(self, text: str) -> float:
        key = " ".join(text.lower().split())
        return next(v for k, v in self.multiple_values.items() if re.fullmatch(_stem_regex(k), key))

    def number_value(self, text: str) -> float:
        key = " ".join(text.lower().split())
        return self.number_words.get(key) or float(key.replace(",", "."))


def _stem_regex(phrase: str) -> str:
    return phrase_alternation([phrase])


def compile_rules(resources: Resources) -> TradeRules:
    table = resources.table("trade")
    change = table["change"]
    return TradeRules(
        flows=_flows(table["flows"]),
        **_not_trade(table["not_trade"], table["qualifiers"]),
        clause_break=_clause_break(table["clause_breaks"]),
        **_sides(table["sides"], resources.table("countries")),
        **_direction(table["direction"]),
        **_qualifiers(table),
        **_change(change, table["comparison"]),
        multiple_values={k: float(v) for k, v in mapping(change["multiples"]).items()},
        number_words={k: float(v) for k, v in mapping(change["number_words"]).items()},
        periods=trade_periods.compile_periods(table["periods"], table["comparison"]),
    )


def _flows(flows: dict[str, Any]) -> re.Pattern:
    kinds = {"none": words(flows["not_flows"])}
    kinds.update({kind: words(flows[kind]) for kind in ("turnover", "export", "import")})
    return kinds_pattern(kinds)


def _not_trade(entry: dict[str, Any], qualifiers: dict[str, Any]) -> dict[str, re.Pattern]:
    delta_before = phrase_alternation(words(entry["delta_before"]))
    # "grew by almost $300 million": a qualifier may stand between "by" and the amount.
    qualifier = phrase_alternation([w for kind in qualifiers.values() for w in words(kind)])
    return {
        "value": cue_pattern(entry["value"]),
        "target": cue_pattern(entry["target"]),
        "target_after": cue_pattern(entry["target_after"]),
        # "To reach $1 billion in trade …", "Довести товарооборот до …": an infinitive that opens the
        # sentence states a goal; written capitalised, so a stamp or lead before it does not hide it.
        "target_opening": re.compile(bounded(words(entry["target_opening"])), re.IGNORECASE),
        "realised": cue_pattern(entry["realised"]),
        "own_foreign_trade": cue_pattern(entry["own_foreign_trade"]),
        "bilateral": cue_pattern(entry["bilateral"]),
        "delta_before": re.compile(rf"(?<![\w-])(?:{delta_before})(?:\s+(?:{qualifier}))?\s*$", FLAGS),
        "delta_after": re.compile(rf"\s*{bounded(words(entry['delta_after']))}", FLAGS),
        "increment": cue_pattern(entry["increment"]),
    }


def _clause_break(entry: dict[str, Any]) -> re.Pattern:
    # A dash between spaces breaks a clause; one inside "January-August" does not.
    return re.compile(rf"\s[-–—]\s|(?:{phrase_alternation(words(entry))})(?![\w])", FLAGS)


def _sides(entry: dict[str, Any], countries: dict[str, Any]) -> dict[str, Any]:
    names = ("belarus", "russia", "russia_whole", "district_anaphora", "anaphora", "possessive_anaphora")
    adjectives = mapping(entry["oblast_adjectives"])
    partitive = phrase_alternation(words(entry["partitive"]))
    # The usual partners with their adjectives and stems, and every other country by name (countries.json).
    other_partners = {lang: entry["other_partners"][lang] + countries[lang] for lang in ("en", "ru")}
    return {
        **{name: cue_pattern(entry[name]) for name in names},
        "other_partners": cue_pattern(other_partners),
        # "В январе — июле составил …": a predicate with no subject goes on about the sentence before.
        "subjectless": re.compile(rf"\W*{bounded(words(entry['subjectless_predicates']))}(?:\s+[\w-]+){{0,2}}\W*",
                                  FLAGS),
        # "Almost 140 of them are exports", "из них почти 140 млн": a part of the amount just given.
        "partitive_after": re.compile(rf"\s*(?:{partitive})(?![\w])", FLAGS),
        "partitive_before": re.compile(rf"(?<![\w-])(?:{partitive})\s+(?:[\w-]+\s+){{0,2}}$", FLAGS),
        "oblast_adjectives": kinds_pattern({f"a{i}": [stem] for i, stem in enumerate(adjectives)}),
        "oblast_codes": {f"a{i}": code for i, code in enumerate(adjectives.values())},
        # right before "Minsk": the words that make it the city as a partner region
        "city_before": re.compile(rf"{bounded(words(entry['city_before']))}\s+$", FLAGS),
    }


def _direction(entry: dict[str, Any]) -> dict[str, re.Pattern]:
    to, source = phrase_alternation(words(entry["to"])), phrase_alternation(words(entry["from"]))
    of = phrase_alternation(words(entry["of"]) or ["of"])
    few_words = r"\s+(?:[\w-]+\s+){0,3}?"
    return {
        "to_gap": re.compile(rf"{few_words}(?:{to})\s+(?:the\s+)?", FLAGS),
        "from_gap": re.compile(rf"{few_words}(?:{source})\s+(?:the\s+)?", FLAGS),
        "of_gap": re.compile(rf"\s+(?:(?:{of})\s+)?(?:the\s+)?", FLAGS),
        "possessive_gap": re.compile(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}", FLAGS),
    }


def _qualifiers(table: dict[str, Any]) -> dict[str, re.Pattern]:
    before = {kind: words(entry) for kind, entry in table["qualifiers"].items()}
    after = {kind: words(entry) for kind, entry in table["qualifiers_after"].items()}
    fillers = phrase_alternation(words(table["qualifier_fillers"]))
    return {
        "qualifiers": kinds_pattern(before),
        "qualifiers_after": re.compile(
            "|".join(rf"(?P<{k}>\s*,?\s*(?:{phrase_alternation(v)})(?![\w]))" for k, v in after.items() if v),
            FLAGS,
        ),
        "qualifier_gap": re.compile(rf"\s*(?:(?:{fillers})\s+){{0,4}}", FLAGS),
    }


def _change(change: dict[str, Any], comparison: dict[str, Any]) -> dict[str, re.Pattern]:
    numbers = phrase_alternation(words(change["number_words"]))
    rise, fall = words(change["rise"]), words(change["fall"])
    return {
        "multiples": cue_pattern(change["multiples"]),
        "times": re.compile(
            rf"(?<![\w.,])(?P<num>{NUMBER}|{numbers})\s*-?\s*(?:{phrase_alternation(words(change['times']))})(?![\w])",
            FLAGS,
        ),
        "percent": re.compile(
            rf"(?<![\w.,])(?P<num>{NUMBER})\s*(?:{phrase_alternation(words(change['percent']))})(?![\w])", FLAGS
        ),
        # The growth word may stand up to three words before the number: "rose in 2011 by 30%".
        "change_before": re.compile(
            rf"(?:(?P<rise>{bounded(rise)})|(?P<fall>{bounded(fall)}))(?:\s+[\w-]+){{0,3}}\s*$", FLAGS
        ),
        "change_after": re.compile(
            rf"\s+(?:(?P<rise>{bounded(words(change['rise_after']))})|(?P<fall>{bounded(words(change['fall_after']))}))",
            FLAGS,
        ),
        "change_word": re.compile(bounded(rise + fall), FLAGS),
        "level_after": re.compile(rf"\s+{bounded(words(change['level']))}", FLAGS),
        "versus": _versus(comparison),
    }


def _versus(comparison: dict[str, Any]) -> re.Pattern:
    cmp = bounded(words(comparison["words"]))
    fillers = phrase_alternation(words(comparison["fillers"]))
    relative = phrase_alternation(words(comparison["relative"]))
    bare = bounded(words(comparison["relative_bare"]))
    return re.compile(
        rf"{cmp}\s+(?:(?:{fillers})\s+){{0,4}}(?P<year>{trade_periods.YEAR})"
        rf"|{cmp}\s+(?P<rel>(?:(?:{fillers})\s+){{0,4}}(?:{relative}))(?![\w])"
        rf"|(?P<bare>{bare})",
        FLAGS,
    )
