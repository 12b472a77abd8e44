"""The contract's JSON object for one parsed document."""

from __future__ import annotations

from collections import Counter
from typing import Any

from articles.extraction.document import AgreementFact, Document


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _amount(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def region_counts(doc: Document) -> Counter:
    return Counter(span.value for span in doc.spans_of("REGION"))


def sector_counts(doc: Document) -> Counter:
    return Counter(span.value for span in doc.spans_of("SECTOR"))


def to_contract(doc: Document, region_names: dict[str, str] | None = None) -> dict[str, Any]:
    names = region_names or {}
    return {
        "source": doc.source,
        "title": doc.title,
        "published": _iso(doc.published),
        "language": doc.language,
        "regions": [
            {"code": code, "name": names.get(code, code), "mentions": n}
            for code, n in region_counts(doc).most_common()
        ],
        "people": [{"name": p.name, "role": p.role, "region": p.region} for p in doc.people],
        "meetings": [
            {"date": _iso(m.date), "kind": m.kind, "participants": m.participants, "regions": m.regions}
            for m in doc.meetings
        ],
        "trade_figures": [
            {
                "region": t.region,
                "by_region": t.by_region,
                "period_start": _iso(t.period_start),
                "period_end": _iso(t.period_end),
                "amount": _amount(t.amount),
                "currency": t.currency,
                "flow": t.flow,
                "qualifier": t.qualifier,
                "change": t.change,
                "evidence": t.evidence.sentence,
            }
            for t in doc.trade_figures
        ],
        "sectors": [{"slug": slug, "mentions": n} for slug, n in sector_counts(doc).most_common()],
        "agreements": [agreement(a) for a in doc.agreements],
    }


def agreement(fact: AgreementFact) -> dict[str, Any]:
    """docs/agreements.md: the project's extension of the contract."""
    return {
        "kind": fact.kind,
        "regions": fact.regions,
        "parties": fact.parties,
        "sectors": fact.sectors,
        "amount": _amount(fact.amount) if fact.amount is not None else None,
        "currency": fact.currency,
        "date": _iso(fact.date),
        "evidence": fact.evidence.sentence,
    }


def error_object(source: str, message: str) -> dict[str, Any]:
    return {
        "source": source, "error": message, "title": None, "published": None, "language": None,
        "regions": [], "people": [], "meetings": [], "trade_figures": [], "sectors": [],
        "agreements": [],
    }
