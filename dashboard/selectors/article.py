"""An article's page: its clean text with the facts marked where they were read, and the facts table.

The marks come from each fact's evidence offsets into `Article.text`; a
region's or person's other mentions (the same words elsewhere in the text)
are marked too. The text is split into plain segments and the template
escapes every one, so nothing in an article can become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from belregions.models import ArticlePerson, ArticleRegion, ArticleSector, MeetingSource, Review, TradeFigure
from dashboard.formatting import FLOW_LABELS, day, period, stated
from dashboard.labels import MEETING_KINDS, label, name_of


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # region, person, money, meeting, sector
    label: str
    url: str | None = None


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark | None = None


@dataclass(frozen=True)
class FactRow:
    kind: str
    value: str
    evidence: str
    start: int | None
    end: int | None
    origin: str
    review: str
    rule: str
    url: str | None = None

    @property
    def rejected(self) -> bool:
        return self.review == Review.REJECTED


@dataclass
class ArticlePage:
    article: Article
    facts: list[FactRow]
    segments: list[Segment]

    def as_json(self) -> dict:
        a = self.article
        return {"page": "article", "article": {"id": a.pk, "title": a.title, "published": a.published,
                                               "language": a.language, "status": a.status,
                                               "source_name": a.source_name, "source_url": a.source_url,
                                               "text": a.text},
                "facts": [fact.__dict__ for fact in self.facts]}


def article_page(pk: int) -> ArticlePage:
    article = Article.objects.defer("raw").filter(pk=pk).first()
    if article is None:
        raise Http404(f"No article {pk}")
    facts = _facts(article)
    marks = [m for f in facts if not f.rejected for m in _marks(article.text, f)]
    return ArticlePage(article, facts, segments(article.text, marks))


def _facts(article: Article) -> list[FactRow]:
    rows = []
    for link in ArticleRegion.objects.filter(article=article).select_related("region"):
        rows.append(_row(link, "region", name_of(link.region), reverse("dashboard:region", args=[link.region_id])))
    for link in ArticlePerson.objects.filter(article=article).select_related("person"):
        rows.append(_row(link, "person", f"{link.person.name}, {link.role}" if link.role else link.person.name,
                         reverse("dashboard:person", args=[link.person_id])))
    for figure in TradeFigure.objects.filter(article=article).select_related("region"):
        value = _("%(flow)s with %(where)s, %(period)s: %(amount)s") % {
            "flow": FLOW_LABELS.get(figure.flow, figure.flow), "period": period(figure), "amount": stated(figure),
            "where": name_of(figure.region) if figure.region else _("Russia")}
        rows.append(_row(figure, "money", value, _region_url(figure.region_id)))
    for source in MeetingSource.objects.filter(article=article).select_related("meeting"):
        meeting = source.meeting
        rows.append(_row(source, "meeting", f"{label(MEETING_KINDS, meeting.kind)}, "
                                            f"{day(meeting.date, _('date unknown'))}"))
    for link in ArticleSector.objects.filter(article=article).select_related("sector"):
        rows.append(_row(link, "sector", name_of(link.sector), reverse("dashboard:sector", args=[link.sector_id])))
    return rows


def _region_url(code: str | None) -> str | None:
    return reverse("dashboard:region", args=[code]) if code else None


def _row(fact, kind: str, value: str, url: str | None = None) -> FactRow:
    return FactRow(kind, value, fact.evidence, fact.evidence_start, fact.evidence_end, fact.origin, fact.review,
                   fact.rule, url)


def _marks(text: str, fact: FactRow) -> list[Mark]:
    """The fact's own span, and for names every other place the same words stand alone."""
    start, end = fact.start, fact.end
    if start is None or end is None or not 0 <= start < end <= len(text):
        return []
    marks = [Mark(start, end, fact.kind, fact.value, fact.url)]
    if fact.kind in ("region", "person"):
        words = re.compile(rf"(?<!\w){re.escape(text[start:end])}(?!\w)")
        marks += [Mark(m.start(), m.end(), fact.kind, fact.value, fact.url) for m in words.finditer(text)
                  if m.start() != start]
    return marks


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """The text cut into plain and marked pieces; where marks overlap, the earlier (then longer) one wins."""
    out, at = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start < at:
            continue
        if mark.start > at:
            out.append(Segment(text[at:mark.start]))
        out.append(Segment(text[mark.start:mark.end], mark))
        at = mark.end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out
