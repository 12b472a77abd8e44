"""Find the meetings, visits, forums, exhibitions and signed agreements an article reports.

Each trigger phrase (`meeting_kinds.json`) in a sentence is a mention; mentions
that are planned or wished for ("arrange visits", "invited him to visit") or are
commercial negotiations are dropped. Mentions of one event ("met with" in the
lead, "the current visit" later) are merged, so each event is reported once with
the people and regions of its sentences. Its date is the day its sentences give,
a day counted from the published date ("tomorrow", "on Friday"), none for an
announced event without a day, or else the published day: news reports the
day's events.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from articles.extraction.document import Document, MeetingFact, Sentence, Span, step
from articles.extraction.resources import Resources

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[,;:()]")
LETTER_RE = re.compile(r"[^\W\d_]")
# A year standing alone: not one end of a span ("roadmap for 2019-2021") nor the term of a plan ("for 2025").
YEAR_RE = re.compile(r"(?<![\d\-–—])(?<!(?i:for) )(?<!(?i:на|до) )(?:19|20)\d\d(?!\d|\s?[-–—]\s?\d)")
# A day-month date further than this from the published day belongs to the neighbouring year.
HALF_YEAR_DAYS = 183
# A month or a year dates an event only this close to its trigger ("the forum in June"); farther it is a figure's.
NEAR_CHARS = 40
CLAUSE_BREAKS = ",;:()–—"
OCCASION_REACH = 60  # characters before a forum where "during", "в связи с открытием" may stand
EARLIER_REACH = 25  # characters before a trigger where "previous", "прошлой" may stand


@dataclass(frozen=True)
class Trigger:
    kind: str
    pattern: re.Pattern
    commercial: re.Pattern
    language: str
    anaphoric: bool = False
    # The keywords its pattern spells out: a sentence with none of them at a word start cannot hold it.
    keywords: frozenset[str] = frozenset()
    # Which mentions may be one event with it: its kind's group unless the trigger names its own
    # (a working group's session is an occasion of its own, not the visit it falls in).
    group: str = ""
    # "Lukashenko and Gusev discussed …" reports their meeting; "the sides discussed" or "experts discussed"
    # does not: such a trigger needs two people named in its sentence.
    two_people: bool = False


@dataclass(frozen=True)
class MeetingRules:
    keyword_start: re.Pattern  # a keyword at the start of a word (a run of letters); the longest one wins
    keyword_prefixes: dict[str, frozenset[str]]  # keyword -> the keywords it begins with (itself included)
    keywords: tuple[str, ...]  # every keyword, longest first
    triggers: list[Trigger]
    groups: dict[str, str]
    cues: frozenset[str]
    cue_prefixes: tuple[str, ...]
    infinitive: frozenset[str]
    window: int
    lead_sentences: int
    future: dict[str, re.Pattern]
    elsewhen: dict[str, re.Pattern]
    background: dict[str, re.Pattern]
    relative: dict[str, tuple[re.Pattern, dict[str, int]]]
    vague: dict[str, re.Pattern]
    programme: dict[str, re.Pattern]
    topic: dict[str, re.Pattern]
    topic_venue: dict[str, re.Pattern]
    frame: dict[str, re.Pattern]
    occasion: dict[str, re.Pattern]
    earlier_occasion: dict[str, re.Pattern]
    venue_cities: frozenset[str]
    venue_before: dict[str, re.Pattern]
    regional_heads: dict[str, re.Pattern]
    region_reference: dict[str, re.Pattern]
    russian_leaders: frozenset[str]
    belarusian_leaders: frozenset[str]
    belarus_named: dict[str, re.Pattern]


@dataclass
class Mention:
    kind: str
    start: int
    end: int
    sentence: Sentence
    participants: list[str]
    regions: list[str]
    when: tuple[date, str] | None
    anaphoric: bool = False
    future: bool = False
    # The date is the article's news day, taken for want of one in the sentence: it yields to any other.
    assumed: bool = False
    group: str = ""
    # Its sentence names its day, if one that cannot be resolved ("today" in an undated article): an announced
    # event only placed in a month or a year ("in October", "this year") is still a plan.
    day_named: bool = False
    # Its sentence places it in a span of days ("this week"): no day of its own, and no news day either.
    vague: bool = False
    # It is an item of a visit's programme ("the programme of the visit includes a session …").
    programme: bool = False


@dataclass
class Event:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def lead(self) -> Mention:
        return self.mentions[0]

    @property
    def participants(self) -> list[str]:
        return list(dict.fromkeys(p for m in self.mentions for p in m.participants))

    @property
    def own(self) -> list[Mention]:
        """Its mentions less the programme items it took in (they date and announce nothing of it)."""
        return [m for m in self.mentions if not m.programme] or self.mentions

    @property
    def when(self) -> tuple[date, str] | None:
        """The first date of its own mentions (see `own`), found without building the list: an event may hold
        thousands of mentions, and this is asked for every mention merged."""
        programme_date, has_own = None, False
        for m in self.mentions:
            if not m.programme:
                if m.when:
                    return m.when
                has_own = True
            elif m.when and programme_date is None:
                programme_date = m.when
        return None if has_own else programme_date


def build_rules(resources: Resources) -> MeetingRules:
    table = resources.table("meeting_kinds")
    stems = sorted((k for ks in table["keywords"].values() for k in ks), key=len, reverse=True)
    triggers = [
        Trigger(t["kind"], re.compile(t["pattern"], re.IGNORECASE), re.compile(table["commercial_topic"][lang]), lang,
                t.get("anaphoric", False), frozenset(k for k in stems if k in t["pattern"].lower()),
                t.get("group") or table["groups"][t["kind"]], t.get("two_people", False))
        for lang, items in table["triggers"].items()
        for t in items
    ]
    cues = table["hypothetical_cues"]
    return MeetingRules(
        keyword_start=re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, stems)) + ")"),
        keyword_prefixes={k: frozenset(p for p in stems if k.startswith(p)) for k in stems},
        keywords=tuple(stems),
        triggers=triggers,
        groups=table["groups"],
        cues=frozenset(cues["en"]),
        cue_prefixes=tuple(cues["ru"]),
        infinitive=frozenset(w for ws in table["infinitive_markers"].values() for w in ws),
        window=table["cue_window"],
        lead_sentences=table["lead_sentences"],
        future={lang: re.compile(p, re.IGNORECASE) for lang, p in table["future"].items()},
        elsewhen={lang: re.compile(p, re.IGNORECASE) for lang, p in table["elsewhen"].items()},
        background={lang: re.compile(p, re.IGNORECASE) for lang, p in table["background"].items()},
        relative={lang: relative_pattern(table["relative_days"][lang], table["weekdays"][lang])
                  for lang in table["relative_days"]},
        vague=by_language(table["vague"]),
        programme=by_language(table["programme"]),
        topic=by_language(table["topic"]),
        topic_venue=by_language(table["topic_venue"]),
        frame=by_language(table["frame"]),
        occasion=by_language(table["occasion"]),
        earlier_occasion=by_language(table["earlier_occasion"]),
        venue_cities=frozenset(table["venue_cities"]),
        venue_before=by_language(table["venue_before"]),
        regional_heads=by_language(table["regional_heads"]),
        region_reference=by_language(table["region_reference"]),
        russian_leaders=frozenset(table["national_leaders"]["russia"]),
        belarusian_leaders=frozenset(table["national_leaders"]["belarus"]),
        belarus_named={lang: re.compile(p) for lang, p in table["belarus_named"].items()},
    )


def by_language(patterns: dict[str, str]) -> dict[str, re.Pattern]:
    return {lang: re.compile(p, re.IGNORECASE) for lang, p in patterns.items()}


def for_language(doc: Document, patterns: dict[str, re.Pattern]) -> re.Pattern:
    """The article's language's pattern (English for an unknown language)."""
    return patterns.get(doc.language or "en", patterns["en"])


def relative_pattern(days: dict[str, int], weekdays: dict[str, int]) -> tuple[re.Pattern, dict[str, int]]:
    """One pattern for "tomorrow"-like words (offsets) and weekday names (stored as "weekday" + 10)."""
    offsets = {**days, **{name: 10 + number for name, number in weekdays.items()}}
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(offsets, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])", re.IGNORECASE), offsets


# --- one mention --------------------------------------------------------------------------------


def words_before(sentence: Sentence, offset: int) -> list[str]:
    """Lower-cased words of the clause before `offset` (a comma or parenthesis ends the clause)."""
    words = [m.group().lower() for m in WORD_RE.finditer(sentence.text, 0, offset - sentence.start)]
    for k in range(len(words) - 1, -1, -1):
        if words[k] in ",;:()":
            return words[k + 1 :]
    return words


def hypothetical(sentence: Sentence, match: re.Match, rules: MeetingRules) -> bool:
    before = words_before(sentence, match.start())
    if before and before[-1] in rules.infinitive:
        return True
    window = before[-rules.window :]
    return any(w in rules.cues or w.startswith(rules.cue_prefixes) for w in window)


def is_commercial(doc: Document, match: re.Match, trigger: Trigger) -> bool:
    return bool(trigger.commercial.match(doc.text, match.end()))


class SpanIndex:
    """The spans of one document by label, sorted by start: a sentence's spans are found by bisection, not by
    reading every span of the article for every trigger (quadratic on a long text with many triggers)."""

    def __init__(self, spans: list[Span]):
        self.spans, self.count = spans, len(spans)  # the very list, held: its identity keys the index
        self.by_label: dict[str, tuple[list[int], list[Span]]] = {}
        for span in sorted(spans, key=lambda s: s.start):
            starts, found = self.by_label.setdefault(span.label, ([], []))
            starts.append(span.start)
            found.append(span)

    def fits(self, spans: list[Span]) -> bool:
        return spans is self.spans and len(spans) == self.count

    def within(self, label: str, start: int, end: int) -> list[Span]:
        starts, found = self.by_label.get(label, ([], []))
        first = bisect.bisect_left(starts, start)
        return [s for s in found[first : bisect.bisect_left(starts, end, first)] if s.end <= end]


_span_index: list[SpanIndex] = []  # the last document's (another document's, or more spans, rebuild it)


def spans_in(doc: Document, label: str, sentence: Sentence) -> list[Span]:
    index = _span_index[0] if _span_index else None
    if index is None or not index.fits(doc.spans):
        index = SpanIndex(doc.spans)
        _span_index[:] = [index]
    return index.within(label, sentence.start, sentence.end)


def resolve(value, published: date | None, year_of_article: int | None = None) -> tuple[date, str] | None:
    """A DATE span's value as a full date and its precision, borrowing the year from `published`
    (or, with no published day, from the article's year where the text fixes it)."""
    if isinstance(value, date):
        return value, "day"
    year, month, day = value
    if month is None:
        return (date(year, 1, 1), "year") if year else None
    precision = "day" if day else "month"
    if year:
        return date(year, month, day or 1), precision
    if published is None:
        if year_of_article is None or (month, day) == (2, 29):  # no year, or one it may not fit
            return None
        return date(year_of_article, month, day or 1), precision
    guess = date(published.year, month, day or 1)
    if (guess - published).days > HALF_YEAR_DAYS:
        guess = guess.replace(year=published.year - 1)
    elif (published - guess).days > HALF_YEAR_DAYS:
        guess = guess.replace(year=published.year + 1)
    return guess, precision


def first_day(doc: Document, span: Span, value):
    """"1–3 November" is dated by its first day: the DATE span holds only "3 November"."""
    before = re.search(r"(\d{1,2})\s*[-–—]\s*$", doc.text[max(0, span.start - 6) : span.start])
    if before and not isinstance(value, date) and value[2] and 0 < int(before.group(1)) < value[2]:
        return (value[0], value[1], int(before.group(1)))
    return value


def sentence_date(doc: Document, sentence: Sentence, trigger_at: int, others: list[int]) -> tuple[date, str] | None:
    """The date with a day nearest the trigger; a month or a year only when it stands close to it ("in 2019").

    A date after another trigger that follows this one is that event's ("talks held at the forum on 4-6
    September"); a date opening the sentence is every trigger's ("On 29 October he will visit X and sign...").
    """
    dates = sorted(spans_in(doc, "DATE", sentence), key=lambda s: abs(s.start - trigger_at))
    for span in dates:
        if any(trigger_at < o < span.start for o in others):
            continue
        value = first_day(doc, span, span.value)
        if isinstance(value, date) or value[2] is not None or abs(span.start - trigger_at) < NEAR_CHARS:
            return resolve(value, doc.published, doc.year)
    return None


def clause_around(sentence: Sentence, start: int, end: int) -> str:
    """The trigger's clause: from the separator before it to the one after it."""
    text, a, b = sentence.text, start - sentence.start, end - sentence.start
    left = max(text.rfind(c, 0, a) for c in CLAUSE_BREAKS) + 1
    rights = [i for i in (text.find(c, b) for c in CLAUSE_BREAKS) if i >= 0]
    return text[left : min(rights, default=len(text))]


def relative_word(doc: Document, sentence: Sentence, match: re.Match, rules: MeetingRules) -> int | None:
    """The offset of the "tomorrow"-like word or weekday nearest the trigger, if its sentence has one."""
    pattern, offsets = rules.relative.get(doc.language or "en", rules.relative["en"])
    found = sorted(pattern.finditer(sentence.text), key=lambda m: abs(sentence.start + m.start() - match.start()))
    return offsets[re.sub(r"\s+", " ", found[0].group().lower())] if found else None


def relative_day(doc: Document, sentence: Sentence, match: re.Match, rules: MeetingRules, future: bool):
    """"Tomorrow", "the next day", "on Friday": a day counted from the published one."""
    offset = relative_word(doc, sentence, match, rules)
    if offset is None or doc.published is None:
        return None
    if offset < 10:
        return doc.published + timedelta(days=offset), "day"
    shift = (offset - 10 - doc.published.weekday()) % 7
    if future:
        return doc.published + timedelta(days=shift or 7), "day"
    return doc.published - timedelta(days=(7 - shift) % 7), "day"


def is_future(doc: Document, sentence: Sentence, match: re.Match, rules: MeetingRules) -> bool:
    language = doc.language if doc.language in rules.future else "en"
    return bool(rules.future[language].search(clause_around(sentence, match.start(), match.end())))


def mention_date(doc: Document, sentence: Sentence, match: re.Match, rules: MeetingRules, others: list[int],
                 future: bool):
    """The sentence's date or a relative day; none for an announced, earlier (in its clause) or vaguely placed
    event ("this week"); else "assumed"."""
    when = sentence_date(doc, sentence, match.start(), others) or relative_day(doc, sentence, match, rules, future)
    clause = clause_around(sentence, match.start(), match.end())
    if when or future or for_language(doc, rules.elsewhen).search(clause) or is_vague(doc, sentence, rules):
        return when, False
    if spans_in_near(doc, sentence, match.start()):
        return None, False  # a month or a year dates it, without its day
    return None, True


def spans_in_near(doc: Document, sentence: Sentence, trigger_at: int) -> bool:
    return any(abs(s.start - trigger_at) < NEAR_CHARS for s in spans_in(doc, "DATE", sentence))


def has_day(doc: Document, sentence: Sentence) -> bool:
    return any(isinstance(s.value, date) or s.value[2] for s in spans_in(doc, "DATE", sentence))


def is_vague(doc: Document, sentence: Sentence, rules: MeetingRules) -> bool:
    return bool(for_language(doc, rules.vague).search(sentence.text))


def is_topic(doc: Document, sentence: Sentence, match: re.Match, trigger: Trigger, rules: MeetingRules) -> bool:
    """A forum or a show named after "discussed" is what the talks were about ("they discussed the work of the
    Forum"), not an event the article reports; "will be discussed at the forum" names where, and it counts."""
    if trigger.kind not in ("forum", "exhibition"):
        return False
    verb = for_language(doc, rules.topic).search(doc.text, sentence.start, match.start())
    return bool(verb) and not for_language(doc, rules.topic_venue).search(doc.text, verb.end(), match.start())


def mention_at(doc: Document, match: re.Match, trigger: Trigger, rules: MeetingRules,
               others: list[int]) -> Mention | None:
    sentence = doc.sentence_at(match.start())
    if sentence is None or is_commercial(doc, match, trigger):
        return None
    if hypothetical(sentence, match, rules) and not has_day(doc, sentence):
        return None
    if for_language(doc, rules.background).search(sentence.text):
        return None  # "As reported, the forum was held …": history the article recalls, not its news
    if is_topic(doc, sentence, match, trigger, rules):
        return None
    if recalled_year(doc, sentence, match):
        return None  # "the first agreement was signed in 1998": history the article recalls
    if earlier_occasion(doc, sentence, match, rules):
        return None  # "в ходе прошлой встречи", "at their previous meeting": an earlier event the text recalls
    if trigger.two_people and len({s.value for s in spans_in(doc, "PERSON", sentence)}) < 2:
        return None
    people = [s.value for s in sorted(spans_in(doc, "PERSON", sentence), key=lambda s: s.start)]
    regions = [s.value for s in sorted(spans_in(doc, "REGION", sentence), key=lambda s: s.start)]
    future = is_future(doc, sentence, match, rules)
    when, assumed = mention_date(doc, sentence, match, rules, others, future)
    day_named = has_day(doc, sentence) or relative_word(doc, sentence, match, rules) is not None
    return Mention(trigger.kind, match.start(), match.end(), sentence, list(dict.fromkeys(people)),
                   list(dict.fromkeys(regions)), when, trigger.anaphoric, future, assumed, trigger.group,
                   day_named, is_vague(doc, sentence, rules))


def recalled_year(doc: Document, sentence: Sentence, match: re.Match) -> bool:
    """A sentence that names no day but a year (not a plan's term) before the article's own, or, where the text
    does not fix the article's year, any year next to the event: news dates its event by a day or "today"."""
    if has_day(doc, sentence):
        return False
    if doc.year is not None:  # a year before the article's, anywhere in the sentence ("since the last meeting in 2022")
        years = [int(y.group()) for y in YEAR_RE.finditer(doc.text, sentence.start, sentence.end)]
        return bool(years) and all(year < doc.year for year in years)
    lo, hi = max(sentence.start, match.start() - NEAR_CHARS), min(sentence.end, match.end() + NEAR_CHARS)
    return YEAR_RE.search(doc.text, lo, hi) is not None


def earlier_occasion(doc: Document, sentence: Sentence, match: re.Match, rules: MeetingRules) -> bool:
    """An adjective that places the event before the one reported ("the previous meeting", "прошлой встречи")."""
    lo = max(sentence.start, match.start() - EARLIER_REACH)
    return bool(for_language(doc, rules.earlier_occasion).search(doc.text[lo : match.end()]))


def keywords_in(sentence: Sentence, rules: MeetingRules) -> frozenset[str]:
    """The keywords that begin some word of the sentence: only triggers spelling one of them out can match there
    (the patterns are many and slow; most sentences hold no keyword at all)."""
    found = set(rules.keyword_start.findall(sentence.text.lower()))
    # A word found under its longest keyword ("meeting") begins with the shorter ones too ("meet").
    return frozenset().union(*(rules.keyword_prefixes[k] for k in found))


def keywords_by_sentence(
    doc: Document, rules: MeetingRules, wanted: frozenset[str] | None = None
) -> list[frozenset[str]]:
    """`keywords_in` of every sentence (only those of them in `wanted`, if given), found on the whole text.

    A keyword begins a word where it stands with no letter before it; every keyword that
    begins a word is a prefix of the longest one there, so the set is the same as the one
    `keywords_in` builds. `str.find` of each keyword is much cheaper than a regular
    expression tried at every position, and keywords (runs of letters) never reach across
    the spaces and line breaks that separate sentences.
    """
    keywords = [k for k in rules.keywords if wanted is None or k in wanted]
    low = doc.lower_text()
    if not sentences_apart(doc, low) or not all(k.isalpha() for k in keywords):
        return [keywords_in(s, rules).intersection(keywords) for s in doc.sentences]
    starts = [s.start for s in doc.sentences]
    present: list[set[str]] = [set() for _ in doc.sentences]
    for keyword in keywords:
        at = low.find(keyword)
        while at >= 0:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and at < doc.sentences[i].end and not (at and LETTER_RE.match(low, at - 1)):
                present[i].add(keyword)
            at = low.find(keyword, at + 1)
    return [frozenset(p) for p in present]


def keywords_of(triggers: list[Trigger]) -> frozenset[str] | None:
    """The keywords that decide whether any of `triggers` is tried on a sentence (None: all of them)."""
    if not all(t.keywords for t in triggers):
        return None  # a trigger without keywords is tried wherever any keyword is present
    return frozenset().union(*(t.keywords for t in triggers))


def sentences_apart(doc: Document, low: str) -> bool:
    """Whether the sentences are stretches of the text, in order, with a space, a line break or an end
    of the text on either side (as the segment step makes them), and lower-casing kept every offset:
    then `low` sliced at a sentence is that sentence lower-cased."""
    text, previous_end = doc.text, 0
    if len(low) != len(text):
        return False
    for s in doc.sentences:
        if s.start < previous_end or s.end - s.start != len(s.text) or not text.startswith(s.text, s.start):
            return False  # not text[s.start : s.end] (compared without copying the slice)
        if (s.start and not text[s.start - 1].isspace()) or (s.end < len(text) and not text[s.end].isspace()):
            return False
        previous_end = s.end
    return True


def find_mentions(doc: Document, rules: MeetingRules) -> list[Mention]:
    mentions = []
    # Triggers of the article's language only; both when it is unknown (a mixed or unlabelled text).
    triggers = [t for t in rules.triggers if doc.language in (None, t.language)] or rules.triggers
    # Other keywords (of the other language's triggers) would pick no trigger: they are not looked for.
    present_by_sentence = keywords_by_sentence(doc, rules, keywords_of(triggers))
    for sentence, present in zip(doc.sentences, present_by_sentence, strict=True):
        if not present:
            continue
        found = without_bare_overlaps([(t, m) for t in triggers if not t.keywords or t.keywords & present
                                       for m in t.pattern.finditer(doc.text, sentence.start, sentence.end)])
        for trigger, match in found:
            # Overlapping matches ("hold talks", "talks with") are one mention, not another event.
            others = [m.start() for _, m in found if m.start() >= match.end() or m.end() <= match.start()]
            mention = mention_at(doc, match, trigger, rules, others)
            if mention:
                mentions.append(mention)
    mentions = sorted(mentions, key=lambda m: m.start)
    mentions = without_frames(doc, without_trip_programme(mentions), rules)
    return date_assumed(doc, mark_programme(doc, mentions, rules), rules)


def without_frames(doc: Document, mentions: list[Mention], rules: MeetingRules) -> list[Mention]:
    """A forum named as the frame of talks in the same sentence ("В рамках форума X провел встречу с Y",
    "on the sidelines of the forum he met …") is where the reported meeting took place, not a second event."""
    frame, occasion = for_language(doc, rules.frame), for_language(doc, rules.occasion)

    def framed(m: Mention) -> bool:
        if m.kind not in ("forum", "exhibition", "other"):
            return False
        talks = [o for o in mentions if o.sentence is m.sentence and o.group == "meeting" and o is not m]
        if m.kind != "other" and frame.search(doc.text, m.sentence.start, m.start):
            if any(o.start > m.end for o in talks):
                return True
        # "…said at the meeting with Y during the Forum of Regions", "… in connection with the opening of the Days
        # of St Petersburg": the event right after such words is the occasion of the talks its sentence reports.
        before = doc.text[max(m.sentence.start, m.start - OCCASION_REACH) : m.start]
        return bool(talks) and bool(occasion.search(before))

    return [m for m in mentions if not framed(m)]


def mark_programme(doc: Document, mentions: list[Mention], rules: MeetingRules) -> list[Mention]:
    """Talks, sessions and shows a sentence lists as a visit's programme ("the programme of the visit includes
    …", "в программе визита — …") belong to the visit (or the event the article reports), not events apart."""
    programme = for_language(doc, rules.programme)
    for m in mentions:
        m.programme = m.kind != "visit" and bool(programme.search(m.sentence.text))
    return mentions


def without_bare_overlaps(found: list[tuple[Trigger, re.Match]]) -> list[tuple[Trigger, re.Match]]:
    """A bare noun inside a phrase that refers back ("заседания" in "в ходе заседания") is that phrase's word,
    not a new event of its own."""
    def covered(trigger: Trigger, match: re.Match) -> bool:
        return not trigger.anaphoric and any(
            t.anaphoric and t.group == trigger.group and m.start() <= match.start() and match.end() <= m.end()
            for t, m in found)

    return [(t, m) for t, m in found if not covered(t, m)]


def without_trip_programme(mentions: list[Mention]) -> list[Mention]:
    """Talks announced in a sentence that announces a trip ("will travel to X, where he will hold talks") are
    the trip's programme, not an event of their own."""
    trips = {m.sentence.start for m in mentions if m.kind == "visit" and m.future and not m.anaphoric}
    return [m for m in mentions if not (m.kind == "meeting" and m.future and m.sentence.start in trips)]


def date_assumed(doc: Document, mentions: list[Mention], rules: MeetingRules) -> list[Mention]:
    """Undated reported events took place on the news day: the day the lead's event is dated, else the published."""
    lead = lead_starts(doc, rules)
    dated = next((m.when for m in mentions if m.sentence.start in lead and m.when and m.when[1] == "day"
                  and not recalled_day(doc, m.when[0])), None)
    news_day = dated or ((doc.published, "day") if doc.published else None)
    if not dated and any(m.vague for m in mentions if m.sentence.start in lead):
        news_day = None  # the lead places its event in "this week": the article's day is not the event's
    for m in mentions:
        if m.assumed:
            m.when = news_day
    return mentions


def lead_starts(doc: Document, rules: MeetingRules) -> set[int]:
    body = [s for s in doc.sentences if s.end > doc.body_start]
    return {s.start for s in body[: rules.lead_sentences]} | {s.start for s in doc.sentences if s.end <= doc.body_start}


# --- events ---------------------------------------------------------------------------------------


def same_event(event: Event, mention: Mention, rules: MeetingRules) -> bool:
    """Same kind group and date; shared people (or none named on one side) unless the mention refers back.

    A mention that refers back ("during the talks") may lack the date its event has, and joins an event that
    took in one of its kind as a programme item; an undated announced event is not the dated one of the same kind.
    """
    if mention.group == "session" and any(m.group == "meeting" and m.sentence is mention.sentence
                                          for m in event.mentions):
        return True  # "met X, who came for the session of …": the session is the occasion of the reported talks
    if event.lead.group != mention.group and not (
            mention.anaphoric and any(m.group == mention.group for m in event.mentions)):
        return False
    when, other = event.when, mention.when
    if mention.anaphoric and mention.kind == "visit" and any(m.kind == "visit" for m in event.mentions):
        return True  # a visit lasts days: "tomorrow the visit will continue" is the same visit
    if mention.anaphoric:
        return not (when and other and when[0] != other[0])
    if announced_with_and_without_day(event, mention):
        return shares_a_side(event, mention)
    if mention.assumed or all(m.assumed for m in event.mentions):
        return bool(when) == bool(other)
    if (when[0] if when else None) != (other[0] if other else None):
        return False
    people = event.participants
    return not people or not mention.participants or bool(set(people) & set(mention.participants))


def announced_with_and_without_day(event: Event, mention: Mention) -> bool:
    """Both announced, one with its day: "X will visit Y" in the headline, "on 13 September X will visit Y"."""
    return mention.future and all(m.future for m in event.mentions) and bool(event.when) != bool(mention.when)


def shares_a_side(event: Event, mention: Mention) -> bool:
    regions = {r for m in event.mentions for r in m.regions}
    return bool(set(event.participants) & set(mention.participants) or regions & set(mention.regions))


def merge(mentions: list[Mention], rules: MeetingRules) -> list[Event]:
    """A mention joins the latest event it may belong to, else opens one; an item of a programme joins the
    latest event whatever its kind, or is dropped when the article reports none before it."""
    events: list[Event] = []
    for mention in mentions:
        if mention.programme:
            if events:
                events[-1].mentions.append(mention)
            continue
        target = next((e for e in reversed(events) if same_event(e, mention, rules)), None)
        if target is None:
            events.append(Event([mention]))
        else:
            target.mentions.append(mention)
    return events


def most_mentioned_region(doc: Document, russian: bool = False) -> list[str]:
    counts = Counter(s.value for s in doc.spans_of("REGION") if not russian or s.value.startswith("RU"))
    return [counts.most_common(1)[0][0]] if counts else []


def event_date(event: Event) -> tuple[date | None, str | None]:
    """The event's day; a month or a year is no day, and the contract wants null for it."""
    when = event.when
    return when if when and when[1] == "day" else (None, None)


def event_regions(doc: Document, event: Event, rules: MeetingRules) -> list[str]:
    """The regions of the event's sentences, less a capital that is only where it took place; the article's
    region for talks with "the head of the region"; the most named one for an event whose sentences name none."""
    named = list(dict.fromkeys(r for m in event.mentions for r in m.regions))
    regions = [r for r in named if not venue_only(doc, event, r, rules)]
    if regions and not any(r.startswith("RU") for r in regions) and refers_to_the_region(doc, event, rules):
        regions += most_mentioned_region(doc, russian=True)
    return regions if named else most_mentioned_region(doc)


def roles_of(doc: Document) -> dict[str, tuple[str | None, str | None]]:
    return {p.name: (p.role, p.region) for p in doc.people}


def venue_only(doc: Document, event: Event, region: str, rules: MeetingRules) -> bool:
    """Moscow or St Petersburg named only as where national figures met ("talks in Moscow", "a working trip to
    Moscow") is the venue, not a side: the city is a side when one of the event's people holds its office."""
    if region not in rules.venue_cities or event.lead.group not in ("meeting", "session"):
        return False
    if any(roles_of(doc).get(name, (None, None))[1] == region for name in event.participants):
        return False
    before = for_language(doc, rules.venue_before)
    spans = [s for m in event.mentions for s in spans_in(doc, "REGION", m.sentence) if s.value == region]
    return all(before.search(doc.text, max(0, s.start - 12), s.start) for s in spans)


def refers_to_the_region(doc: Document, event: Event, rules: MeetingRules) -> bool:
    """A participant the article calls "the head of the region" or "the governor" without saying of which region,
    or a sentence of the event that speaks of "that Russian region": the region is the one the article is about."""
    heads, roles = for_language(doc, rules.regional_heads), roles_of(doc)
    reference = for_language(doc, rules.region_reference)
    return any((role := roles.get(name, (None, None)))[1] is None and role[0] and heads.search(role[0])
               for name in event.participants) or any(reference.search(m.sentence.text) for m in event.own)


def is_undated_plan(event: Event) -> bool:
    """"Plans without a date are left out" (the contract): every mention announces it and none names its day."""
    return all(m.future for m in event.own) and not any(m.day_named or m.when for m in event.own)


def to_fact(doc: Document, event: Event, rules: MeetingRules) -> MeetingFact:
    regions = event_regions(doc, event, rules)
    when, precision = event_date(event)
    lead = event.lead
    return MeetingFact(
        date=when,
        kind=lead.kind,
        participants=event.participants,
        regions=regions,
        evidence=doc.evidence(lead.start, lead.end, f"meetings.{lead.kind}"),
        date_precision=precision,
    )


@step(requires=("spans:PERSON", "spans:REGION", "spans:DATE", "published", "year", "people"), assigns=("meetings",))
def find_meetings(doc: Document) -> Document:
    rules = doc.resources.compile("meetings.rules", build_rules)
    lead = lead_starts(doc, rules)
    if not names_belarus(doc, rules):
        return doc
    events = [e for e in merge(find_mentions(doc, rules), rules)
              if is_named(e, lead) and not is_undated_plan(e) and not leaders_only(e, rules)
              and not long_before(doc, e)]
    doc.meetings.extend(to_fact(doc, e, rules) for e in events)
    return doc


def names_belarus(doc: Document, rules: MeetingRules) -> bool:
    """Whether the text names Belarus or one of its oblasts at all: a Russian region's talks with China are not
    the two sides'."""
    return (any(s.value.startswith("BY") for s in doc.spans_of("REGION"))
            or any(p.search(doc.text) for p in rules.belarus_named.values()))


def leaders_only(event: Event, rules: MeetingRules) -> bool:
    """Talks of the presidents or prime ministers alone ("Putin and Lukashenko discussed Kaliningrad") are the
    countries', whatever region they speak of."""
    surnames = {name.split()[-1].casefold() for name in event.participants}
    national = rules.russian_leaders | rules.belarusian_leaders
    return bool(surnames) and surnames <= national and bool(surnames & rules.russian_leaders)


def long_before(doc: Document, event: Event) -> bool:
    """An event dated more than half a year before the article ("the agreement of 7 September 2005"): history."""
    when = event_date(event)[0]
    return bool(when and recalled_day(doc, when))


def recalled_day(doc: Document, day: date) -> bool:
    return bool(doc.published and (doc.published - day).days > HALF_YEAR_DAYS)


def is_named(event: Event, lead: set[int]) -> bool:
    """Whether an event's own sentences say who meets or where, or it is the lead's news. "The delegation will
    also visit a cancer centre" or "an exhibition of goods" deep in the text is the programme of the article's
    event, not another one; the region it would be given is only the article's most named."""
    return bool(event.participants or any(m.regions for m in event.mentions)
                or any(m.sentence.start in lead for m in event.mentions))


@step(requires=("meetings",), assigns=("meetings",))
def keep_regional_meetings(doc: Document) -> Document:
    """belregions records the ties of Belarus with Russia's regions: a meeting none of whose sides is a
    Russian region or district (Belarus and China; the two presidents as heads of state) is not one of them."""
    doc.meetings = [m for m in doc.meetings if any(r.startswith("RU") for r in m.regions)]
    return doc
