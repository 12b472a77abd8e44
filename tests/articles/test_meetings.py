"""Several articles about one meeting give one meeting with several sources.

The parser's meetings are set on a real parsed document, so these tests pin
the merging rules whatever the meetings step finds today.
"""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest
from django.db import connection, transaction
from django.urls import reverse

from articles import services
from articles.extraction import extract
from articles.extraction.document import MeetingFact
from articles.fact_writer import find_same_meeting, person_key, save_facts
from articles.models import Article
from belregions.meeting_matching import kinds_match
from belregions.models import Meeting, MeetingSource, Person, Review
from belregions.review import fact_add, fact_correct, fact_reject
from tests import factories as make
from tests.conftest import skip_or_fail
from tests.factories import DROZDENKO, KUZNETSOV, LUKASHENKO
from tests.factories import MEETING_DAY as DAY
from tests.factories import meeting_fact as report  # a parse's report of a meeting

pytestmark = pytest.mark.django_db

def another_story(n: int) -> str:
    """A story of its own, no near copy of any other (a near copy would make undated reports one event)."""
    rnd = random.Random(n)
    return " ".join(rnd.choice(STORY_WORDS) for _ in range(300)) + "."


STORY_WORDS = ("Minsk Moscow governor president talks trade cooperation region oblast delegation visit plant "
               "tractors dairy grain timber machinery agreement signed programme investment exports imports "
               "growth million dollars percent year month partners industry science education tourism "
               "culture road bridge factory buses lifts milk potatoes harvest fair forum exhibition").split()


@pytest.fixture
def parse_with():
    """Store an article and save a parse of it that found `meetings`.

    Each article tells a story of its own (random words): the rules here are those of reports from different
    stories (near copies of one story: test_near_copy_meetings.py).
    """
    counter = {"n": 0}

    def parse(*meetings: MeetingFact, article: Article | None = None) -> Article:
        if article is None:
            counter["n"] += 1
            raw = another_story(counter["n"]).encode()
            article = services.create_article(raw, filename=f"{counter['n']}.txt").article
        return make.parsed_meetings(article, meetings)

    return parse


def sources(meeting: Meeting) -> list[int]:
    return sorted(meeting.sources.values_list("article_id", flat=True))


def test_two_reports_of_one_meeting_give_one_meeting_with_two_sources(parse_with):
    first = parse_with(report("meeting", people=(LUKASHENKO, KUZNETSOV), regions=("RU-KYA", "BY-HM")))
    second = parse_with(report("visit", people=("Alexander Lukashenko", KUZNETSOV), regions=("RU-KYA",)))
    meeting = Meeting.objects.get()
    assert sources(meeting) == [first.pk, second.pk]
    assert meeting.kind == "meeting" and meeting.date == DAY
    assert sorted(p.name for p in meeting.participants.all()) == [LUKASHENKO, KUZNETSOV]
    assert sorted(r.code for r in meeting.regions.all()) == ["BY-HM", "RU-KYA"]


@pytest.mark.parametrize(
    "a, b, same",
    [
        pytest.param(report(), report("agreement", people=(KUZNETSOV,)), True, id="agreement-signed-at-it"),
        pytest.param(report(regions=()), report(regions=()), True, id="same-people-no-region"),
        pytest.param(report(people=()), report(people=(), kind="visit"), True, id="same-region-no-people"),
        pytest.param(report("other"), report("visit"), True, id="other-goes-with-any-kind"),
        pytest.param(report(regions=("RU-KYA",)), report(people=(LUKASHENKO, DROZDENKO), regions=("RU-LEN",)), False,
                     id="two-governors-in-one-day"),
        pytest.param(report(regions=()), report(people=(LUKASHENKO, DROZDENKO), regions=()), False,
                     id="only-the-president-shared"),
        pytest.param(report(), report(day=date(2012, 11, 10)), False, id="another-day"),
        pytest.param(report(), report("forum"), False, id="a-forum-is-another-event"),
        pytest.param(report(precision="month", day=date(2012, 11, 1)), report(day=date(2012, 11, 1)), False,
                     id="month-versus-day"),
        pytest.param(report(day=None), report(day=None), False, id="no-date"),
    ],
)
def test_what_counts_as_the_same_event(parse_with, a, b, same):
    parse_with(a)
    parse_with(b)
    assert Meeting.objects.count() == (1 if same else 2)


def test_other_is_made_precise_by_a_later_report(parse_with):
    parse_with(report("other"))
    parse_with(report("visit"))
    assert Meeting.objects.get().kind == "visit"


def test_the_best_matching_meeting_is_chosen(parse_with):
    parse_with(report(people=(LUKASHENKO, DROZDENKO), regions=()))
    kya = parse_with(report(people=(LUKASHENKO, KUZNETSOV), regions=("RU-KYA",)))
    third = parse_with(report(people=(LUKASHENKO, KUZNETSOV), regions=()))
    assert sources(MeetingSource.objects.get(article=kya).meeting) == [kya.pk, third.pk]


def test_find_same_meeting_reads_without_writing(parse_with):
    parse_with(report())
    people = list(Person.objects.all())
    assert find_same_meeting(report("visit"), people, ["RU-KYA"]) == Meeting.objects.get()
    assert find_same_meeting(report("forum"), people, ["RU-KYA"]) is None
    assert Meeting.objects.count() == 1


def test_reparsing_keeps_one_meeting_and_one_source_per_article(parse_with):
    first = parse_with(report())
    second = parse_with(report("visit"))
    for _ in range(2):
        parse_with(report(), article=first)
        parse_with(report("visit"), article=second)
    assert Meeting.objects.count() == 1 and MeetingSource.objects.count() == 2


def test_a_meeting_no_article_reports_any_more_goes_and_the_others_stay(parse_with):
    first = parse_with(report())
    parse_with(report(day=date(2012, 11, 12)))
    unrelated = Meeting.objects.create(date=date(2001, 1, 1), kind="forum")  # e.g. made by hand in the admin
    parse_with(article=first)  # re-parsed: it no longer reports the meeting
    assert sorted(Meeting.objects.values_list("date", flat=True)) == [date(2001, 1, 1), date(2012, 11, 12)]
    assert Meeting.objects.filter(pk=unrelated.pk).exists()


def test_a_rejected_report_stays_rejected_and_the_meeting_keeps_its_other_source(parse_with, editor):
    first = parse_with(report())
    second = parse_with(report("visit"))
    fact_reject(MeetingSource.objects.get(article=second), editor)
    parse_with(report("visit"), article=second)
    assert list(MeetingSource.objects.filter(article=second).values_list("review", flat=True)) == [Review.REJECTED]
    assert sources(Meeting.objects.get()) == [first.pk, second.pk]
    assert list(MeetingSource.objects.active().values_list("article", flat=True)) == [first.pk]


def test_correcting_the_only_report_restates_its_meeting(parse_with, editor):
    article = parse_with(report(people=(LUKASHENKO, KUZNETSOV, DROZDENKO)))
    source = MeetingSource.objects.get(article=article)
    fact_correct(source, editor, participants=list(Person.objects.exclude(name=DROZDENKO)), date=date(2012, 11, 8))
    meeting = Meeting.objects.get()
    assert (meeting.pk, meeting.date) == (source.meeting_id, date(2012, 11, 8))
    assert sorted(p.name for p in meeting.participants.all()) == [LUKASHENKO, KUZNETSOV]
    parse_with(report(people=(LUKASHENKO, KUZNETSOV, DROZDENKO)), article=article)  # the parser's version stays out
    assert list(MeetingSource.objects.values_list("pk", "review")) == [(source.pk, Review.CORRECTED)]


def test_correcting_one_report_of_a_shared_meeting_moves_only_that_report(parse_with, editor):
    first = parse_with(report())
    second = parse_with(report("visit"))
    moved = MeetingSource.objects.get(article=second)
    fact_correct(moved, editor, date=date(2012, 11, 10))
    assert Meeting.objects.count() == 2
    assert sources(MeetingSource.objects.get(article=first).meeting) == [first.pk]
    assert moved.meeting.date == date(2012, 11, 10) and sources(moved.meeting) == [second.pk]


def test_an_editors_meeting_is_not_duplicated_by_the_parser(parse_with, editor):
    article = parse_with()
    added = fact_add(MeetingSource(article=article), editor, kind="visit", date=DAY,
                     participants=list(Person.objects.all()), regions=["RU-KYA"],
                     evidence="The governor visited Minsk.")
    parse_with(report("visit", people=[p.name for p in Person.objects.all()]), article=article)
    assert list(MeetingSource.objects.values_list("pk", "review")) == [(added.pk, Review.ADDED)]


def test_an_editor_adds_and_corrects_a_meeting_in_the_admin(staff_client, parse_with, editor):
    article = parse_with()
    people = [make.person(name, key=person_key(name)) for name in (LUKASHENKO, KUZNETSOV)]
    add = reverse("admin:articles_article_fact_add", args=[article.pk, "meetingsource"])
    form = {"article": article.pk, "kind": "visit", "date": "2012-11-09", "date_precision": "day",
            "participants": [p.pk for p in people], "regions": ["RU-KYA"], "evidence": "The governor came."}
    assert staff_client.get(add).status_code == 200
    response = staff_client.post(add, form)
    assert response.status_code == 302 and response["Location"].endswith("#facts")
    source = MeetingSource.objects.get(article=article)
    assert (source.review, source.reviewed_by, source.meeting.kind) == (Review.ADDED, editor, "visit")
    change = reverse("admin:belregions_meetingsource_change", args=[source.pk])
    response = staff_client.post(change, {**form, "date": "2012-11-10", "participants": [people[1].pk]})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.meeting.date == date(2012, 11, 10) and source.review == Review.CORRECTED
    assert [p.name for p in source.meeting.participants.all()] == [KUZNETSOV]
    assert Meeting.objects.count() == 1


def test_kinds_match_is_symmetric():
    kinds = ["meeting", "visit", "forum", "exhibition", "agreement", "other"]
    assert all(kinds_match(a, b) == kinds_match(b, a) for a in kinds for b in kinds)


def save_at_once(pairs) -> list[Exception]:
    """Save each (article, document) in its own thread and transaction, all starting together."""
    start, errors = threading.Barrier(len(pairs)), []

    def save(article, doc):
        try:
            start.wait()
            with transaction.atomic():
                save_facts(article, doc)
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_workers_saving_reports_of_one_meeting_at_once_make_one_meeting(parse_with):
    """Each parse holds a lock on the meeting's day until it commits: the second sees the first's meeting."""
    if connection.vendor != "postgresql":
        skip_or_fail("the meeting-day lock is a PostgreSQL advisory lock (SQLite runs one writer at a time)")
    for round_ in range(6):  # the race is narrow: several rounds make a missing lock show
        day = date(2012, 11, 1 + round_)
        articles = [parse_with(), parse_with()]
        docs = [extract(bytes(a.raw)) for a in articles]
        for doc, kind in zip(docs, ("meeting", "visit"), strict=True):
            doc.meetings = [report(kind, day=day)]
        assert save_at_once(list(zip(articles, docs, strict=True))) == []
        assert Meeting.objects.filter(date=day).count() == 1
        assert MeetingSource.objects.filter(meeting__date=day).count() == 2
