"""Editors' review of facts: confirm, reject, correct, add.

Each action is one transaction that writes the fact and one `FactChange` row
(the history, and what moves the caches' data version). A fact keeps its first
fingerprint whatever an editor makes it say, so a re-parse recognises it: it
neither brings back what an editor rejected nor duplicates what one corrected.

A correction or an addition saying what the article already has from an
editor (confirmed, corrected, added or rejected) is refused with `FactClash`
and writes nothing: the editor works on that fact instead. An unreviewed
parser row saying the same gives way to the editor's.

Each transaction first takes the article's row lock, as a parse does, so that
a review never holds a fact a parse of its article waits for; and it ends by
refreshing the dashboard's read models (`belregions.read_models`) once, for the
article and the meetings it touched, after any parse or review of them that
came first.

The admin (both the article's review page and the fact admins) and the API
call these; the models only say what a row says (`content_fingerprint`,
`snapshot`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from belregions import fact_kinds, meeting_matching, read_models
from belregions.models import Fact, FactChange, Meeting, MeetingSource, Origin, Review

CLASH = "This article already has that fact (confirmed, corrected, added or rejected): work on that one."
REPORT_CLASH = "This article already has a reviewed report of that meeting."


class FactClash(ValidationError):
    """The article already has that fact from an editor; nothing was written."""

    def __init__(self, message: str = CLASH):
        super().__init__(message, code="clash")


def fact_confirm(fact: Fact, user) -> None:
    """The editor agrees: re-parses keep the fact as it is (a rejected fact is restored)."""
    _record(fact, user, FactChange.Action.CONFIRM, Review.CONFIRMED)


def fact_reject(fact: Fact, user) -> None:
    """The fact leaves every reader, and re-parses do not bring it back."""
    _record(fact, user, FactChange.Action.REJECT, Review.REJECTED)


def fact_correct(fact: Fact, user, **fields) -> None:
    """Make the fact say `fields` (or what the admin's form has already set on it); its fingerprint stays.

    A meeting report's kind, date, people and regions move it to the meeting
    they describe (found or recorded); a meeting no report tells of any more goes.
    """
    with transaction.atomic(), read_models.deferred(articles_locked=True):
        read_models.lock_articles([fact.article_id])
        before = _stored_snapshot(fact)
        left = _move_report(fact, fields) if isinstance(fact, MeetingSource) else None
        _set_content(fact, fields)
        _refuse_clash(fact)
        _record(fact, user, FactChange.Action.CORRECT, Review.CORRECTED, before)
        if left is not None and not left.sources.exists():
            left.delete()


def fact_add(fact: Fact, user, **fields) -> Fact:
    """Save a new fact made by an editor: `fact` is unsaved and has its article; `fields` say the rest.

    (The admin's add form has filled the fact already and passes no fields but a meeting's.)
    """
    with transaction.atomic(), read_models.deferred(articles_locked=True):
        read_models.lock_articles([fact.article_id])
        if isinstance(fact, MeetingSource):
            _move_report(fact, fields)
        _set_content(fact, fields)
        fact.origin = Origin.EDITOR
        fact.fingerprint = fact.content_fingerprint()
        _refuse_clash(fact)
        _record(fact, user, FactChange.Action.ADD, Review.ADDED, before={})
    return fact


def clashing_facts(fact: Fact) -> QuerySet:
    """The article's other facts saying what `fact` says that an editor dealt with (reviewed or rejected)."""
    return _saying_the_same(fact).exclude(origin=Origin.MACHINE, review=Review.UNREVIEWED)


def _saying_the_same(fact: Fact) -> QuerySet:
    others = type(fact).objects.filter(article_id=fact.article_id).exclude(pk=fact.pk)
    if isinstance(fact, MeetingSource):
        return others.filter(meeting_id=fact.meeting_id)  # one report per article and meeting
    claim = fact.content_fingerprint()
    kind = fact_kinds.of(fact)
    rows = others.select_related(*kind.related).prefetch_related(*kind.links)
    return others.filter(pk__in=[row.pk for row in rows if claim in (row.fingerprint, row.content_fingerprint())])


def _refuse_clash(fact: Fact) -> None:
    if isinstance(fact, MeetingSource):  # the unique report of a meeting: the parser's gives way before the save
        _saying_the_same(fact).filter(origin=Origin.MACHINE, review=Review.UNREVIEWED).delete()
    if clashing_facts(fact).exists():
        raise FactClash(REPORT_CLASH if isinstance(fact, MeetingSource) else CLASH)


def _move_report(source: MeetingSource, fields: dict[str, Any]) -> Meeting | None:
    """Point the report at the meeting `fields` describe (taking them out); returns the meeting it was on."""
    claim = {name: fields.pop(name) for name in MeetingSource.MEETING_FIELDS if name in fields}
    left = Meeting.objects.get(pk=source.meeting_id) if source.meeting_id else None
    if claim:
        meeting_matching.attach(source, **{**(meeting_matching.claim_of(left) if left else {}), **claim})
    return left


def _set_content(fact: Fact, fields: dict[str, Any]) -> None:
    unknown = set(fields) - {*fact.CONTENT_FIELDS, "evidence"}
    if unknown:
        raise TypeError(f"{type(fact).__name__} has no editable field(s) {sorted(unknown)}")
    for name, value in fields.items():
        if fact._meta.get_field(name).many_to_many:
            fact.set_links(**{name: value})  # stored with the row, in `_record`
        else:
            setattr(fact, name, value)


def _stored_snapshot(fact: Fact) -> dict[str, Any]:
    """The row as stored (the admin's form has already changed this instance); {} for a new fact."""
    return type(fact).objects.get(pk=fact.pk).snapshot() if fact.pk else {}


def _record(fact: Fact, user, action: str, review: str, before: dict[str, Any] | None = None) -> None:
    """Save the fact as the editor left it, and its history row: both or neither."""
    with transaction.atomic(), read_models.deferred(articles_locked=True):
        read_models.lock_articles([fact.article_id])
        before = _stored_snapshot(fact) if before is None else before
        fact.review, fact.reviewed_by = review, user
        _drop_machine_twins(fact)
        try:
            fact.save()
        except IntegrityError as exc:  # a unique constraint: another row of the article already says it
            raise FactClash() from exc
        fact.save_links()
        FactChange.objects.create(article_id=fact.article_id, fact_type=fact._meta.model_name, fact_id=fact.pk,
                                  action=action, user=user, before=before, after=fact.snapshot())


def _drop_machine_twins(fact: Fact) -> None:
    """An unreviewed parser row saying what the editor now says is superseded by the editor's row."""
    twins = type(fact).objects.filter(article_id=fact.article_id, origin=Origin.MACHINE, review=Review.UNREVIEWED,
                                      fingerprint=fact.content_fingerprint())
    twins.exclude(pk=fact.pk).delete()
