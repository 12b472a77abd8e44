"""The review services: each action writes the fact and exactly one history row, or (on a clash) nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError

from belregions.models import ArticleRegion, FactChange, Meeting, MeetingSource, Origin, Region, Review, fingerprint
from belregions.review import FactClash, fact_add, fact_confirm, fact_correct, fact_reject
from tests import factories as make

pytestmark = pytest.mark.django_db

DAY = date(2012, 11, 9)


@pytest.fixture
def article():
    return make.article()


def parsed_mention(article, code: str, **fields) -> ArticleRegion:
    """A region as a parse writes it: unreviewed, with the fingerprint of what it says."""
    return make.mention(article, code, fingerprint=fingerprint("region", code), **fields)


def history(article) -> list[tuple]:
    return list(FactChange.objects.filter(article=article).values_list("action", "fact_type", "fact_id", "user"))


@pytest.mark.parametrize(
    "service, action, review",
    [
        pytest.param(fact_confirm, "confirm", Review.CONFIRMED, id="confirm"),
        pytest.param(fact_reject, "reject", Review.REJECTED, id="reject"),
    ],
)
def test_confirm_and_reject_write_the_review_and_one_history_row(article, editor, service, action, review):
    fact = parsed_mention(article, "RU-KYA")
    service(fact, editor)
    stored = ArticleRegion.objects.get(pk=fact.pk)
    assert (stored.review, stored.reviewed_by, stored.fingerprint) == (review, editor, fingerprint("region", "RU-KYA"))
    assert history(article) == [(action, "articleregion", fact.pk, editor.pk)]


def test_a_rejected_fact_leaves_the_readers_and_confirming_restores_it(article, editor):
    fact = parsed_mention(article, "RU-KYA")
    fact_reject(fact, editor)
    assert not ArticleRegion.objects.active().filter(pk=fact.pk).exists()
    fact_confirm(fact, editor)
    assert ArticleRegion.objects.active().filter(pk=fact.pk).exists()
    assert [row[0] for row in history(article)] == ["confirm", "reject"]  # newest first


def test_correct_changes_what_the_fact_says_keeps_its_fingerprint_and_records_before_and_after(article, editor):
    fact = parsed_mention(article, "BY-HM")
    fact_correct(fact, editor, region=Region.objects.get(pk="RU-KYA"))
    stored = ArticleRegion.objects.get(pk=fact.pk)
    assert (stored.region_id, stored.review, stored.fingerprint) == ("RU-KYA", Review.CORRECTED,
                                                                     fingerprint("region", "BY-HM"))
    change = FactChange.objects.get(article=article)
    assert (change.action, change.before["region"], change.after["region"]) == ("correct", "BY-HM", "RU-KYA")


def test_add_makes_an_editors_fact_that_supersedes_the_parsers_twin(article, editor):
    machine = parsed_mention(article, "RU-KYA")
    added = fact_add(ArticleRegion(article=article), editor, region=Region.objects.get(pk="RU-KYA"),
                     evidence="Krasnoyarsk.")
    assert not ArticleRegion.objects.filter(pk=machine.pk).exists()
    assert (added.origin, added.review, added.reviewed_by) == (Origin.EDITOR, Review.ADDED, editor)
    assert added.fingerprint == fingerprint("region", "RU-KYA")
    assert history(article) == [("add", "articleregion", added.pk, editor.pk)]


def test_correct_and_add_refuse_unknown_fields_and_write_nothing(article, editor):
    fact = parsed_mention(article, "RU-KYA")
    with pytest.raises(TypeError, match="no editable field"):
        fact_correct(fact, editor, origin=Origin.EDITOR)
    with pytest.raises(TypeError, match="no editable field"):
        fact_add(ArticleRegion(article=article), editor, mentions=3)
    assert history(article) == [] and ArticleRegion.objects.filter(article=article).count() == 1


@pytest.mark.parametrize(
    "theirs",
    [
        pytest.param(Review.CONFIRMED, id="confirmed"),
        pytest.param(Review.REJECTED, id="rejected"),
    ],
)
def test_a_correction_onto_an_editors_fact_is_a_clash_and_writes_nothing(article, editor, theirs):
    reviewed = parsed_mention(article, "RU-SPE", review=theirs)
    fact = parsed_mention(article, "RU-MOW")
    with pytest.raises(FactClash, match="already has that fact"):
        fact_correct(fact, editor, region=Region.objects.get(pk="RU-SPE"))
    rows = ArticleRegion.objects.filter(article=article).order_by("pk").values_list("pk", "region", "review")
    assert list(rows) == [(reviewed.pk, "RU-SPE", theirs), (fact.pk, "RU-MOW", Review.UNREVIEWED)]
    assert history(article) == []


def test_adding_what_an_editor_rejected_is_a_clash_and_writes_nothing(article, editor):
    rejected = parsed_mention(article, "RU-KYA", review=Review.REJECTED)
    with pytest.raises(FactClash):
        fact_add(ArticleRegion(article=article), editor, region=Region.objects.get(pk="RU-KYA"))
    assert list(ArticleRegion.objects.filter(article=article).values_list("pk", flat=True)) == [rejected.pk]
    assert history(article) == []


def test_a_unique_constraint_at_the_save_is_the_same_clash_and_leaves_no_history(article, editor, monkeypatch):
    fact = parsed_mention(article, "RU-KYA")

    def refused(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(fact, "save", refused)
    with pytest.raises(FactClash):
        fact_confirm(fact, editor)
    assert ArticleRegion.objects.get(pk=fact.pk).review == Review.UNREVIEWED
    assert history(article) == []


# --- meeting reports: a correction moves the report, and a clash undoes the move ---------------------------


@pytest.fixture
def cast():
    return {name: make.person(name) for name in (make.LUKASHENKO, make.KUZNETSOV, make.DROZDENKO)}


def test_adding_a_meeting_report_records_its_meeting_and_one_history_row(article, editor, cast):
    people = [cast[make.LUKASHENKO], cast[make.KUZNETSOV]]
    added = fact_add(MeetingSource(article=article), editor, kind="visit", date=DAY, participants=people,
                     regions=["RU-KYA"], evidence="The governor visited Minsk.")
    meeting = Meeting.objects.get()
    assert (added.meeting_id, meeting.date, added.review) == (meeting.pk, DAY, Review.ADDED)
    assert sorted(p.name for p in meeting.participants.all()) == sorted(p.name for p in people)
    assert history(article) == [("add", "meetingsource", added.pk, editor.pk)]


def test_a_report_corrected_onto_a_meeting_the_article_reviewed_is_a_clash_and_undoes_everything(
        article, editor, cast):
    told = make.meeting(article, DAY, ["RU-KYA"], [cast[make.LUKASHENKO], cast[make.KUZNETSOV]],
                        review=Review.CONFIRMED)
    other = make.meeting(article, date(2012, 11, 20), ["RU-KYA"], [cast[make.LUKASHENKO]])
    report = MeetingSource.objects.get(meeting=other)
    with pytest.raises(FactClash, match="already has a reviewed report"):
        # The report's meeting is restated as the event already told (that meeting would take Drozdenko in).
        fact_correct(report, editor, date=DAY, participants=list(cast.values()))
    assert sorted(p.name for p in told.participants.all()) == sorted([make.LUKASHENKO, make.KUZNETSOV])
    other.refresh_from_db()
    assert other.date == date(2012, 11, 20) and [p.name for p in other.participants.all()] == [make.LUKASHENKO]
    assert MeetingSource.objects.get(pk=report.pk).meeting_id == other.pk
    assert history(article) == []


def test_correcting_a_shared_meetings_report_moves_it_and_the_meeting_keeps_its_other_report(editor, cast):
    first, second = make.article(), make.article()
    shared = make.meeting(first, DAY, ["RU-KYA"], [cast[make.LUKASHENKO], cast[make.KUZNETSOV]])
    report = make.meeting_source(second, shared)
    fact_correct(report, editor, date=date(2012, 11, 10))
    report.refresh_from_db()
    assert report.meeting_id != shared.pk and report.meeting.date == date(2012, 11, 10)
    assert list(shared.sources.values_list("article", flat=True)) == [first.pk]
    assert history(second) == [("correct", "meetingsource", report.pk, editor.pk)]
