"""An editor's changes to a whole article: its text, a (soft) delete and restore, the merge of a duplicate.

Each is one transaction that also writes a `FactChange` of type `article` (the
article's history, and what moves the caches' data version) and keeps the
trade keys in step: a deleted article's figures leave the consolidated trade,
a restored one's come back.

A deleted article is kept whole, its facts included; every reader leaves it
out (`Article.objects`, `Fact.objects.active()` / `.shown()`). A hard delete
stays a superuser's, in the admin.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles import services
from articles.models import Article, ParseRun
from belregions import fact_kinds, near_copies, trade_keys
from belregions.fact_kinds import FACT_MODELS
from belregions.models import Fact, FactChange, MeetingSource, Origin, Review, TradeFigure
from belregions.review import fact_reject


class EditRefused(ValueError):
    """The change cannot be made; the message says why, for the editor."""


def edit_text(article: Article, text: str, user, *, before: str) -> ParseRun:
    """An editor's clean text: kept by re-parses (emptied: the file's text again), recorded, re-parsed now.

    The article is saved by the caller (the admin's form) or here; either way its text is `text`.
    """
    with transaction.atomic():
        article.text = text
        article.text_edited = bool(text.strip())
        article.save(update_fields=["text", "text_edited"])
        if article.text_edited:  # emptied, the parse reads the file's text and the offsets they had
            _reanchor_editors_facts(article)
        _record(article, user, {"text": before}, {"text": text})
        return services.queue_parse(article, user=user)


def delete(article: Article, user) -> None:
    """Hide the article and its facts everywhere a reader looks; `restore` brings them back."""
    if article.is_deleted:
        raise EditRefused("The article is already deleted.")
    with transaction.atomic(), trade_keys.deferred():
        _hide(article, user)
        _record(article, user, {"deleted": False}, {"deleted": True})


def restore(article: Article, user) -> None:
    """Show a deleted (or merged) article again, with its facts; a merge's moved facts stay where they went."""
    if not article.is_deleted:
        raise EditRefused("The article is not deleted.")
    with transaction.atomic(), trade_keys.deferred():
        before = {"deleted": True, "merged_into": article.merged_into_id}
        article.deleted_at, article.deleted_by, article.merged_into = None, None, None
        article.save(update_fields=["deleted_at", "deleted_by", "merged_into"])
        _note_trade_pairs(article)
        _record(article, user, before, {"deleted": False, "merged_into": None})


def merge(duplicate: Article, kept: Article, user) -> int:
    """Merge a duplicate into the article kept: the duplicate is deleted and linked to it, its editors' work moved.

    Its confirmed, corrected and added facts move to the kept article unless
    the kept article has its own editor's word on the same thing; a parser
    fact they replace there gives way. A fact an editor rejected on the
    duplicate rejects the kept article's unreviewed parser fact that says the
    same. Returns how many facts moved.
    """
    _check_merge(duplicate, kept)
    with transaction.atomic(), trade_keys.deferred():
        moved = sum(_move_editors_facts(model, duplicate, kept, user) for model in FACT_MODELS)
        Article.all_objects.filter(merged_into=duplicate).update(merged_into=kept)  # earlier merges follow
        _hide(duplicate, user, merged_into=kept)
        _record(duplicate, user, {"deleted": False, "merged_into": None}, {"deleted": True, "merged_into": kept.pk})
        _record(kept, user, {}, {"merged": duplicate.pk, "facts_moved": moved})
    return moved


def _check_merge(duplicate: Article, kept: Article) -> None:
    if duplicate.pk == kept.pk:
        raise EditRefused("An article cannot be merged into itself.")
    if duplicate.is_deleted:
        raise EditRefused("The duplicate is already deleted; restore it first.")
    if kept.is_deleted:
        raise EditRefused(f"Article {kept.pk} is deleted: merge into an article that is shown.")


def _hide(article: Article, user, *, merged_into: Article | None = None) -> None:
    article.deleted_at, article.deleted_by, article.merged_into = timezone.now(), user, merged_into
    article.save(update_fields=["deleted_at", "deleted_by", "merged_into"])
    _note_trade_pairs(article)


def _note_trade_pairs(article: Article) -> None:
    """The article's figures appear or disappear: their pairs' keys are rebuilt (at the end of `deferred()`)."""
    trade_keys.note(TradeFigure.objects.filter(article=article).values_list("region_id", "by_region_id").distinct())


def _record(article: Article, user, before: dict, after: dict) -> FactChange:
    return FactChange.objects.create(article=article, fact_type="article", fact_id=article.pk,
                                     action=FactChange.Action.CORRECT, user=user, before=before, after=after)


def _move_editors_facts(model: type[Fact], duplicate: Article, kept: Article, user) -> int:
    moved = 0
    facts = model.objects.filter(article=duplicate).exclude(review=Review.UNREVIEWED).order_by("pk")
    for fact in facts:
        if fact.is_rejected:
            _carry_rejection(model, fact, kept, user)
        elif _take_slot(model, fact, kept):
            _move(fact, kept)
            moved += 1
    return moved


def _carry_rejection(model: type[Fact], fact: Fact, kept: Article, user) -> None:
    twins = model.objects.filter(article=kept, origin=Origin.MACHINE, review=Review.UNREVIEWED,
                                 fingerprint=fact.fingerprint)
    for twin in twins:
        fact_reject(twin, user)


def _take_slot(model: type[Fact], fact: Fact, kept: Article) -> bool:
    """Make room on the kept article: its parser's version gives way; its editor's word stands (False)."""
    same = Q(fingerprint__in={fact.fingerprint, fact.content_fingerprint()})
    slot = fact_kinds.of(model).slot
    if slot:
        same |= Q(**{f"{slot}_id": getattr(fact, f"{slot}_id")})
    there = model.objects.filter(Q(article=kept) & same)
    if there.exclude(origin=Origin.MACHINE, review=Review.UNREVIEWED).exists():
        return False
    there.delete()
    return True


def _move(fact: Fact, kept: Article) -> None:
    fact.article = kept
    _reanchor(fact, kept.text)
    if isinstance(fact, MeetingSource) and fact.text_sketch:
        fact.text_sketch = near_copies.sketch(kept.text)  # near copies are matched through the kept text now
    fact.save()


def _reanchor_editors_facts(article: Article) -> None:
    """Evidence offsets index the text: an editor's fact (kept by the re-parse) finds its sentence again."""
    for model in FACT_MODELS:
        for fact in model.objects.filter(article=article).exclude(review=Review.UNREVIEWED):
            if _reanchor(fact, article.text):
                fact.save(update_fields=["evidence_start", "evidence_end"])


def _reanchor(fact: Fact, text: str) -> bool:
    """Point the fact's offsets at its evidence sentence in `text` (none if it is not there); True if they moved."""
    at = text.find(fact.evidence) if fact.evidence else -1
    span = (at, at + len(fact.evidence)) if at >= 0 else (None, None)
    if span == (fact.evidence_start, fact.evidence_end):
        return False
    fact.evidence_start, fact.evidence_end = span
    return True
