"""The review page of one article: its facts with their evidence, its text with the evidence marked, its history.

Editors confirm, reject, correct and add facts through the review services
(`belregions.review`); this module reads for the article page and routes the
page's buttons to those services. The kinds of fact and their order are
`belregions.fact_kinds`'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from belregions import fact_kinds, review
from belregions.fact_kinds import FactKind
from belregions.models import (
    Agreement,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    DatePrecision,
    Fact,
    FactChange,
    MeetingSource,
    Qualifier,
    TradeFigure,
)

# The page's buttons: the services they call.
ACTIONS: dict[str, Callable[[Fact, object], None]] = {"confirm": review.fact_confirm, "reject": review.fact_reject}


@dataclass
class FactRow:
    fact: Fact
    label: str
    change_url: str
    # Other articles reporting the same meeting.
    also_in: list[int] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return self.fact.is_rejected


@dataclass
class FactGroup:
    title: str
    model_name: str
    rows: list[FactRow]
    add_url: str


def fact_groups(article: Article) -> list[FactGroup]:
    """The article's facts by kind, each row with its evidence and review state (a fixed number of queries)."""
    return [_group(article, kind) for kind in fact_kinds.FACT_KINDS]


def _group(article: Article, kind: FactKind) -> FactGroup:
    label = LABELS[kind.model]
    prefetch: Iterable = _meeting_prefetch() if kind.model is MeetingSource else ()
    rows = kind.model.objects.filter(article=article).select_related("reviewed_by", *kind.related)
    rows = rows.prefetch_related(*prefetch, *kind.links).order_by("id")
    return FactGroup(kind.title, kind.name, [_row(fact, kind.name, label) for fact in rows],
                     reverse("admin:articles_article_fact_add", args=[article.pk, kind.name]))


def _row(fact: Fact, name: str, label: Callable[[Fact], str]) -> FactRow:
    url = reverse("admin:articles_article_fact_correct", args=[fact.article_id, name, fact.pk])
    row = FactRow(fact, label(fact), url)
    if isinstance(fact, MeetingSource):
        row.also_in = sorted({s.article_id for s in fact.meeting.sources.all()} - {fact.article_id})
    return row


def _meeting_prefetch() -> list:
    return ["meeting__participants", "meeting__regions",
            Prefetch("meeting__sources", queryset=MeetingSource.objects.active().only("id", "article_id",
                                                                                      "meeting_id"))]


def _region_label(fact: ArticleRegion) -> str:
    return f"{fact.region.name_en} ({fact.region_id}), {fact.mentions} mention(s)"


def _sector_label(fact: ArticleSector) -> str:
    return f"{fact.sector.name_en}, {fact.mentions} mention(s)"


def _person_label(fact: ArticlePerson) -> str:
    details = [part for part in (fact.role, fact.region.name_en if fact.region else "") if part]
    return f"{fact.person.name} ({', '.join(details)})" if details else fact.person.name


def _meeting_label(fact: MeetingSource) -> str:
    m = fact.meeting
    when = "date unknown" if m.date is None else _partial_date(m.date, m.date_precision)
    people = ", ".join(p.name for p in m.participants.all()) or "no participants named"
    regions = ", ".join(r.code for r in m.regions.all()) or "no region"
    return f"{m.get_kind_display()}, {when}: {people}; {regions}"


def _partial_date(value, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return value.isoformat()


def _trade_label(fact: TradeFigure) -> str:
    russian = fact.region.name_en if fact.region else "Russia"
    belarusian = fact.by_region.name_en if fact.by_region else "Belarus"
    period = " to ".join(str(d) for d in (fact.period_start, fact.period_end) if d) or "period unknown"
    qualifier = "" if fact.qualifier == Qualifier.EXACT else f"{fact.get_qualifier_display().lower()} "
    amount = f"{qualifier}{fact.amount:,} {fact.currency}"
    return f"{fact.get_flow_display()}, {belarusian} and {russian}, {period}: {amount}"


def _agreement_label(fact: Agreement) -> str:
    parties = ", ".join(fact.parties) or "no party named"
    regions = ", ".join(r.code for r in fact.regions.all()) or "no region"
    sectors = ", ".join(s.name_en for s in fact.sectors.all())
    amount = f": {fact.amount:,} {fact.currency or ''}".rstrip() if fact.amount is not None else ""
    when = f", {fact.date.isoformat()}" if fact.date else ""
    return f"{fact.get_kind_display()}{when}{amount} ({parties}; {regions}{'; ' + sectors if sectors else ''})"


# How the page names one fact of each kind.
LABELS: dict[type[Fact], Callable] = {ArticleRegion: _region_label, ArticlePerson: _person_label,
                                      MeetingSource: _meeting_label, TradeFigure: _trade_label,
                                      ArticleSector: _sector_label, Agreement: _agreement_label}


def highlighted_text(article: Article, groups: list[FactGroup]) -> SafeString:
    """The clean text, escaped, with the evidence of every fact not rejected in <mark>."""
    text = article.text
    spans = sorted({(row.fact.evidence_start, row.fact.evidence_end) for group in groups for row in group.rows
                    if not row.rejected and _valid_span(row.fact, len(text))})
    parts, at = [], 0
    for start, end in spans:
        start = max(start, at)
        if start >= end:
            continue
        parts += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def _valid_span(fact: Fact, length: int) -> bool:
    start, end = fact.evidence_start, fact.evidence_end
    return start is not None and end is not None and 0 <= start < end <= length


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    what: str
    detail: str = ""


def history(article: Article) -> list[HistoryEntry]:
    """Who uploaded it, who asked for each parse, who changed which fact: newest first."""
    entries = [HistoryEntry(article.created_at, _who(article.uploaded_by), "uploaded", article.original_filename)]
    for run in article.parse_runs.select_related("requested_by").defer("traceback"):
        entries.append(HistoryEntry(run.queued_at, _who(run.requested_by, "system"), "parse requested",
                                    f"{run.get_outcome_display()} {run.error_code}".strip()))
    entries += [_change_entry(change) for change in FactChange.objects.filter(article=article).select_related("user")]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _change_entry(change: FactChange) -> HistoryEntry:
    if change.fact_type == "article":
        return HistoryEntry(change.at, _who(change.user), *_article_change(change))
    fact_kind = fact_kinds.by_name(change.fact_type)
    kind = fact_kind.model._meta.verbose_name if fact_kind else change.fact_type
    what = f"{change.get_action_display().lower()} {kind} #{change.fact_id}"
    return HistoryEntry(change.at, _who(change.user), what, _diff(change.before, change.after))


def _article_change(change: FactChange) -> tuple[str, str]:
    """What an editor did to the whole article (articles/editing.py, the title): (what, detail)."""
    before, after = change.before, change.after
    if "merged" in after:
        return f"merged article #{after['merged']} into this one", f"{after.get('facts_moved', 0)} fact(s) moved"
    if after.get("deleted"):
        into = after.get("merged_into")
        return (f"merged into article #{into}", "deleted, restorable") if into else ("deleted the article", "")
    if "deleted" in after:
        return "restored the article", ""
    if "text" in after:
        return "edited the text", f"{len(before.get('text', ''))} → {len(after['text'])} characters"
    return f"corrected article #{change.fact_id}", _diff(before, after)


def _who(user, default: str = "unknown") -> str:
    return user.get_username() if user is not None else default


def _diff(before: dict, after: dict) -> str:
    changed = [f"{key}: {before.get(key)!s} → {after.get(key)!s}" for key in after if before.get(key) != after.get(key)]
    return "; ".join(changed) if before else ""


def record_title_change(article: Article, before: str, user) -> FactChange:
    """An editor's title, in the article's history and under Fact changes (and it moves the caches' version)."""
    return FactChange.objects.create(article=article, fact_type="article", fact_id=article.pk,
                                     action=FactChange.Action.CORRECT, user=user, before={"title": before},
                                     after={"title": article.title})


def article_fact(article: Article, model_name: str, fact_id: int) -> Fact:
    """One of the article's facts. LookupError when the article has no such fact."""
    kind = fact_kinds.by_name(model_name)
    fact = kind.model.objects.filter(article=article, pk=fact_id).first() if kind else None
    if fact is None:
        raise LookupError(f"article {article.pk} has no {model_name} {fact_id}")
    return fact


def apply_review(article: Article, model_name: str, fact_id: int, action: str, user) -> Fact:
    """Confirm or reject one of the article's facts. LookupError when there is no such fact or action."""
    if action not in ACTIONS:
        raise LookupError(f"no action {action!r} on {model_name!r}")
    fact = article_fact(article, model_name, fact_id)
    ACTIONS[action](fact, user)
    return fact
