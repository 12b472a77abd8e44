"""What was agreed: the outcomes an article reports as reached (docs/agreements.md).

A sentence states an outcome when a verb of signing in a past, perfect or passive form
("signed", "подписано") stands near a document noun, whose words give the kind
(agreement, memorandum, roadmap, contract), or when a phrase states a decision in
words ("agreed to", "договорились", "поручил"). Dropped: plans and wishes (a cue
before the verb: "intend to", "планируется"), recalled outcomes ("back in", "ранее",
an earlier year, a quoted document with nothing tying it to the event) and repeats
of one outcome ("signed an agreement … The agreement provides …"), vague decisions and
arrangements to meet again ("agreed to cooperate more closely", "agreed to meet"). Regions
and sums are the spans of the outcome's part of the sentence, with the regions of a next
sentence naming its signatories; a sentence naming no region takes its meeting's. Sectors
are every sector word of that part, a document title's stock list of areas included.
Words live in data/agreements.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extraction import meetings, sectors, trade_cues
from articles.extraction.document import AgreementFact, Document, MeetingFact, Sentence, lowered, step
from articles.extraction.money import phrase_alternation
from articles.extraction.resources import Resources
from articles.extraction.trade_cues import bounded, kinds_pattern, words

DOCUMENT_KINDS = ("roadmap", "memorandum", "contract", "agreement")  # the order nouns are tried in
QUOTES = "\"“«„'"
ALSO_REACH = 30  # how far before a second document noun its joining word ("а также") may stand
DEFINITE_REACH = 12  # "the", "данное" right before the noun
CUE_LISTS = ("commercial", "decided", "plans", "background", "tie", "vague")
VAGUE_REACH = 60  # how far after a decision phrase a word that leaves it vague may stand
FEDERAL_DISTRICT = "RU-FD-"


@dataclass(frozen=True)
class AgreementRules:
    signed: re.Pattern
    documents: re.Pattern  # the matched group's name is the kind
    commercial: re.Pattern
    decided: re.Pattern
    plans: re.Pattern
    background: re.Pattern
    tie: re.Pattern
    vague: re.Pattern
    signatories: re.Pattern
    definite: re.Pattern
    demonstrative: re.Pattern
    venue: re.Pattern
    also: re.Pattern
    reach: int


@dataclass(frozen=True)
class Outcome:
    kind: str
    start: int  # offsets in the sentence: where its own part of the sentence starts and ends
    end: int
    verb: int  # where its verb or phrase starts
    rule: str
    anaphoric: bool = False  # "the agreement" after one: a repeat
    refers_back: bool = False  # "this agreement", "эти соглашения": never a new outcome


def compile_rules(resources: Resources) -> AgreementRules:
    table = resources.table("agreements")
    documents = table["documents"]
    return AgreementRules(
        signed=trade_cues.cue_pattern(table["signed"]),
        documents=kinds_pattern({kind: words(documents[kind]) for kind in DOCUMENT_KINDS}),
        **{name: trade_cues.cue_pattern(table[name]) for name in CUE_LISTS},
        signatories=re.compile(rf"\W*{bounded(words(table['signatories']))}"),
        definite=before_noun(table["definite"]),
        demonstrative=before_noun(table["demonstrative"]),
        venue=re.compile(rf"{bounded(words(table['venue']))}\s+$"),
        also=re.compile(rf"(?:{phrase_alternation(words(table['also']))})\W*(?:[\w-]+\s+)?$"),
        reach=table["reach"],
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
    for i, sentence in enumerate(doc.sentences):
        if sentence.end <= doc.body_start:
            continue  # the page's furniture and the headline: the body says it again
        low = lowered(sentence.text)
        after = doc.sentences[i + 1] if i + 1 < len(doc.sentences) else None
        for outcome in outcomes_in(doc, sentence, low, rules):
            fact = to_fact(doc, sentence, outcome, signed_by(doc, outcome, after, rules))
            if not outcome.refers_back and not repeats(doc.agreements, fact, outcome):
                doc.agreements.append(fact)
    return doc


def outcomes_in(doc: Document, sentence: Sentence, low: str, rules: AgreementRules) -> list[Outcome]:
    if not rules.signed.search(low) and not rules.decided.search(low):
        return []  # most sentences: one cheap test
    if recalled(doc, sentence, low, rules) or other_countries(doc, sentence, low):
        return []
    found = [o for o in documents_signed(low, rules) + decisions(low, rules) if not planned(low, o, rules)]
    if is_quote(sentence.text) and not rules.tie.search(low):
        found = [o for o in found if o.kind == "decision"]  # a quoted document with no tie to the event is recalled
    return found


def documents_signed(low: str, rules: AgreementRules) -> list[Outcome]:
    """Each signing verb with its nearest document noun, and the documents joined to it ('а также')."""
    nouns = list(rules.documents.finditer(low))
    found: list[Outcome] = []
    taken: set[int] = set()
    for verb in rules.signed.finditer(low):
        near = [n for n in nouns if distance(n, verb) <= rules.reach and n.start() not in taken]
        if not near:
            continue
        head = min(near, key=lambda n: distance(n, verb))
        joined = [n for n in nouns if n.start() > head.start() and is_joined(low, n, rules)]
        taken.update(n.start() for n in [head, *joined])
        starts = [0] + [n.start() for n in joined]
        ends = starts[1:] + [len(low)]
        for noun, start, end in zip([head, *joined], starts, ends, strict=True):
            found.append(document(low, noun, (start, end, verb.start()), rules))
    return found


def is_joined(low: str, noun: re.Match, rules: AgreementRules) -> bool:
    """A second document signed with the first: 'а также План мероприятий'."""
    return bool(rules.also.search(low, max(0, noun.start() - ALSO_REACH), noun.start()))


def document(low: str, noun: re.Match, where: tuple[int, int, int], rules: AgreementRules) -> Outcome:
    """where: the outcome's part of the sentence (start, end) and its verb's offset."""
    start, end, verb = where
    kind = noun.lastgroup
    if kind != "contract" and rules.commercial.search(low, noun.end(), min(end, noun.end() + rules.reach)):
        kind = "contract"  # "agreements for the supply of dump trucks": a deal between companies
    before = max(0, noun.start() - DEFINITE_REACH), noun.start()
    return Outcome(kind, start, end, verb, f"agreements.signed.{noun.lastgroup}",
                   anaphoric=bool(rules.definite.search(low, *before)),
                   refers_back=bool(rules.demonstrative.search(low, *before)))


def decisions(low: str, rules: AgreementRules) -> list[Outcome]:
    """Each decision phrase with concrete content: 'agreed to cooperate more closely', 'agreed to meet in Bryansk'
    say nothing was settled."""
    return [Outcome("decision", 0, len(low), m.start(), "agreements.decided") for m in rules.decided.finditer(low)
            if not rules.vague.search(low, m.start(), m.end() + VAGUE_REACH)]


def distance(a: re.Match, b: re.Match) -> int:
    return max(a.start() - b.end(), b.start() - a.end(), 0)


def planned(low: str, outcome: Outcome, rules: AgreementRules) -> bool:
    """A plan, wish or forecast: its cue stands before the verb ('intend to sign', 'планируется подписать')."""
    before = low[: outcome.verb]
    return bool(rules.plans.search(rules.documents.sub(blank, before)))


def blank(m: re.Match) -> str:
    return " " * len(m.group())  # "план мероприятий" is a document, not a plan cue


def recalled(doc: Document, sentence: Sentence, low: str, rules: AgreementRules) -> bool:
    if rules.background.search(low):
        return True
    reference = doc.year or (doc.published.year if doc.published else None)
    years = [int(m.group()) for m in meetings.YEAR_RE.finditer(sentence.text)]
    return any(reference is None or year < reference for year in years)


def other_countries(doc: Document, sentence: Sentence, low: str) -> bool:
    """Belarus with China or Ukraine: not a tie with Russia's regions (as meetings have it)."""
    trade = doc.resources.compile("trade.rules", trade_cues.compile_rules)
    return bool(trade.other_partners.search(low)) and not meetings.spans_in(doc, "REGION", sentence)


def is_quote(text: str) -> bool:
    return text.lstrip()[:1] in QUOTES


def signed_by(doc: Document, outcome: Outcome, after: Sentence | None, rules: AgreementRules) -> list[str]:
    """The regions of the next sentence when it names who signed the document ('The document was signed by the
    Chairman of the Mogilev Oblast Executive Committee …'): the signatory's region is a party."""
    if outcome.kind == "decision" or after is None or not rules.signatories.match(lowered(after.text)):
        return []
    return unique(s.value for s in meetings.spans_in(doc, "REGION", after))


def to_fact(doc: Document, sentence: Sentence, outcome: Outcome, signatories: list[str] = ()) -> AgreementFact:
    start, end = sentence.start + outcome.start, sentence.start + outcome.end
    regions = without_federal_districts(unique([*parties(doc, sentence, start, end), *signatories]))
    meeting = meeting_of(doc, sentence)
    money = [s.value for s in meetings.spans_in(doc, "MONEY", sentence) if start <= s.start < end]
    amount, currency = money[0] if money else (None, None)
    return AgreementFact(
        kind=outcome.kind,
        regions=regions or (list(meeting.regions) if meeting else []),
        parties=[],
        sectors=unique([*(s.value for s in meetings.spans_in(doc, "SECTOR", sentence) if start <= s.start < end),
                        *sectors.slugs_in(doc.resources, sentence.text[outcome.start:outcome.end])]),
        amount=amount,
        currency=currency,
        date=meeting.date if meeting else None,
        evidence=doc.evidence(sentence.start, sentence.end, outcome.rule),
    )


def parties(doc: Document, sentence: Sentence, start: int, end: int) -> list[str]:
    """The regions named in the outcome's part of the sentence; one named only as the venue ('in Minsk')
    only where no other is named."""
    rules = doc.resources.compile("agreements.rules", compile_rules)
    spans = [s for s in meetings.spans_in(doc, "REGION", sentence) if start <= s.start < end]
    low = doc.lowered_text()
    sides = [s for s in spans if not rules.venue.search(low, max(0, s.start - DEFINITE_REACH), s.start)]
    return unique(s.value for s in sides or spans)


def without_federal_districts(regions: list[str]) -> list[str]:
    """'the Siberian region' beside Irkutsk Oblast describes it; a federal district signs nothing."""
    subjects = [r for r in regions if not r.startswith(FEDERAL_DISTRICT)]
    return subjects or regions


def meeting_of(doc: Document, sentence: Sentence) -> MeetingFact | None:
    """The meeting the sentence reports, else the article's first: what it was reached at."""
    same = [m for m in doc.meetings if m.evidence.start >= sentence.start and m.evidence.start < sentence.end]
    return (same or doc.meetings or [None])[0]


def repeats(found: list[AgreementFact], fact: AgreementFact, outcome: Outcome) -> bool:
    """The same outcome named again: a document of the same kind and sides, one referred back to ('the
    agreement'), or a decision stated twice in one sentence."""
    for other in found:
        if other.kind != fact.kind:
            continue
        if fact.kind == "decision":
            if other.evidence.sentence == fact.evidence.sentence:
                return True
        elif outcome.anaphoric or set(other.regions) == set(fact.regions):
            return True
    return False


def unique(values) -> list:
    return list(dict.fromkeys(values))
