"""Near copies of one story are one meeting, even where one copy gives no date (issue 13, point 8).

The stories are real seed articles; another agency's copy is made from one
(`agency_copy`). The parser's meetings are set on the parsed documents, so
these tests pin the merging whatever the meetings step finds.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.db import connection

from articles import services
from articles.extraction import extract
from articles.extraction.document import MeetingFact
from articles.models import Article
from belregions.meeting_matching import NEAR_COPY_DAYS
from belregions.models import DatePrecision, Meeting, MeetingSource, Review
from belregions.review import fact_add, fact_confirm, fact_reject
from tests import factories as make
from tests.articles.test_meetings import save_at_once, sources
from tests.belregions.test_near_copies import agency_copy
from tests.conftest import SEEDS, skip_or_fail
from tests.factories import DROZDENKO, KUZNETSOV, LUKASHENKO
from tests.factories import MEETING_DAY as DAY
from tests.factories import meeting_fact as report  # a parse's report of a meeting

pytestmark = pytest.mark.django_db

STORY = extract(next(p for p in SEEDS if p.name.startswith("004_")).read_bytes()).text  # Krasnoyarsk, 2012
OTHER_STORY = extract(next(p for p in SEEDS if p.name.startswith("001_")).read_bytes()).text  # Siberia


UNDATED = {"day": None}


def parse(text: str, *meetings: MeetingFact, article: Article | None = None) -> Article:
    """Store `text` as an article (unless re-parsing `article`) and save a parse of it that found `meetings`."""
    if article is None:
        article = services.create_article(text.encode(), filename="story.txt").article
    return make.parsed_meetings(article, meetings)


@pytest.mark.parametrize("undated_first", [False, True], ids=["dated-first", "undated-first"])
def test_near_copies_one_undated_give_one_meeting_with_two_sources(undated_first):
    dated, undated = (STORY, report("meeting")), (agency_copy(STORY), report("visit", people=(KUZNETSOV,), **UNDATED))
    first, second = (undated, dated) if undated_first else (dated, undated)
    a, b = parse(*first), parse(*second)
    meeting = Meeting.objects.get()
    assert sources(meeting) == sorted([a.pk, b.pk])
    assert (meeting.date, meeting.date_precision) == (DAY, DatePrecision.DAY)  # the dated copy dates the event
    assert sorted(p.name for p in meeting.participants.all()) == [LUKASHENKO, KUZNETSOV]


@pytest.mark.parametrize(
    "copy_report, same",
    [
        pytest.param(report(day=DAY + timedelta(days=1)), True, id="a-day-apart"),
        pytest.param(report(day=DAY - timedelta(days=NEAR_COPY_DAYS)), True, id="a-few-days-apart"),
        pytest.param(report(day=date(2012, 11, 1), precision="month"), True, id="in-its-month"),
        pytest.param(report(day=DAY + timedelta(days=NEAR_COPY_DAYS + 1)), False, id="more-than-a-few-days-apart"),
        pytest.param(report(day=date(2012, 10, 1), precision="month"), False, id="another-month"),
        pytest.param(report(regions=("RU-LEN",), **UNDATED), False, id="another-russian-region"),
        pytest.param(report(regions=("RU-KYA", "RU-LEN"), **UNDATED), False, id="one-more-russian-region"),
        pytest.param(report(people=(DROZDENKO,), **UNDATED), False, id="nobody-shared"),
        pytest.param(report("forum", **UNDATED), False, id="a-forum-is-another-event"),
        pytest.param(report("agreement", regions=("RU-KYA", "BY-HM"), **UNDATED), True, id="agreement-with-minsk"),
        pytest.param(report("other", people=(), **UNDATED), True, id="no-people-named-in-the-copy"),
    ],
)
def test_what_makes_near_copies_one_event(copy_report, same):
    parse(STORY, report())
    parse(agency_copy(STORY), copy_report)
    assert Meeting.objects.count() == (1 if same else 2)


@pytest.mark.parametrize("second_day", [None, DAY + timedelta(days=1)], ids=["undated", "a-day-apart"])
def test_two_different_stories_of_the_same_people_stay_two_meetings(second_day):
    """The same governor and President in two stories (two visits, years apart): not near copies."""
    parse(STORY, report(day=None))
    parse(OTHER_STORY, report("visit", day=second_day))
    assert Meeting.objects.count() == 2


def test_two_undated_visits_in_one_article_stay_two():
    """An article is no near copy of another event of its own."""
    parse(STORY, report("visit", day=None), report("meeting", day=None, people=(KUZNETSOV,)))
    assert Meeting.objects.count() == 2


def test_a_third_copy_joins_the_meeting_of_the_first_two():
    parse(STORY, report(**UNDATED))
    parse(agency_copy(STORY, seed=2), report("visit", **UNDATED))
    parse(agency_copy(STORY, seed=3), report(day=DAY + timedelta(days=1)))
    meeting = Meeting.objects.get()
    assert meeting.sources.count() == 3 and meeting.date == DAY + timedelta(days=1)


def test_reparsing_either_copy_neither_splits_nor_duplicates_the_meeting():
    dated = parse(STORY, report())
    undated = parse(agency_copy(STORY), report("visit", **UNDATED))
    for _ in range(2):
        parse(STORY, report(), article=dated)
        parse(STORY, report("visit", **UNDATED), article=undated)
        assert Meeting.objects.count() == 1 and MeetingSource.objects.count() == 2
    assert sources(Meeting.objects.get()) == sorted([dated.pk, undated.pk])


def test_reparsing_the_dated_copy_alone_finds_the_meeting_again():
    """The undated copy's report holds the meeting while the dated one is re-parsed."""
    dated = parse(STORY, report())
    undated = parse(agency_copy(STORY), report("visit", **UNDATED))
    parse(STORY, report(day=DAY + timedelta(days=1)), article=dated)  # now read a day later: still a near copy
    assert Meeting.objects.count() == 1
    assert sources(Meeting.objects.get()) == sorted([dated.pk, undated.pk])


def test_a_rejected_copy_stays_rejected_and_the_meeting_keeps_its_other_source(editor):
    dated = parse(STORY, report())
    undated = parse(agency_copy(STORY), report("visit", **UNDATED))
    fact_reject(MeetingSource.objects.get(article=undated), editor)
    parse(STORY, report("visit", **UNDATED), article=undated)
    assert list(MeetingSource.objects.filter(article=undated).values_list("review", flat=True)) == [Review.REJECTED]
    assert Meeting.objects.count() == 1
    assert list(MeetingSource.objects.active().values_list("article", flat=True)) == [dated.pk]


def test_an_editors_meeting_is_found_by_a_near_copy_and_kept_by_reparses(editor):
    article = parse(STORY)
    people = [make.person(name, key=key) for key, name in (("lukashenko a", LUKASHENKO), ("kuznetsov l", KUZNETSOV))]
    added = fact_add(MeetingSource(article=article), editor, kind="visit", date=DAY, participants=people,
                     regions=["RU-KYA"], evidence="The governor visited Minsk.")
    copy = parse(agency_copy(STORY), report(**UNDATED))
    parse(STORY, article=article)  # the editor's report stays, the parser found nothing this time
    meeting = Meeting.objects.get()
    assert sources(meeting) == sorted([article.pk, copy.pk])
    assert MeetingSource.objects.get(article=article).pk == added.pk and added.review == Review.ADDED


def test_an_edited_text_gets_a_new_sketch_on_its_editors_reports_too(editor):
    article = parse(OTHER_STORY, report())
    fact_confirm(MeetingSource.objects.get(article=article), editor)
    article.raw = STORY.encode()
    article.save(update_fields=["raw"])
    parse(STORY, article=article)  # the text now is the Krasnoyarsk story
    parse(agency_copy(STORY), report(**UNDATED))
    assert Meeting.objects.count() == 1


def test_the_dashboard_and_the_api_count_events_not_reports(client):
    parse(STORY, report())
    parse(agency_copy(STORY, seed=2), report("visit", **UNDATED))
    parse(agency_copy(STORY, seed=3), report(day=DAY + timedelta(days=1)))
    parse(OTHER_STORY, report(**UNDATED))  # another event
    assert MeetingSource.objects.count() == 4
    assert client.get("/?format=json").json()["headline"]["meetings"] == 2
    assert client.get("/api/v1/meetings/").json()["count"] == 2
    rows = {row["code"]: row for row in client.get("/regions/?data=regions&format=json").json()["rows"]}
    assert rows["RU-KYA"]["meetings"] == 2


def test_thirty_copies_of_ten_stories_are_ten_meetings(client):
    """The issue's check in small: each story told thrice, once undated, with the same two people in one region."""
    rnd = random.Random(13)
    vocabulary = STORY.split()
    stories = [" ".join(rnd.choice(vocabulary) for _ in range(250)) for _ in range(10)]
    copies = []
    for n, story in enumerate(stories):
        day = date(2010 + n, 5, 14)
        copies += [(story, report(day=day)), (agency_copy(story, seed=n), report("visit", day=None)),
                   (agency_copy(story, seed=100 + n), report(day=day + timedelta(days=1)))]
    rnd.shuffle(copies)
    for text, meeting in copies:
        parse(text, meeting)
    assert Meeting.objects.count() == 10 and MeetingSource.objects.count() == 30
    assert all(m.sources.count() == 3 and m.date for m in Meeting.objects.all())
    assert client.get("/?format=json").json()["headline"]["meetings"] == 10


@pytest.mark.django_db(transaction=True)
def test_two_workers_saving_near_copies_at_once_make_one_meeting():
    """Each parse locks the Russian regions a near copy could share: the second sees the first's meeting."""
    if connection.vendor != "postgresql":
        skip_or_fail("the near-copy lock is a PostgreSQL advisory lock (SQLite runs one writer at a time)")
    for round_ in range(6):  # the race is narrow: several rounds make a missing lock show
        day = date(2013 + round_, 3, 4)
        rnd = random.Random(round_)
        story = " ".join(rnd.choice(STORY.split()) for _ in range(250))
        articles = [parse(story), parse(agency_copy(story, seed=round_))]
        docs = [extract(bytes(a.raw)) for a in articles]
        docs[0].meetings, docs[1].meetings = [report(day=day)], [report("visit", day=None)]
        assert save_at_once(list(zip(articles, docs, strict=True))) == []
        assert MeetingSource.objects.filter(article__in=articles).values("meeting").distinct().count() == 1


def test_a_much_reprinted_story_is_compared_with_its_latest_reports_only(monkeypatch):
    """Issue 15: a parse compares its text with each candidate meeting's latest `NEAR_COPY_REPORTS` reports (a
    sketch they share once), not with every copy ever reported: the copies still join the one meeting."""
    from belregions import meeting_matching, near_copies

    monkeypatch.setattr(meeting_matching, "NEAR_COPY_REPORTS", 2)
    compared, similarities = [], near_copies.similarities
    monkeypatch.setattr(near_copies, "similarities",
                        lambda a, others: (compared.append(len(others)), similarities(a, others))[1])
    copies = [parse(agency_copy(STORY, seed) + f"\nCopy {seed}.", report("visit", people=(KUZNETSOV,), **UNDATED))
              for seed in range(1, 7)]
    meeting = Meeting.objects.get()
    assert sources(meeting) == sorted(a.pk for a in copies)
    assert compared and max(compared) <= 2
