"""Trade figures: money amounts given for Belarus-Russia trade, exports or imports.

Each MONEY span is read in its sentence. It is a trade figure when a trade
word governs it (the nearest one before it in its clause, or "in trade" right
after it) and nothing marks it as a price, investment, project value, plan or
hope. The rest of the fact comes from the same sentence: the Russian side
(a region named there, Russia as a whole, else the article's main Russian
region), the period, the direction of the goods, the qualifier ("nearly",
"exceeded") and the change ("up 30%"). Cue words live in data/trade.json.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from articles.extraction import trade_periods
from articles.extraction.document import Document, Evidence, Span, TradeFact, lowered, step
from articles.extraction.trade_cues import TradeRules, compile_rules

MASK = "\u00a4"  # stands in for a money amount, so "US dollars" is not the USA
TAIL_WORDS = re.compile(r"(?:\W*[\w-]+){0,4}")
VALUE_WINDOW_WORDS = 8
LOOK_BACK = 2  # sentences before a figure that may still name its period or its Russian side
DASHES = ("-", "–", "—")
CUE_THEN_NAME = re.compile(r"\s+(?:of\s+)?")  # "trade of Minsk", "товарооборот Минска": the name is the trader
# Words before an amount in which an increment word makes it a change ("we have added over $25 billion").
INCREMENT_WINDOW_WORDS = 4
CUE_REACH_WORDS = 3  # words before a trade word that may name what it belongs to ("contract for the supply")
MAX_PARTNERS_NAMED = 3  # more Russian regions in one sentence are a list of places, not one trade partner
PARTNER_BEFORE = re.compile(r"(?<![\w-])(?:with|с|со)\s+(?:the\s+)?$")  # "trade with Omsk", "оборот с Омской …"
NEXT_AMOUNT_REACH = 30  # characters from a period to the amount it introduces ("…, in 2021 – $47,500")
# "trade with the Republic of Belarus", "оборот Самарской области с Республикой Беларусь": the partner named
PARTNER_NAMED = re.compile(r"(?<![\w-])(?:with|с|со)\s+(?:the\s+)?(?:republic\s+of\s+|республик\w*\s+)?$")
PARTNER_CUE_REACH = 60  # characters from a trade word to the "with" of its partner
DIRECTED = ("export", "import")


@dataclass(frozen=True)
class Side:
    start: int
    end: int
    country: str  # "BY" or "RU"
    region: str | None  # region code when the side is a REGION span


@dataclass(frozen=True)
class Context:
    """One amount in its sentence; offsets are relative to the sentence."""

    text: str  # the sentence with every amount masked
    low: str  # the same, lower-cased: cue words are matched on it
    start: int  # amount
    end: int
    clause: tuple[int, int]
    tail_end: int  # end of the few words after the amount that still belong to it
    sides: tuple[Side, ...]
    index: int  # the sentence's place in doc.sentences


@dataclass
class Draft:
    """A trade figure whose period may still come from what the article said before it."""

    fact: TradeFact
    mention: trade_periods.Mention | None  # the period its own sentence names
    index: int  # its sentence's place in doc.sentences


@step(requires=("spans:MONEY", "spans:REGION", "published", "year"), assigns=("trade_figures",))
def find_trade_figures(doc: Document) -> Document:
    rules = doc.resources.compile("trade.rules", compile_rules)
    art = Article(doc, rules)
    if not art.names_belarus:
        return doc  # "Bukhara region's trade with Russia": a page that never names Belarus holds no figure of its
    main_region = _main_russian_region(art)
    drafts: list[Draft] = []
    for money in art.moneys:
        draft = _read_figure(art, rules, money, main_region, drafts)
        if draft is not None:
            drafts.append(draft)
    drafts = _drop_undated_repeats(_drop_headline_repeats(art, drafts))
    drafts = _give_periods(art, drafts)
    doc.trade_figures.extend(_drop_repeats([d.fact for d in drafts]))
    return doc

class Article:
    """The document with what the trade step looks up again and again worked out once: the spans
    it reads, and each sentence's masked text and named periods."""

    def __init__(self, doc: Document, rules: TradeRules):
        self.doc, self.rules = doc, rules
        self.text, self.sentences, self.body_start = doc.text, doc.sentences, doc.body_start
        self.published, self.config = doc.published, doc.config
        # Sorted by start, so the spans of one stretch are found by bisection: a huge article with
        # thousands of amounts must not cost amounts x spans.
        self.regions = sorted((s for s in doc.spans if s.label == "REGION" and s.value[:2] in ("BY", "RU")),
                              key=lambda s: s.start)
        self.moneys = sorted((s for s in doc.spans if s.label == "MONEY"), key=lambda s: s.start)
        self.starts = [s.start for s in doc.sentences]
        self.region_starts = [s.start for s in self.regions]
        self._money_starts = [s.start for s in self.moneys]
        self.names_russia = bool(rules.russia.search(doc.lowered_text()))
        self.names_belarus = (any(s.value.startswith("BY") for s in self.regions)
                              or bool(rules.belarus.search(doc.lowered_text())))
        self._masked: dict[int, str] = {}
        self._periods: dict[int, list[trade_periods.Mention]] = {}
        self.viewpoints: dict[int, str | None] = {}  # a sentence's "trade with" side, worked out when asked

    @functools.cached_property
    def about_another_country(self) -> bool:
        """Whom the article is about when a figure's sentence names no partner: another country named more
        often than Russia ("Belarus and China …": its figures are not Belarus-Russia ones). Counted only when
        asked: most figures name their partner."""
        low = self.doc.lowered_text()
        return len(self.rules.other_partners.findall(low)) > len(self.rules.russia.findall(low))

    def regions_in(self, start: int, end: int) -> list[Span]:
        """REGION spans (Belarusian or Russian) that start in [start, end)."""
        lo, hi = bisect.bisect_left(self.region_starts, start), bisect.bisect_left(self.region_starts, end)
        return self.regions[lo:hi]

    def moneys_in(self, start: int, end: int) -> list[Span]:
        lo = max(0, bisect.bisect_left(self._money_starts, start) - 1)  # one may start before and reach in
        return self.moneys[lo : bisect.bisect_left(self._money_starts, end)]

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """As Document.evidence, with the sentence found by bisection on starts worked out once."""
        index = bisect.bisect_right(self.starts, start) - 1
        inside = index >= 0 and start < self.sentences[index].end
        return Evidence(self.sentences[index].text if inside else self.text[start:end], start, end, rule)

    def masked(self, index: int) -> str:
        """Sentence `index` with every money amount masked."""
        if index not in self._masked:
            sentence = self.sentences[index]
            chars = list(self.text[sentence.start : sentence.end])
            for money in self.moneys_in(sentence.start, sentence.end):
                for i in range(max(money.start, sentence.start), min(money.end, sentence.end)):
                    chars[i - sentence.start] = MASK
            self._masked[index] = "".join(chars)
        return self._masked[index]

    def periods(self, index: int) -> list[trade_periods.Mention]:
        """The periods sentence `index` names (bases of comparison left out)."""
        if index not in self._periods:
            self._periods[index] = trade_periods.periods(self.rules.periods, self.masked(index))
        return self._periods[index]


def _read_figure(
    art: Article, rules: TradeRules, money: Span, main_region: str | None, drafts: list[Draft]
) -> Draft | None:
    ctx = _context(art, rules, money)
    if ctx is None:
        return None
    cue = _governing_cue(rules, ctx)
    if cue is None:
        return _continued(art, rules, ctx, money, drafts) or _named_before(art, rules, ctx, money, main_region, drafts)
    if _not_trade(rules, ctx, cue):
        return None
    region = _russian_side(art, rules, ctx, main_region, drafts, own_flow=cue.lastgroup != "turnover")
    if region is None:
        return None
    fact = _fact(art, rules, ctx, money, f"trade.{cue.lastgroup}")
    fact.region, fact.by_region, fact.flow = region, _belarusian_region(art, rules, ctx), _flow(rules, ctx, cue, art)
    return Draft(fact, _own_period(art, ctx), ctx.index)


def _fact(art: Article, rules: TradeRules, ctx: Context, money: Span, rule: str) -> TradeFact:
    """The figure as its own words give it; who trades, the flow and the period are filled in after."""
    amount, currency = money.value
    return TradeFact(
        region="",
        by_region=None,
        period_start=None,
        period_end=None,
        amount=Decimal(amount),
        currency=currency,
        flow="turnover",
        qualifier=_qualifier(rules, ctx),
        change=_change(rules, ctx),
        evidence=art.evidence(money.start, money.end, rule),
    )


def _continued(art: Article, rules: TradeRules, ctx: Context, money: Span, drafts: list[Draft]) -> Draft | None:
    """'Trade reached $1 billion last year. In the first half it grew to $600 million': an amount with
    no trade word, whose subject is a pronoun or "the figure", goes on about the figure just before
    it, in the same sentence or the one before; a region its own sentence names is the new partner."""
    previous = drafts[-1] if drafts else None
    if previous is None or ctx.index - previous.index > 1 or _not_trade(rules, ctx, None):
        return None
    if not (_goes_on(art, rules, ctx) or _partitive(rules, ctx)):
        return None
    fact = _fact(art, rules, ctx, money, "trade.continued")
    regions = [s for s in ctx.sides if s.country == "RU" and s.region]
    fact.region = _nearest(regions, ctx).region if regions else previous.fact.region
    # "Almost 140 of them are our exports": a part may say which flow it is.
    own = next((m for m in rules.flows.finditer(ctx.low) if m.lastgroup != "none"), None)
    fact.by_region, fact.flow = previous.fact.by_region, _flow(rules, ctx, own, art) if own else previous.fact.flow
    return Draft(fact, _own_period(art, ctx), ctx.index)


def _goes_on(art: Article, rules: TradeRules, ctx: Context) -> bool:
    """The amount's subject is the figure spoken of before: a pronoun or "the figure" ("In May it grew
    to …"), or no subject at all (Russian: "В январе — июле составил 17,8 млрд долларов")."""
    if rules.anaphora.search(ctx.low, 0, ctx.start):
        return True
    before = list(ctx.low[: ctx.start])
    for mention in art.periods(ctx.index):
        if mention.end <= ctx.start:
            before[mention.start : mention.end] = " " * (mention.end - mention.start)
    return bool(rules.subjectless.fullmatch("".join(before)))


def _partitive(rules: TradeRules, ctx: Context) -> bool:
    """'Almost 140 of them are exports', 'из них почти 300 млн — экспорт': a part of the amount before."""
    return bool(rules.partitive_after.match(ctx.low, ctx.end) or rules.partitive_before.search(ctx.low, 0, ctx.start))


def _named_before(
    art: Article, rules: TradeRules, ctx: Context, money: Span, main_region: str | None, drafts: list[Draft]
) -> Draft | None:
    """'The mutual trade has been on the rise. It approached $570 million in 2013': an amount whose subject
    is a pronoun, after a sentence that names trade but gives no amount, is that trade."""
    if ctx.index == 0 or _not_trade(rules, ctx, None) or not _goes_on(art, rules, ctx):
        return None
    before = art.sentences[ctx.index - 1]
    if before.end <= art.body_start or any(before.start <= m.start for m in art.moneys_in(before.start, before.end)):
        return None
    cue = next((m for m in rules.flows.finditer(lowered(before.text)) if m.lastgroup != "none"), None)
    region = _russian_side(art, rules, ctx, main_region, drafts) if cue else None
    if region is None:
        return None
    fact = _fact(art, rules, ctx, money, "trade.named_before")
    fact.region, fact.by_region, fact.flow = region, _belarusian_region(art, rules, ctx), cue.lastgroup
    return Draft(fact, _own_period(art, ctx), ctx.index)


def _own_period(art: Article, ctx: Context) -> trade_periods.Mention | None:
    mentions = [m for m in art.periods(ctx.index) if not _introduces_next_amount(ctx, m)]
    return trade_periods.nearest(mentions, (ctx.start, ctx.end), ctx.clause)


def _introduces_next_amount(ctx: Context, mention: trade_periods.Mention) -> bool:
    """'In 2020 it amounted to $275,000, in January-November 2021 - $47,500': in a run of figures a
    period set off after an amount by a comma heads the amount that follows it, not the one before."""
    if mention.start < ctx.end or not re.search(r"[,;]", ctx.text[ctx.end : mention.start]):
        return False
    following = ctx.text.find(MASK, mention.end)
    return 0 <= following - mention.end <= NEXT_AMOUNT_REACH


def _reference(art: Article) -> date | None:
    return art.published or art.config.reference_date


# --- the period ----------------------------------------------------------------------------------


def _give_periods(art: Article, drafts: list[Draft]) -> list[Draft]:
    """Each figure's period: the one its sentence names, else the one the article was just
    speaking of ("in the same period", or no period at all in a run of figures). A figure for
    no period at all ("trade stands at $1 million today") is no realised trade and is dropped;
    one whose period is named but cannot be dated ("last year" in an undated text) stays."""
    reference, previous, kept = _reference(art), None, []
    figures = {d.index for d in drafts}
    for draft in drafts:
        if draft.mention is None and previous is None and _period_before(art, draft.index, figures) is None:
            continue
        start, end = _period_of(art, draft, reference, previous, figures)
        draft.fact.period_start, draft.fact.period_end = start, end
        kept.append(draft)
        if start is not None:
            previous = draft
    return kept


def _period_of(
    art: Article, draft: Draft, reference: date | None, previous: Draft | None, figures: set[int]
) -> tuple[date | None, date | None]:
    """`previous`: the last figure given a dated period. Without a period of its own a figure takes the
    latest period spoken of: that figure's, or one a sentence named since ("At the start of this year
    the trend continued. Trade grew 2.7 times, reaching $27.5 million")."""
    mention = draft.mention
    if mention is not None:
        if reference is None and previous is not None and mention.year is None and mention.year_offset == 0:
            reference = previous.fact.period_end  # "January-June" in an undated article: the year just spoken of
        return mention.resolve(reference, art.doc.year)
    before = _period_before(art, draft.index, figures)
    if previous is not None and (before is None or before[0] <= previous.index):
        return previous.fact.period_start, previous.fact.period_end
    return before[1].resolve(reference, art.doc.year) if before else (None, None)


def _period_before(art: Article, index: int, figures: set[int]) -> tuple[int, trade_periods.Mention] | None:
    """The period the sentences just before a figure named ("Trade hit a record in 2023. Exports ...").
    `figures`: the sentences that gave trade figures. A sentence whose amounts are none ("able to raise
    trade to $2.5 billion in 2025") named the period of its target or price, not of what follows."""
    for before in range(index - 1, max(-1, index - 1 - LOOK_BACK), -1):
        sentence = art.sentences[before]
        if sentence.end <= art.body_start:
            return None
        if art.periods(before):
            amounts = [m for m in art.moneys_in(sentence.start, sentence.end) if m.start >= sentence.start]
            return None if amounts and before not in figures else (before, art.periods(before)[-1])
    return None


# --- the amount in its sentence ------------------------------------------------------------------


def _context(art: Article, rules: TradeRules, money: Span) -> Context | None:
    index = bisect.bisect_right(art.starts, money.start) - 1
    sentence = art.sentences[index] if index >= 0 else None
    if sentence is None or money.start >= sentence.end:
        return None
    base = sentence.start
    text = art.masked(index)
    start, end = money.start - base, min(money.end, sentence.end) - base
    low = lowered(text)
    clause = _clause(rules, low, start, end)
    tail_end = min(clause[1], end + TAIL_WORDS.match(text, end).end() - end)
    return Context(text, low, start, end, clause, tail_end, _sides(art, rules, low, base), index)


def _clause(rules: TradeRules, text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in rules.clause_break.finditer(text, 0, start):
        left = m.end()
    m = rules.clause_break.search(text, end)
    return left, (m.start() if m else len(text))


def _sides(art: Article, rules: TradeRules, text: str, base: int) -> tuple[Side, ...]:
    sides = [Side(s.start - base, s.end - base, s.value[:2], s.value) for s in art.regions_in(base, base + len(text))]
    for pattern, country in ((rules.belarus, "BY"), (rules.russia, "RU")):
        sides += [Side(m.start(), m.end(), country, None) for m in pattern.finditer(text)]
    return tuple(sorted(sides, key=lambda s: s.start))


# --- is it a trade figure ------------------------------------------------------------------------


def _governing_cue(rules: TradeRules, ctx: Context) -> re.Match | None:
    """The trade word the amount belongs to: nearest before it in its clause, else
    right after it ("$1.5 billion in trade"), else nearest before it in the sentence."""
    cues = [m for m in rules.flows.finditer(ctx.low) if m.lastgroup != "none"]
    part = rules.partitive_before.search(ctx.low, 0, ctx.start)
    if part:
        return _cue_of_a_part(ctx, cues, part.start())
    before = [m for m in cues if m.end() <= ctx.start]
    # A dash before the amount often stands for a left-out verb ("экспорт – 250 млн долларов").
    in_clause = [m for m in before if m.start() >= _dash_joined_start(rules, ctx)]
    after = [m for m in cues if ctx.end <= m.start() and m.end() <= ctx.tail_end]
    if in_clause:
        return in_clause[-1]
    if after:
        return after[0]
    return before[-1] if before else None


def _cue_of_a_part(ctx: Context, cues: list[re.Match], part_start: int) -> re.Match | None:
    """'…400 млн долларов, из них 250 млн – белорусский экспорт': the part's own trade word, said
    after "of which" and before the next amount; else the whole's."""
    following = ctx.text.find(MASK, ctx.end)
    limit = following if following >= 0 else len(ctx.text)
    own = [m for m in cues if m.start() >= part_start and (m.end() <= ctx.start or ctx.end <= m.start() < limit)]
    whole = [m for m in cues if m.end() <= part_start]
    return own[0] if own else (whole[-1] if whole else None)


def _not_trade(rules: TradeRules, ctx: Context, cue: re.Match | None) -> bool:
    """A price, investment or project value, a plan or hope, a change rather than a level, or
    a region's (or Belarus's) foreign trade as a whole."""
    clause_before = ctx.low[ctx.clause[0] : ctx.start]
    tail = ctx.low[ctx.end : ctx.tail_end]
    return bool(
        _a_value(rules, ctx, cue, tail)
        or _a_goal_before(rules, clause_before)
        or _opens_with_a_goal(rules, ctx)
        or (rules.target_after.search(tail) and not rules.realised.search(clause_before))
        or (rules.delta_before.search(clause_before)
            and (rules.change_word.search(clause_before) or rules.change_word.match(tail.lstrip())))
        or rules.delta_after.match(tail)
        or rules.increment.search(" ".join(ctx.low[ctx.clause[0] : ctx.start].split()[-INCREMENT_WINDOW_WORDS:]))
        or _whole_foreign_trade(rules, ctx)
    )


def _a_goal_before(rules: TradeRules, clause_before: str) -> bool:
    """A plan or hope word before the amount, but one that a realised verb in a later comma-clause answers
    ("ранее стояла задача достигнуть миллиарда, в прошлом году эта цифра составила $1,28 млрд")."""
    goals = list(rules.target.finditer(clause_before))
    if not goals:
        return False
    comma = clause_before.find(",", goals[-1].end())
    return comma < 0 or rules.realised.search(clause_before, comma) is None


def _a_value(rules: TradeRules, ctx: Context, cue: re.Match | None, tail: str) -> bool:
    """A value word among the words before the amount (through a dash that stands for a left-out
    verb: "сальдо – 50 млн") or right after it, before a comma ("$400 million, with a surplus of …"
    names the surplus of the next amount, not this one)."""
    words_before = " ".join(ctx.low[_dash_joined_start(rules, ctx) : ctx.start].split()[-VALUE_WINDOW_WORDS:])
    return bool(
        rules.value.search(words_before)
        or _cue_of_a_value(rules, ctx, cue)
        or rules.value.search(tail.split(",")[0])
    )


def _whole_foreign_trade(rules: TradeRules, ctx: Context) -> bool:
    """"Omsk Oblast's foreign trade turnover reached $5 billion", "Внешнеторговый оборот Беларуси …":
    one side's trade with the world. Foreign trade is with Belarus only where the text says so
    (Belarus named before the amount, "between", or "with"/"с" the Russian side)."""
    before = ctx.low[: ctx.start]
    if not rules.own_foreign_trade.search(before) or rules.bilateral.search(before):
        return False
    if any(s.country == "BY" and s.start < ctx.start for s in ctx.sides):
        return False
    return not any(s.country == "RU" and PARTNER_BEFORE.search(before, 0, s.start) for s in ctx.sides)


def _opens_with_a_goal(rules: TradeRules, ctx: Context) -> bool:
    """'To reach a billion dollars in trade …', 'Довести товарооборот до …': an infinitive that opens a
    sentence (capitalised, after nothing but a stamp or a quote mark) is a goal. A headline in title
    case ("Trade Rose 20% To Reach $1 Billion") capitalises every word and is left alone."""
    m = rules.target_opening.search(ctx.text, 0, ctx.start)
    if m is None or not ctx.text[m.start()].isupper() or re.search(r"[^\W\d_]\W*$", ctx.text[: m.start()]):
        return False
    second = ctx.text[m.start() :].split()[1:2]
    return not (second and second[0][:1].isupper())


def _cue_of_a_value(rules: TradeRules, ctx: Context, cue: re.Match | None) -> bool:
    """'a contract for the supply of 50 buses worth ...', 'контракт на поставку': the trade word
    belongs to a contract or project, however many words then stand before the amount."""
    if cue is None or not ctx.clause[0] <= cue.start() < ctx.start:
        return False
    words_before_cue = ctx.low[ctx.clause[0] : cue.start()].split()[-CUE_REACH_WORDS:]
    return bool(rules.value.search(" ".join(words_before_cue)))


# --- who trades with whom ------------------------------------------------------------------------


def _main_russian_region(art: Article) -> str | None:
    """The Russian region the article names most often (the first named, on a tie), if it is what the
    article is about: named more than once. A region named once is a venue or an aside ("talks in
    Moscow"), and a figure of an article about Belarus and Russia is not that region's."""
    counts = Counter(s.value for s in art.regions if s.value.startswith("RU-"))
    if not counts:
        return None
    main = max(counts, key=counts.__getitem__)  # Counter keeps first-seen order
    return main if counts[main] > 1 else None


def _russian_side(
    art: Article, rules: TradeRules, ctx: Context, main_region: str | None, drafts: list[Draft], own_flow: bool = False
) -> str | None:
    """`own_flow`: the amount is exports or imports, not the trade of two sides."""
    names_belarus = any(s.country == "BY" for s in ctx.sides)
    if not names_belarus and rules.other_partners.search(ctx.low):
        return None  # "Товарооборот Омской области с КНР": the region's trade with another country
    regions = [s for s in ctx.sides if s.country == "RU" and s.region]
    if regions:
        return _nearest(regions, ctx).region
    if rules.district_anaphora.search(ctx.low):
        district = _district_before(art, art.sentences[ctx.index].start + ctx.start)
        if district:
            return district
    if rules.russia_whole.search(ctx.low):
        return "RU"
    names_russia = any(s.country == "RU" for s in ctx.sides)
    if not names_russia and rules.other_partners.search(ctx.low):
        return None  # Belarus' trade with China is no Belarus-Russia figure
    recent = drafts[-1].fact.region if drafts and ctx.index - drafts[-1].index <= LOOK_BACK else None
    found = recent or _side_before(art, rules, ctx.index)
    if found or (own_flow and not names_russia and any(s.country == "BY" for s in ctx.sides)):
        # "из Беларуси было экспортировано … на 3,5 млрд": Belarus's exports with no partner named
        # near them are its exports to the world, not to Russia, unless the article is about one region.
        return found or main_region
    return _fallback_side(art, rules, names_russia, main_region)


def _district_before(art: Article, offset: int) -> str | None:
    """'trade with the regions of the district': the federal district the article last named."""
    for i in range(bisect.bisect_left(art.region_starts, offset) - 1, -1, -1):
        if art.regions[i].value.startswith("RU-FD-"):
            return art.regions[i].value
    return None


def _side_before(art: Article, rules: TradeRules, index: int) -> str | None:
    """A figure whose sentence names no Russian side trades with the one the sentences just before
    it named ("Governor of Omsk Oblast met ... . Trade grew to $50 million"), the first named in
    a sentence being its subject."""
    for sentence in reversed(art.sentences[max(0, index - LOOK_BACK) : index]):
        if sentence.end <= art.body_start:
            return None
        regions = [s.value for s in art.regions_in(sentence.start, sentence.end)]
        russian = [code for code in regions if code.startswith("RU")]
        if len(set(russian)) > MAX_PARTNERS_NAMED:
            continue  # "supplies go to Siberia, the Urals, Altai, Primorye …": a list names no one partner
        if russian:
            return russian[0]
        if rules.russia_whole.search(lowered(sentence.text)):
            return "RU"
    return None


def _fallback_side(art: Article, rules: TradeRules, names_russia: bool, main_region: str | None) -> str | None:
    if main_region:
        return main_region
    if names_russia or (art.names_russia and not art.about_another_country):
        return "RU"
    return None


def _belarusian_region(art: Article, rules: TradeRules, ctx: Context) -> str | None:
    """The Belarusian oblast named in the amount's own clause ("the trade of Mogilev Oblast with ...",
    "экспорт гомельских предприятий"), or earlier in the sentence when the clause says "its exports"."""
    oblasts = [s for s in ctx.sides if s.country == "BY" and s.region and s.region != "BY-HM"]
    oblasts += [s for s in ctx.sides if s.region == "BY-HM" and _the_city(rules, ctx, s)]
    oblasts += [Side(m.start(), m.end(), "BY", rules.oblast_codes[m.lastgroup])
                for m in rules.oblast_adjectives.finditer(ctx.low)]
    oblasts.sort(key=lambda s: s.start)
    clause_start = _dash_joined_start(rules, ctx)
    in_clause = [s for s in oblasts if clause_start <= s.start < ctx.clause[1]]
    if in_clause:
        return _nearest(in_clause, ctx).region
    if not rules.possessive_anaphora.search(ctx.low, ctx.clause[0], ctx.start):
        return None
    earlier = [s for s in oblasts if s.start < clause_start]
    return earlier[-1].region if earlier else _oblast_before(art, ctx.index)


def _oblast_before(art: Article, index: int) -> str | None:
    """'its turnover with Tula Oblast': the oblast the sentence before spoke of."""
    if index < 1:
        return None
    sentence = art.sentences[index - 1]
    oblasts = [s.value for s in art.regions_in(sentence.start, sentence.end) if s.value[:3] == "BY-"]
    oblasts = [code for code in oblasts if code != "BY-HM"]
    return oblasts[-1] if oblasts else None


def _dash_joined_start(rules: TradeRules, ctx: Context) -> int:
    """Where the amount's clause starts, counting clauses joined to it by a dash, which in Russian
    often stands for a left-out verb ("доля Брестской области невелика – около 70 млн")."""
    breaks = list(rules.clause_break.finditer(ctx.low, 0, ctx.start))
    start = ctx.clause[0]
    while breaks and breaks[-1].end() == start and breaks[-1].group().strip() in DASHES:
        breaks.pop()
        start = breaks[-1].end() if breaks else 0
    return start


def _the_city(rules: TradeRules, ctx: Context, side: Side) -> bool:
    # "Minsk" alone usually stands for the Belarusian government, not the city's own trade;
    # "Minsk City", "the city of Minsk", "города Минска", "товарооборот Минска" name the city as a partner.
    if len(ctx.low[side.start : side.end].split()) > 1:
        return True
    if rules.city_before.search(ctx.low, max(0, side.start - 20), side.start):
        return True
    cues = rules.flows.finditer(ctx.low, 0, side.start)
    return any(CUE_THEN_NAME.fullmatch(ctx.low, m.end(), side.start) for m in cues)


def _nearest(sides: list[Side], ctx: Context) -> Side:
    """The side closest before the amount, else the first after it."""
    before = [s for s in sides if s.start < ctx.start]
    return before[-1] if before else sides[0]


def _flow(rules: TradeRules, ctx: Context, cue: re.Match, art: Article | None = None) -> str:
    kind = cue.lastgroup
    if kind == "turnover":
        return kind
    origin = _goods_origin(rules, ctx, cue)
    if origin is None:
        # "Russian export fell to $6.7 bln, while import lost 2.5%": an export or import word with no
        # trader and no direction of its own is seen from the side the text speaks from.
        viewpoint = _viewpoint(art, rules, ctx, cue) if art is not None else None
        if viewpoint != "RU":
            return kind
        origin = "RU" if kind == "export" else "BY"
    return "export" if origin == "BY" else "import"


def _viewpoint(art: Article, rules: TradeRules, ctx: Context, cue: re.Match) -> str | None:
    """'BY' or 'RU': whose exports and imports the text is speaking of where a flow word names no trader.
    First the flow said just before in the same sentence, if it names its trader ("Russian export …, while
    import …", "экспорт Самарской области – …, импорт – …"); else the nearest "trade with" said so far: the
    trade of one side "with"/"с" the other ("товарооборот Самарской области с Республикой Беларусь", "Omsk
    Oblast's trade with Belarus") is seen from the first."""
    earlier = [m for m in rules.flows.finditer(ctx.low, 0, cue.start()) if m.lastgroup in DIRECTED]
    origin = _goods_origin(rules, ctx, earlier[-1]) if earlier else None
    if origin is not None:
        return origin if earlier[-1].lastgroup == "export" else _other(origin)
    found = _partner_viewpoint(rules, ctx.low[: cue.start()], ctx.sides)
    if found:
        return found
    for index in range(ctx.index - 1, -1, -1):
        sentence = art.sentences[index]
        if sentence.end <= art.body_start:
            break
        if index not in art.viewpoints:
            low = lowered(art.masked(index))
            art.viewpoints[index] = _partner_viewpoint(rules, low, _sides(art, rules, low, sentence.start))
        if art.viewpoints[index]:
            return art.viewpoints[index]
    return None


def _partner_viewpoint(rules: TradeRules, low: str, sides: tuple[Side, ...]) -> str | None:
    """The side whose trade "with" the other the text names last: 'RU' for "trade … with Belarus"."""
    for side in reversed([s for s in sides if s.end <= len(low)]):
        partner = PARTNER_NAMED.search(low, max(0, side.start - 30), side.start)
        if partner is None:
            continue
        cues = [m for m in rules.flows.finditer(low, max(0, partner.start() - PARTNER_CUE_REACH), partner.start())]
        if cues and cues[-1].lastgroup != "none":
            return _other(side.country)
    return None


def _goods_origin(rules: TradeRules, ctx: Context, cue: re.Match) -> str | None:
    """'BY' or 'RU': where the goods named by an export or import word come from."""
    importing = cue.lastgroup == "import"
    after = [s for s in ctx.sides if cue.end() <= s.start <= cue.end() + 60]
    for side in after:
        gap = ctx.low[cue.end() : side.start]
        if rules.to_gap.fullmatch(gap):
            return _other(side.country)
        if rules.from_gap.fullmatch(gap):
            return side.country
    actor = _actor(rules, ctx, cue, after)
    if actor is None:
        return None
    return _other(actor) if importing else actor


def _actor(rules: TradeRules, ctx: Context, cue: re.Match, after: list[Side]) -> str | None:
    """Who exports or imports: "Belarus' exports", "Belarus imports", "exports of Belarus"."""
    if after and rules.of_gap.fullmatch(ctx.low[cue.end() : after[0].start]):
        return after[0].country
    before = [s for s in ctx.sides if s.end <= cue.start()]
    if before and rules.possessive_gap.fullmatch(ctx.low[before[-1].end : cue.start()]):
        return before[-1].country
    return None


def _other(country: str) -> str:
    return "RU" if country == "BY" else "BY"


# --- how the amount is given ---------------------------------------------------------------------


def _qualifier(rules: TradeRules, ctx: Context) -> str:
    before = ctx.low[max(ctx.clause[0], ctx.start - 60) : ctx.start]
    matches = list(rules.qualifiers.finditer(before))
    if matches and rules.qualifier_gap.fullmatch(before[matches[-1].end() :]):
        return matches[-1].lastgroup
    after = rules.qualifiers_after.match(ctx.low, ctx.end)
    return after.lastgroup if after else "exact"


def _change(rules: TradeRules, ctx: Context) -> dict[str, Any] | None:
    """Growth the sentence gives, read first in the amount's clause."""
    clause = _find_change(rules, ctx.low, *ctx.clause)
    return clause or _find_change(rules, ctx.low, 0, len(ctx.low))


def _find_change(rules: TradeRules, text: str, lo: int, hi: int) -> dict[str, Any] | None:
    for reader in (_multiple, _times, _percent):
        found = reader(rules, text, lo, hi)
        if found is not None:
            factor, end = found
            return {"factor": factor, "versus": _versus(rules, text, end, hi)}
    return None


def _multiple(rules: TradeRules, text: str, lo: int, hi: int) -> tuple[float, int] | None:
    m = rules.multiples.search(text, lo, hi)
    return (rules.multiple_value(m.group()), m.end()) if m else None


def _times(rules: TradeRules, text: str, lo: int, hi: int) -> tuple[float, int] | None:
    for m in rules.times.finditer(text, lo, hi):
        direction = _direction_of_change(rules, text, m, lo)
        if direction:
            factor = rules.number_value(m.group("num"))
            return (round(factor if direction > 0 else 1 / factor, 3), m.end())
    return None


def _percent(rules: TradeRules, text: str, lo: int, hi: int) -> tuple[float, int] | None:
    for m in rules.percent.finditer(text, lo, hi):
        share = float(m.group("num").replace(",", ".")) / 100
        direction = _direction_of_change(rules, text, m, lo)
        if direction:
            return (round(1 + direction * share, 4), m.end())
        if share >= 1 and rules.level_after.match(text, m.end()):
            return (round(share, 4), m.end())  # "130% of the 2010 level"
    return None


def _direction_of_change(rules: TradeRules, text: str, m: re.Match, lo: int) -> int:
    """+1 for growth ("grew by", "up", "higher"), -1 for decline, 0 when none is said."""
    before = rules.change_before.search(text[max(lo, m.start() - 40) : m.start()])
    if before:
        return 1 if before.lastgroup == "rise" else -1
    after = rules.change_after.match(text, m.end())
    if after:
        return 1 if after.lastgroup == "rise" else -1
    return 0


def _versus(rules: TradeRules, text: str, start: int, hi: int) -> str | None:
    m = rules.versus.search(text, start, min(hi, start + 60))
    if m is None:
        return None
    return m.group("year") or " ".join((m.group("rel") or m.group("bare")).split())


# --- one fact per figure -------------------------------------------------------------------------


def _drop_headline_repeats(art: Article, drafts: list[Draft]) -> list[Draft]:
    """A headline's figure ("Trade almost $25 bln in H1") is given again, in full, in the body."""
    in_body = {(d.fact.amount, d.fact.currency) for d in drafts if d.fact.evidence.start >= art.body_start}
    return [
        d for d in drafts
        if d.fact.evidence.start >= art.body_start or (d.fact.amount, d.fact.currency) not in in_body
    ]


def _drop_undated_repeats(drafts: list[Draft]) -> list[Draft]:
    """An article often repeats a figure ("the $1.5 billion in trade") without its period: keep
    the mention that names the period, before undated figures take the period of the one before."""
    dated = {(d.fact.region, d.fact.amount, d.fact.currency) for d in drafts if d.mention}
    return [d for d in drafts if d.mention or (d.fact.region, d.fact.amount, d.fact.currency) not in dated]


def _drop_repeats(facts: list[TradeFact]) -> list[TradeFact]:
    seen, kept = set(), []
    for f in facts:
        key = (f.region, f.by_region, f.amount, f.currency, f.flow, f.period_start, f.period_end)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept
