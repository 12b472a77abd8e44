"""What was agreed: the outcomes an article reports as reached (docs/agreements.md).

A sentence is read by its structure, not by the wording of known articles:

- a document outcome is a verb of signing, concluding or approving in a past, perfect, passive or
  participle form, or the act's noun ("signed", "подписано", "подписанное", "the signing of"), with a
  document noun near it, whose group gives the kind (agreement, memorandum, roadmap, contract; a generic
  "document" takes the kind the article named last); a second noun joined to the first ("а также План
  мероприятий", ", and a protocol") is a second outcome, read from its own part of the sentence;
- a decision is a phrase of agreeing, deciding or instructing ("agreed to", "договорились", "поручил")
  followed by concrete content ("to open", "о поставках"); one that points back ("The agreement was
  reached") reads its content in the sentence before.

Dropped: a plan, wish or forecast (a cue just before the verb in its clause, "will be signed",
"планируется подписать"; for the act's noun also just after it, "подписание ожидается"), a draft, a
negation; a recalled outcome ("back in", "ранее", an earlier year than the article's, a stock of
documents "42 agreements" with no tie to the reported event); a quoted document with no such tie;
outcomes with other countries (the sentence names one and no Russian region; the article never names
both Belarus and Russia); listed headlines of other stories; repeats of one outcome. The headline
counts where it names a kind the body does not.

Regions are the parties named in the outcome's part of the sentence (not the venue, "in Minsk"), with
those of a next sentence naming the signatories; a part naming none takes the reported meeting's, or
none for a count over the two countries ("over 70 agreements at the Forum of Regions"). Sums and sectors
come from the same part. Words live in data/agreements.json.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from articles.extraction import clean, meetings, sectors, trade_cues
from articles.extraction.document import AgreementFact, Document, MeetingFact, Sentence, Span, lowered, step
from articles.extraction.money import phrase_alternation
from articles.extraction.resources import Resources
from articles.extraction.trade_cues import bounded, kinds_pattern, words

DOCUMENT_KINDS = ("ignore", "roadmap", "memorandum", "contract", "agreement", "generic")  # the order nouns are tried in
QUOTES = "\"“«„'"
DEFINITE_REACH = 12  # "the", "данное" right before the noun
DRAFT_REACH = 14  # "draft", "проект" right before the noun
CONTENT_REACH = 160  # how far after a decision phrase its content may stand
CUE_LISTS = ("signed", "nominal", "headline_signed", "commercial", "decided", "instructions", "concrete", "vague",
             "plans", "plans_nominal", "background", "tie", "totals", "recall_paragraph", "oblast_body")
FEDERAL_DISTRICT = "RU-FD-"
CAPITAL_CITY = "BY-HM"  # Minsk as the venue of a meeting it reports, not a party
CLAUSE_BREAK = re.compile(r"[.;:!?«»“”\"()]|\s[-–—]\s")
COUNT_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:with|с|со)\s+(?:over\s+|more\s+than\s+|более\s+(?:чем\s+)?)?\d+\s")
PARTICIPLE = re.compile(r"\w+нн(?:ое|ый|ая|ые|ого|ой|ых|ым|ому|ую|ыми)$")
PARTICIPLE_REACH = 30  # "подписанное соглашение", "соглашение, подписанное": the noun right beside it
EVENT_WORDS = re.compile(r"(?<!\w)(?:visit|forum|посетил|посетила|посетили|визит|форум)\w*")
LOCATIVE = re.compile(r"(?:е|и|ах|ях)(?:\s+\w+)?$")  # "Москве", "Курской области"
PLURAL = re.compile(r"(?:s|ы|и|ов|ей|ям|ам|ами|ями|ах|ях)$")
COUNT_BEFORE = re.compile(r"(?<![\w.,$])(?!(?:19|20)\d\d\b)\d[\d\s]*\+?\s+(?:[\w-]+\s+){0,2}$")
LINE_END = re.compile(r"[.!?…][\"'”’»)]*\s*$")
BETWEEN = re.compile(r"(?:\bbetween|\bмежду)\s+(.{3,160}?)\s+(?:and|и)\s+(.{3,120}?)"
                     r"(?=\s+(?:on|for|about|о|об|по|на)\s|[,.;(]|$)")
DESCRIBES = re.compile(r"\W*(?:(?:the|this)\s+)?(?:document|agreement|plan|roadmap|memorandum|protocol|it|they)\b"
                       r"|\W*(?:документ|соглашение|план|меморандум|протокол|он|оно|она)(?!\w)"
                       r"|.*(?:подписи под документ|signed by)", re.IGNORECASE)


@dataclass(frozen=True)
class AgreementRules:
    signed: re.Pattern
    nominal: re.Pattern
    headline_signed: re.Pattern
    documents: re.Pattern  # the matched group's name is the kind
    commercial: re.Pattern
    draft: re.Pattern
    decided: re.Pattern
    instructions: re.Pattern
    anaphoric: re.Pattern
    concrete: re.Pattern
    vague: re.Pattern
    plans: re.Pattern
    plans_nominal: re.Pattern
    background: re.Pattern
    tie: re.Pattern
    totals: re.Pattern
    recall_paragraph: re.Pattern
    oblast_body: re.Pattern
    signatories: re.Pattern
    definite: re.Pattern
    demonstrative: re.Pattern
    venue: re.Pattern
    also: re.Pattern
    reach: int
    plan_window: int


@dataclass(frozen=True)
class Outcome:
    kind: str
    start: int  # offsets in the sentence: where its own part of the sentence starts and ends
    end: int
    verb: int  # where its verb or phrase starts
    rule: str
    noun: int = -1  # where its document noun starts
    anaphoric: bool = False  # "the agreement" after one: a repeat
    refers_back: bool = False  # "this agreement", "эти соглашения": never a new outcome
    count: bool = False  # "42 agreements": a count of documents
    plural: bool = False  # "agreements", "соглашения"
    shared: tuple[int, int] | None = None  # a joined document's head part: its parties where its own names none
    points_back: bool = False  # "The agreement was reached": its content and sides are the sentence before's
    content: str = ""  # a decision's content: the words after its phrase (and the sentence before, if it points back)


def compile_rules(resources: Resources) -> AgreementRules:
    table = resources.table("agreements")
    documents = table["documents"]
    return AgreementRules(
        documents=kinds_pattern({kind: words(documents[kind]) for kind in DOCUMENT_KINDS}),
        **{name: trade_cues.cue_pattern(table[name]) for name in CUE_LISTS},
        draft=re.compile(rf"{bounded(words(table['draft']))}\s+(?:[\w-]+\s+)?$"),
        anaphoric=trade_cues.cue_pattern(table["anaphoric"]),
        signatories=re.compile(rf"\W*{bounded(words(table['signatories']))}"),
        definite=before_noun(table["definite"]),
        demonstrative=before_noun(table["demonstrative"]),
        venue=re.compile(rf"{bounded(words(table['venue']))}\s+$"),
        also=re.compile(rf"(?:(?<![\w-])(?:{phrase_alternation(words(table['also']))})|,)\s*(?:[\w-]+\s+){{0,2}}$"),
        reach=table["reach"],
        plan_window=table["plan_window"],
    )


def before_noun(entry: dict[str, list[str]]) -> re.Pattern:
    """The entry's words right before a noun, one adjective between ('the new agreement'); not an indefinite
    article, which makes 'that' a conjunction ('said that an agreement was signed')."""
    phrases = words(entry)
    return re.compile(rf"{bounded(phrases)}\s+(?:(?!an?\s)[\w-]+\s+)?$") if phrases else re.compile("(?!)")


@step(requires=("meetings", "spans:REGION", "spans:MONEY", "spans:SECTOR", "body_start", "year"),
      assigns=("agreements",))
def find_agreements(doc: Document) -> Document:
    rules = doc.resources.compile("agreements.rules", compile_rules)
    if not doc.meetings and not names_both_sides(doc):
        return doc  # Belarus with Ukraine or Uzbekistan, or two Russian regions: no tie with Russia's regions
    context = Context(doc, rules)
    for i, sentence in enumerate(doc.sentences):
        if sentence.end <= doc.body_start or is_listed_headline(doc, sentence):
            continue  # the page's furniture, the headline (read below) and other stories' headlines
        after = doc.sentences[i + 1] if i + 1 < len(doc.sentences) else None
        before = doc.sentences[i - 1] if i > 0 else None
        for outcome in context.outcomes_in(sentence, before):
            fact = to_fact(doc, sentence, outcome, signed_by(doc, outcome, after, rules),
                           described_in(doc, outcome, after), before if outcome.points_back else None)
            if not outcome.refers_back and not repeats(doc.agreements, fact, outcome, context.contents):
                doc.agreements.append(fact)
                context.contents[id(fact)] = outcome.content
    headline_outcomes(doc, context)
    return doc


class Context:
    """One article's reading: its rules, its reference year and the kind of the document it named last."""

    def __init__(self, doc: Document, rules: AgreementRules):
        self.doc, self.rules = doc, rules
        self.reference = reference_year(doc)
        self.seen: list[str] = []  # the sentences read so far, lowered: a later "the document" points back to them
        self.contents: dict[int, str] = {}  # each decision's content, by its fact's id

    def outcomes_in(self, sentence: Sentence, before: Sentence | None, headline: bool = False) -> list[Outcome]:
        doc, rules = self.doc, self.rules
        low = lowered(sentence.text)
        signed = rules.headline_signed if headline else None
        if not (rules.signed.search(low) or rules.decided.search(low) or (signed and signed.search(low))):
            self.remember(low)
            return []  # most sentences: one cheap test
        if (self.recalled(sentence, low) or self.after_past_event(sentence, low)
                or self.in_recalled_paragraph(sentence, low)):
            self.remember(low)
            return []
        found = self.documents_signed(low, headline)
        found += self.decisions(low, before, found)
        found = [o for o in found if not other_countries(doc, sentence, low, o)]
        if not rules.tie.search(low):  # a quoted document with no tie to the event is recalled
            found = [o for o in found if o.kind == "decision" or not in_quotes(doc, sentence, o.verb)]
        if any(o.count for o in found) and not rules.tie.search(low):
            found = [o for o in found if not o.count]  # "42 agreements have been concluded": a stock
        self.remember(low)
        return found

    def after_past_event(self, sentence: Sentence, low: str) -> bool:
        """A sentence in a paragraph that told of an event of an earlier year ('В конце 2024 года делегация
        посетила …. По итогам визита заключен ряд контрактов'): the same recalled event, unless it says today."""
        if self.reference is None or re.search(r"(?<!\w)(?:today|сегодня)", low):
            return False
        text = self.doc.text
        paragraph = text.rfind("\n", 0, sentence.start) + 1
        for m in meetings.YEAR_RE.finditer(text, paragraph, sentence.start):
            if int(m.group()) < self.reference:
                head = self.doc.sentence_at(m.start())
                if head is not None and EVENT_WORDS.search(lowered(head.text)):
                    return True
        return False

    def in_recalled_paragraph(self, sentence: Sentence, low: str) -> bool:
        """A sentence in a paragraph whose first sentence opens a recalled story ('As SOYUZ has already reported, at the
        beginning of spring the Food Forum was held … Contracts were signed'), unless it says today."""
        text = self.doc.text
        paragraph = text.rfind("\n", 0, sentence.start) + 1
        if paragraph >= sentence.start or re.search(r"(?<!\w)(?:today|сегодня)", low):
            return False
        head = self.doc.sentence_at(paragraph)
        return head is not None and head.start < sentence.start and bool(
            self.rules.recall_paragraph.search(lowered(head.text)))

    def remember(self, low: str) -> None:
        self.seen.append(low)

    @property
    def last_kind(self) -> str:
        """The kind of the document named last before this sentence, read back only when asked (most articles never
        ask, and matching every sentence against the document nouns was this step's largest cost)."""
        for low in reversed(self.seen):
            kinds = [m.lastgroup for m in self.rules.documents.finditer(low)
                     if m.lastgroup not in ("ignore", "generic")]
            if kinds:
                return kinds[-1]
        return "agreement"

    def named_kinds(self, upto: int) -> set[str]:
        """The kinds of the document nouns the body names in a sentence with no signing verb ('The parties have
        identified a number of mutually beneficial contracts'): the body tells that story, and not as reached."""
        return {m.lastgroup for low in self.seen[:upto] if not self.rules.signed.search(low)
                for m in self.rules.documents.finditer(low) if m.lastgroup not in ("ignore", "generic")}

    def recalled(self, sentence: Sentence, low: str) -> bool:
        if self.rules.background.search(low):
            return True
        years = [int(m.group()) for m in meetings.YEAR_RE.finditer(sentence.text)]
        return self.reference is not None and any(year < self.reference for year in years)

    def documents_signed(self, low: str, headline: bool) -> list[Outcome]:
        """Each signing verb with its nearest document noun, and the documents joined to it."""
        rules = self.rules
        nouns = [n for n in rules.documents.finditer(low) if n.lastgroup != "ignore"]
        verbs = list(rules.signed.finditer(low))
        if headline:
            verbs += list(rules.headline_signed.finditer(low))
        found: list[Outcome] = []
        taken: set[int] = set()
        for verb in sorted(verbs, key=lambda m: m.start()):
            near = [n for n in nouns if distance(n, verb) <= rules.reach and n.start() not in taken
                    and not crosses_clause(low, n, verb)]
            if not near or self.planned(low, verb):
                continue
            head = min(near, key=lambda n: distance(n, verb))
            if PARTICIPLE.fullmatch(verb.group()) and distance(head, verb) > PARTICIPLE_REACH:
                continue  # "согласно подписанной резолюции": the participle belongs to another noun
            joined = self.joined_to(low, head, nouns)
            taken.update(n.start() for n in [head, *joined])
            starts = [0] + [n.start() for n in joined]
            ends = starts[1:] + [len(low)]
            for noun, start, end in zip([head, *joined], starts, ends, strict=True):
                if self.is_draft(low, noun) or (noun is not head and (rules.plans.search(low, start, noun.start())
                                                                      or noun.lastgroup == head.lastgroup)):
                    continue  # "9 договоров и соглашений": one outcome
                outcome = self.document(low, noun, (start, end, verb.start()))
                if noun is not head:
                    outcome = replace(outcome, shared=(0, ends[0]))
                found.append(outcome)
        return found

    def joined_to(self, low: str, head: re.Match, nouns: list[re.Match]) -> list[re.Match]:
        """The nouns after the head that a joiner puts right before ('а также План', ', план мероприятий')."""
        return [noun for noun in nouns if noun.start() > head.start()
                and self.rules.also.search(low, max(0, noun.start() - 40), noun.start())
                and not re.search(r"[.;!?]", low[head.end():noun.start()])]

    def planned(self, low: str, verb: re.Match) -> bool:
        """A plan, wish or forecast: its cue stands just before the verb in its clause ('will be signed',
        'планируется подписание'); for the act's noun also just after it ('подписание ожидается')."""
        rules = self.rules
        window = clause_before(low, verb.start(), rules.plan_window)
        if rules.plans.search(blanked(rules, window)) or re.search(r"(?<!\w)to\s+$", window):
            return True
        if rules.nominal.fullmatch(verb.group()):
            after = clause_after(low, verb.end(), rules.plan_window + 40)
            return bool(rules.plans_nominal.search(window) or rules.plans_nominal.search(after))
        return False

    def is_draft(self, low: str, noun: re.Match) -> bool:
        return bool(self.rules.draft.search(low, max(0, noun.start() - DRAFT_REACH), noun.start()))

    def document(self, low: str, noun: re.Match, where: tuple[int, int, int]) -> Outcome:
        """where: the outcome's part of the sentence (start, end) and its verb's offset."""
        rules = self.rules
        start, end, verb = where
        kind = noun.lastgroup if noun.lastgroup != "generic" else self.generic_kind()
        clause_end = clause_end_at(low, noun.end(), end)
        if kind != "contract" and rules.commercial.search(low, noun.end(), min(clause_end, noun.end() + rules.reach)):
            kind = "contract"  # "agreements for the supply of dump trucks": a deal between companies
        before = max(0, noun.start() - DEFINITE_REACH), noun.start()
        return Outcome(kind, start, end, verb, f"agreements.signed.{noun.lastgroup}", noun=noun.start(),
                       anaphoric=bool(rules.definite.search(low, *before)) or noun.lastgroup == "generic"
                       or bool(PARTICIPLE.fullmatch(low[verb:].split(maxsplit=1)[0])),
                       refers_back=bool(rules.demonstrative.search(low, *before)),
                       count=bool(COUNT_BEFORE.search(low, max(0, noun.start() - 40), noun.start())
                                  or COUNT_AFTER.match(low, noun.end())),
                       plural=bool(PLURAL.search(noun.group())))

    def generic_kind(self) -> str:
        """'The document': the kind of the outcome found last, else of the document named last."""
        return self.doc.agreements[-1].kind if self.doc.agreements else self.last_kind

    def decisions(self, low: str, before: Sentence | None, documents: list[Outcome]) -> list[Outcome]:
        """Each decision or instruction with concrete content; one pointing back reads the sentence before."""
        rules = self.rules
        found = []
        for m in rules.decided.finditer(low):
            if any(o.verb == m.start() for o in documents) or self.planned(low, m):
                continue  # "agreed on a roadmap": the document is the outcome
            content = low[m.end(): m.end() + CONTENT_REACH]
            points_back = bool(rules.anaphoric.search(low, max(0, m.start() - 30), m.end() + 10)) and before is not None
            if points_back:
                content = lowered(before.text) + " " + content
            if rules.vague.search(content) and not rules.concrete.search(content):
                continue
            if rules.instructions.fullmatch(m.group()) and not rules.vague.search(content[:60]):
                found.append(Outcome("decision", 0, len(low), m.start(), "agreements.instructed",
                                     points_back=points_back, content=content))
            elif rules.concrete.search(content):
                found.append(Outcome("decision", 0, len(low), m.start(), "agreements.decided",
                                     points_back=points_back, content=content))
        return found[:1]  # one decision phrase a sentence


def names_both_sides(doc: Document) -> bool:
    """Whether the article names Belarus (or its regions) and Russia (or its regions)."""
    trade = doc.resources.compile("trade.rules", trade_cues.compile_rules)
    low = doc.lowered_text()
    codes = {s.value[:3] for s in doc.spans_of("REGION")}
    return bool("BY-" in codes or trade.belarus.search(low)) and bool("RU-" in codes or trade.russia.search(low))


def reference_year(doc: Document) -> int | None:
    """The article's year, else the latest year it names: an earlier year in a sentence is history."""
    if doc.year or doc.published:
        return doc.year or doc.published.year
    years = [int(m.group()) for m in meetings.YEAR_RE.finditer(doc.text)]
    return max(years) if years else None


def is_listed_headline(doc: Document, sentence: Sentence) -> bool:
    """A line in the body with no sentence end that reads like a headline: another story listed on the page
    ('Belarus, Russia's Tula Oblast sign action plan'); the text cut at its end is not one."""
    text = doc.text
    whole_line = (sentence.start == 0 or text[sentence.start - 1] == "\n") and (
        sentence.end >= len(text) or text[sentence.end:sentence.end + 1] == "\n")
    if not whole_line or LINE_END.search(sentence.text) or sentence.end >= len(text.rstrip()):
        return False
    return clean.is_headline_like(sentence.text.strip(), clean.boilerplate_rules(doc.resources))


def headline_outcomes(doc: Document, context: Context) -> None:
    """The headline's outcomes of a kind the body names none of (a body that says it again is the evidence)."""
    if not doc.title:
        return
    start = doc.text.find(doc.title)
    sentence = doc.sentence_at(start) if start >= 0 else None
    if sentence is None or sentence.end > doc.body_start:
        return
    kinds = {a.kind for a in doc.agreements}
    body = len(context.seen)  # the sentences read before the headline: the body
    for outcome in context.outcomes_in(sentence, None, headline=True):
        if outcome.kind not in kinds and not outcome.refers_back and not outcome.count \
                and outcome.kind not in context.named_kinds(body):
            doc.agreements.append(to_fact(doc, sentence, outcome))
            kinds.add(outcome.kind)


def distance(a: re.Match, b: re.Match) -> int:
    return max(a.start() - b.end(), b.start() - a.end(), 0)


def crosses_clause(low: str, a: re.Match, b: re.Match) -> bool:
    """A sentence end, a semicolon or a quotation between the verb and the noun: another clause's noun."""
    lo, hi = min(a.end(), b.end()), max(a.start(), b.start())
    return bool(re.search(r"[.;!?]", low[lo:hi]))


def clause_before(low: str, at: int, reach: int) -> str:
    window = low[max(0, at - reach): at]
    breaks = list(re.finditer(r"[.;:!?«»“”\"(),]|\s[-–—]\s", window))
    return window[breaks[-1].end():] if breaks else window


def clause_after(low: str, at: int, reach: int) -> str:
    window = low[at: at + reach]
    stop = re.search(r"[.;:!?«»“”\"()]|\s[-–—]\s", window)
    return window[: stop.start()] if stop else window


def clause_end_at(low: str, at: int, end: int) -> int:
    stop = CLAUSE_BREAK.search(low, at, end)
    return stop.start() if stop else end


def blanked(rules: AgreementRules, text: str) -> str:
    """The text with its document nouns blanked: "план мероприятий" is a document, not a plan cue."""
    return rules.documents.sub(lambda m: " " * len(m.group()) if m.lastgroup != "ignore" else m.group(), text)


def other_countries(doc: Document, sentence: Sentence, low: str, outcome: Outcome) -> bool:
    """Belarus with China or Kazakhstan: the outcome's part names another country and no Russian region."""
    trade = doc.resources.compile("trade.rules", trade_cues.compile_rules)
    if not trade.other_partners.search(low, outcome.start, outcome.end):
        return False
    start, end = sentence.start + outcome.start, sentence.start + outcome.end
    return not any(s.value.startswith("RU-") for s in meetings.spans_in(doc, "REGION", sentence)
                   if start <= s.start < end)


def in_quotes(doc: Document, sentence: Sentence, at: int) -> bool:
    """Whether the offset `at` of the sentence stands inside a quotation opened in its paragraph."""
    if sentence.text.lstrip()[:1] in QUOTES:
        return True
    paragraph = doc.text.rfind("\n", 0, sentence.start) + 1
    before = doc.text[paragraph:sentence.start + at]
    return (before.count("«") > before.count("»") or before.count("“") > before.count("”")
            or before.count('"') % 2 == 1)


def signed_by(doc: Document, outcome: Outcome, after: Sentence | None, rules: AgreementRules) -> list[str]:
    """The regions of the next sentence when it names who signed the document ('The document was signed by the
    Chairman of the Mogilev Oblast Executive Committee …'): the signatory's region is a party."""
    if outcome.kind == "decision" or after is None or not rules.signatories.match(lowered(after.text)):
        return []
    return unique(s.value for s in meetings.spans_in(doc, "REGION", after))


def described_in(doc: Document, outcome: Outcome, after: Sentence | None) -> list[str]:
    """The sectors of the next sentence when it says what the document covers ('The document will be aimed at
    the joint development of tourism …', 'Он предполагает …')."""
    if outcome.kind == "decision" or after is None or not DESCRIBES.match(after.text):
        return []
    return unique([*(s.value for s in meetings.spans_in(doc, "SECTOR", after)),
                   *sectors.slugs_in(doc.resources, after.text)])


def to_fact(doc: Document, sentence: Sentence, outcome: Outcome, signatories: list[str] = (),
            covers: list[str] = (), lead: Sentence | None = None) -> AgreementFact:
    rules = doc.resources.compile("agreements.rules", compile_rules)
    start, end = sentence.start + outcome.start, sentence.start + outcome.end
    named = without_federal_districts(unique([*parties(doc, sentence, start, end), *signatories]))
    if not named and outcome.shared:
        named = parties(doc, sentence, sentence.start + outcome.shared[0], sentence.start + outcome.shared[1])
    if not named and lead is not None:
        named = parties(doc, lead, lead.start, lead.end)
    meeting = meeting_of(doc, sentence)
    part = sentence.text[outcome.start:outcome.end]
    money = [s.value for s in meetings.spans_in(doc, "MONEY", sentence) if start <= s.start < end]
    amount, currency = money[0] if money else (None, None)
    kind = outcome.kind
    if amount is not None and kind == "agreement":
        kind = "contract"  # "partnership agreements worth $100 million": a deal
    head = ""  # a joined document's head part, where its oblast body is not named either ("облисполком подписал …")
    shared = (sentence.start + outcome.shared[0], sentence.start + outcome.shared[1]) if outcome.shared else None
    if shared and not any(r.startswith("BY-") for r in parties(doc, sentence, *shared)):
        head = sentence.text[outcome.shared[0]:outcome.shared[1]]
    if named and not any(r.startswith("BY-") for r in named) and rules.oblast_body.search(lowered(part + " " + head)):
        # "облисполком подписал", "председатель гродненского облисполкома": the article's Belarusian oblast signed
        named = unique([*named, *article_oblast(doc)])
    if named and not any(r.startswith("RU-") for r in named):
        # a Belarusian oblast signed with someone: the Russian side is the reported meeting's
        regions = unique([*named, *(r for r in event_regions(meeting) if r.startswith("RU-"))])
    elif named:
        regions = named
    elif outcome.count or (outcome.plural and rules.totals.search(lowered(part))):
        regions = []  # a count over the two countries: "over 70 agreements at the Forum of Regions"
    else:
        regions = main_regions(doc) or event_regions(meeting)
    return AgreementFact(
        kind=kind,
        regions=regions,
        parties=signatory_names(part),
        sectors=unique([*(s.value for s in meetings.spans_in(doc, "SECTOR", sentence) if start <= s.start < end),
                        *sectors.slugs_in(doc.resources, part), *covers]),
        amount=amount,
        currency=currency,
        date=meeting.date if meeting else None,
        evidence=doc.evidence(sentence.start, sentence.end, outcome.rule),
    )


def parties(doc: Document, sentence: Sentence, start: int, end: int) -> list[str]:
    """The regions named in the outcome's part of the sentence, but one named only as the venue ('in Minsk'),
    and those of the people named there ('Виталий Хоценко подписал' → Omsk Oblast)."""
    rules = doc.resources.compile("agreements.rules", compile_rules)
    spans = [s for s in meetings.spans_in(doc, "REGION", sentence) if start <= s.start < end]
    low = doc.lowered_text()
    named = [s.value for s in spans if not is_venue(rules, low, s)]
    regions = {p.name: p.region for p in doc.people if p.region}
    people = [regions[s.value] for s in meetings.spans_in(doc, "PERSON", sentence)
              if start <= s.start < end and s.value in regions]
    return unique([*named, *people]) if named or people else []


def is_venue(rules: AgreementRules, low: str, span: Span) -> bool:
    """'in Minsk', 'в Москве', 'в Курской области': where, not who; 'в Курскую область' is where to."""
    m = rules.venue.search(low, max(0, span.start - DEFINITE_REACH), span.start)
    if m is None:
        return False
    return m.group().strip().isascii() or bool(LOCATIVE.search(span.text))


def main_regions(doc: Document) -> list[str]:
    """The sides of the reported event as the article's most named regions: its Russian region, and its
    Belarusian oblast where named more than once (Belarus as a whole gives none); Minsk is left out, the
    venue of most meetings."""
    rules = doc.resources.compile("agreements.rules", compile_rules)
    low = doc.lowered_text()
    counts = Counter(s.value for s in doc.spans_of("REGION") if s.value != CAPITAL_CITY
                     and not s.value.startswith(FEDERAL_DISTRICT)
                     and not is_venue(rules, low, s))
    found = []
    for side, least in (("BY-", 2), ("RU-", 1)):
        named = [(n, code) for code, n in counts.items() if code.startswith(side) and n >= least]
        if named:
            found.append(max(named)[1])
    return found


def article_oblast(doc: Document) -> list[str]:
    """The Belarusian oblast the article names most (Minsk city only where it names no other), else none."""
    counts = Counter(s.value for s in doc.spans_of("REGION") if s.value.startswith("BY-"))
    oblasts = [code for code, _ in counts.most_common() if code != CAPITAL_CITY] or list(counts)
    return oblasts[:1]


def event_regions(meeting: MeetingFact | None) -> list[str]:
    """The reported meeting's regions, Minsk left out where it is the venue beside other sides."""
    regions = list(meeting.regions) if meeting else []
    sides = [r for r in regions if r != CAPITAL_CITY]
    return sides if sides else regions


def signatory_names(part: str) -> list[str]:
    """The two sides as the text names them ('between X and Y', 'между X и Y'), else none."""
    m = BETWEEN.search(part)
    if not m:
        return []
    return [" ".join(side.strip(" ,").split()) for side in m.groups()]


def without_federal_districts(regions: list[str]) -> list[str]:
    """'the Siberian region' beside Irkutsk Oblast describes it; a federal district signs nothing."""
    subjects = [r for r in regions if not r.startswith(FEDERAL_DISTRICT)]
    return subjects or regions


def meeting_of(doc: Document, sentence: Sentence) -> MeetingFact | None:
    """The meeting the sentence reports, else the article's first: what it was reached at."""
    same = [m for m in doc.meetings if m.evidence.start >= sentence.start and m.evidence.start < sentence.end]
    return (same or doc.meetings or [None])[0]


def repeats(found: list[AgreementFact], fact: AgreementFact, outcome: Outcome, contents: dict[int, str]) -> bool:
    """The same outcome named again: a document of the same kind and sides, one referred back to ('the
    agreement'), or a decision whose content an earlier one already holds."""
    for other in found:
        if other.kind != fact.kind:
            continue
        if fact.kind == "decision":
            if other.evidence.sentence == fact.evidence.sentence or same_content(contents.get(id(other), ""),
                                                                                 outcome.content):
                return True
        elif outcome.anaphoric or set(other.regions) == set(fact.regions):
            return True
    return False


WORD = re.compile(r"\w{4,}")
STOP = frozenset({"that", "with", "will", "have", "this", "they", "their", "agreed", "decided", "which", "from",
                  "oblast", "region", "regions", "cooperation", "стороны", "договорились", "области", "который",
                  "сотрудничества", "будет", "также"})


def same_content(a: str, b: str) -> bool:
    """Two decisions naming the same things ('set up a working group' in the lead and in a quote)."""
    def stems(text: str) -> set[str]:
        return {w[:5] for w in WORD.findall(text.lower()) if w not in STOP}
    return len(stems(a) & stems(b)) >= 2


def unique(values) -> list:
    return list(dict.fromkeys(values))
