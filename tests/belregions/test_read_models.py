"""The dashboard's read models (belregions/read_models.py) stay what the links say, whatever writes them.

Each step below changes links or meetings the way the app does (a parse, a
re-parse, the review services, a status change, a soft delete, restore and
merge, a hard delete), then compares the kept counts, and the ledgers behind
them, with a computation that shares no code with the read models: the
articles that name each sector and each region (a district: it or any of its
regions), and the reported meetings of each year and kind, as the readers
count them (`shown()`, `COUNTED_REVIEWS`, `Meeting.objects.reported()`).
"""

from __future__ import annotations

import io
import threading
import time
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from articles import editing, services
from articles.models import Article, Status
from belregions import read_models
from belregions.models import (
    COUNTED_REVIEWS,
    ArticleRegion,
    ArticleSector,
    CountedMeeting,
    CountedMeetingRegion,
    Meeting,
    MeetingSource,
    MeetingYearCount,
    Region,
    SectorRegionArticle,
    SectorRegionCount,
    SectorYearArticle,
    TradeKey,
)
from belregions.review import fact_add, fact_confirm, fact_correct, fact_reject
from tests import factories as make
from tests.conftest import SEEDS, skip_or_fail

pytestmark = pytest.mark.django_db


def counted_links() -> tuple[dict[int, set[str]], dict[int, set[str]], dict[int, int]]:
    """Each shown article's counted sectors, its counted regions with their districts, and its year (0: none)."""
    sectors, areas, years = defaultdict(set), defaultdict(set), {}
    for article, sector, published in (ArticleSector.objects.shown().filter(review__in=COUNTED_REVIEWS)
                                       .values_list("article_id", "sector_id", "article__published")):
        sectors[article].add(sector)
        years[article] = published.year if published else 0
    for article, region, district in (ArticleRegion.objects.shown().filter(review__in=COUNTED_REVIEWS)
                                      .values_list("article_id", "region_id", "region__district_id")):
        areas[article].update(code for code in (region, district) if code)
    return sectors, areas, years


def counted_pairs() -> set[tuple[int, str, str]]:
    """(article, sector, region) of every pair readers count, from the links: each counted sector of a shown
    article with each counted region it names, and with that region's district."""
    sectors, areas, _years = counted_links()
    return {(article, sector, area) for article in sectors for sector in sectors[article] for area in areas[article]}


def counted_sector_years() -> set[tuple[int, str, str, int]]:
    """(article, sector, region or "" for everywhere, year) of every counted sector of a shown article."""
    sectors, areas, years = counted_links()
    return {(article, sector, area, years[article]) for article in sectors for sector in sectors[article]
            for area in ("", *areas[article])}


def counted_meetings() -> set[tuple[int, int, str]]:
    """(meeting, year, kind) of every meeting readers count in a year."""
    return {(m.pk, m.date.year, m.kind) for m in Meeting.objects.reported().filter(date__isnull=False)}


def counted_meeting_months() -> set[tuple[int, str, int, int, str]]:
    """(meeting, region, year, month, kind) of every reported meeting (0, 0: undated) in each region it was held
    in, and in that region's district."""
    found = set()
    for m in Meeting.objects.reported().prefetch_related("regions"):
        year, month = (m.date.year, m.date.month) if m.date else (0, 0)
        areas = {code for r in m.regions.all() for code in (r.code, r.district_id) if code}
        found |= {(m.pk, area, year, month, m.kind) for area in areas}
    return found


def assert_in_step() -> dict[tuple[str, str], int]:
    """The kept counts and ledgers are the ones the links and meetings give; returns the sector counts."""
    pairs, meetings, months, years = counted_pairs(), counted_meetings(), counted_meeting_months(), \
        counted_sector_years()
    expected = (dict(Counter((sector, area) for _article, sector, area in pairs)),
                dict(Counter((year, kind) for _meeting, year, kind in meetings)),
                dict(Counter(row[1:] for row in months)), dict(Counter(row[1:] for row in years)))
    assert read_models.stored() == expected
    assert read_models.from_scratch() == expected
    assert set(SectorRegionArticle.objects.values_list("article_id", "sector_id", "region_id")) == pairs
    assert set(CountedMeeting.objects.values_list("meeting_id", "year", "kind")) == meetings
    assert set(CountedMeetingRegion.objects.values_list("meeting_id", "region_id", "year", "month", "kind")) == months
    assert set(SectorYearArticle.objects.values_list("article_id", "sector_id", "region_code", "year")) == years
    assert not SectorRegionCount.objects.filter(articles__lt=0).exists()
    assert not MeetingYearCount.objects.filter(meetings__lt=0).exists()
    return expected[0]


def parsed(raw: bytes, name: str) -> Article:
    article = services.create_article(raw, filename=name).article
    services.run_parse(article.pk, article.parse_runs.get().pk)
    article.refresh_from_db()
    return article


def link(model, article: Article, **where):
    return model.objects.filter(article=article, **where).order_by("pk").first()


def test_every_write_path_keeps_the_counts_what_the_links_say(seed_bytes, editor):
    articles = [parsed(seed_bytes[path.name], path.name) for path in SEEDS]
    counts = assert_in_step()
    assert counts and any(region.startswith("RU-FD-") for _sector, region in counts)
    a, b, c, d, e = articles

    services.run_parse(a.pk)  # a re-parse: the same facts, nothing moves
    assert assert_in_step() == counts

    fact_reject(link(ArticleSector, a), editor)
    assert_in_step()
    fact_reject(link(ArticleRegion, b), editor)
    assert_in_step()
    region_link = link(ArticleRegion, c)
    elsewhere = Region.objects.exclude(district_id=region_link.region.district_id).filter(country="RU").first()
    fact_correct(region_link, editor, region=elsewhere)  # to a region of another district
    assert_in_step()
    fact_add(make.new_sector(d, "energy"), editor)
    fact_add(make.new_mention(d, "RU-FD-FE"), editor)  # a district named alone
    assert_in_step()
    fact_confirm(link(ArticleSector, a, review="rejected"), editor)  # an editor takes a rejection back
    assert_in_step()
    services.run_parse(b.pk)  # a re-parse keeps the editors' facts, and the rejection
    assert_in_step()

    reports = (MeetingSource.objects.filter(article__in=articles, meeting__date__isnull=False)
               .select_related("meeting").order_by("pk"))
    assert reports.count() >= 3
    fact_reject(reports[0], editor)  # its meeting may have no other report: it leaves the count
    assert_in_step()
    moved = reports[1]
    fact_correct(moved, editor, date=moved.meeting.date.replace(year=moved.meeting.date.year - 3))  # another year
    assert_in_step()
    fact_correct(reports[2], editor, kind="forum")  # another kind
    assert_in_step()
    fact_add(MeetingSource(article=e), editor, kind="visit", date=make.MEETING_DAY, participants=[],
             regions=["RU-KYA"], evidence="A visit.")
    assert_in_step()
    services.run_parse(a.pk)  # a re-parse after the reviews
    assert_in_step()

    before = assert_in_step()
    Article.all_objects.get(pk=e.pk).set_status(Status.FAILED, error_code="x", error_message="y")
    services.queue_parse(Article.all_objects.get(pk=e.pk))
    assert assert_in_step() == before  # a status alone changes nothing readers count (their facts stay shown)

    editing.delete(Article.all_objects.get(pk=a.pk), editor)
    assert_in_step()
    editing.restore(Article.all_objects.get(pk=a.pk), editor)
    assert_in_step()
    copy = parsed(seed_bytes[SEEDS[3].name] + b"\n\nAnother agency's copy.\n", "copy.txt")
    assert_in_step()
    fact_add(make.new_sector(copy, "tourism"), editor)  # an editor's fact the merge moves
    editing.merge(copy, Article.all_objects.get(pk=d.pk), editor)
    assert_in_step()
    Article.all_objects.get(pk=c.pk).delete()  # a superuser's hard delete: the links go with it
    assert_in_step()
    duplicate = parsed(seed_bytes[SEEDS[1].name] + b"\n", "same-text.txt")  # same clean text: no facts of its own
    assert duplicate.status == Status.DUPLICATE
    assert_in_step()


def test_a_count_that_falls_to_nothing_keeps_its_row_at_zero():
    source = make.article()
    make.sector(source, "energy")
    mention = make.mention(source, "RU-NVS")
    event = make.meeting(source, make.MEETING_DAY)
    year = source.published.year
    assert read_models.stored() == ({("energy", "RU-NVS"): 1, ("energy", "RU-FD-SIB"): 1}, {(2012, "meeting"): 1},
                                    {}, {("energy", "", year): 1, ("energy", "RU-NVS", year): 1,
                                         ("energy", "RU-FD-SIB", year): 1})
    event.regions.add("RU-NVS")  # where it was held, set after it was made (the admin, a correction)
    assert read_models.stored()[2] == {("RU-NVS", 2012, 11, "meeting"): 1, ("RU-FD-SIB", 2012, 11, "meeting"): 1}
    mention.delete()
    event.delete()
    assert read_models.stored() == ({}, {}, {}, {("energy", "", year): 1}) == read_models.from_scratch()
    assert set(SectorRegionCount.objects.values_list("articles", flat=True)) == {0}
    assert set(MeetingYearCount.objects.values_list("meetings", flat=True)) == {0}


def test_one_article_naming_two_regions_of_a_district_counts_once_there():
    source = make.article()
    make.sector(source, "energy")
    make.mention(source, "RU-NVS")
    make.mention(source, "RU-OMS")
    make.mention(source, "RU-FD-SIB")
    assert_in_step()
    assert read_models.stored()[0][("energy", "RU-FD-SIB")] == 1


def test_rebuild_is_idempotent_and_repairs_writes_around_the_app(seed_bytes):
    for path in SEEDS[:3]:
        parsed(seed_bytes[path.name], path.name)
    counts = assert_in_step()
    ArticleSector.objects.filter(pk=ArticleSector.objects.order_by("pk").first().pk).update(sector_id="energy")
    Meeting.objects.filter(pk=Meeting.objects.order_by("pk").first().pk).update(kind="exhibition")
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_read_models", "--check", stdout=io.StringIO())
    call_command("rebuild_read_models", stdout=io.StringIO())
    repaired = assert_in_step()
    assert repaired != counts
    call_command("rebuild_read_models", stdout=io.StringIO())
    assert assert_in_step() == repaired
    out = io.StringIO()
    call_command("rebuild_read_models", "--check", stdout=out)
    assert "are right" in out.getvalue()


def test_the_check_covers_the_trade_keys_chosen_figures(seed_bytes):
    for path in SEEDS:
        parsed(seed_bytes[path.name], path.name)
    call_command("rebuild_read_models", "--check", stdout=io.StringIO())  # what the parses kept is right
    assert TradeKey.objects.filter(chosen_id__isnull=False).exists()
    TradeKey.objects.update(chosen_id=None)  # around the app
    with pytest.raises(CommandError, match="trade key"):
        call_command("rebuild_read_models", "--check", stdout=io.StringIO())
    call_command("rebuild_read_models", stdout=io.StringIO())
    call_command("rebuild_read_models", "--check", stdout=io.StringIO())


def _at_once(*writers) -> None:
    """Run the writers in threads, each in its own transaction held open a moment, starting together."""
    start, errors = threading.Barrier(len(writers)), []

    def run(write):
        try:
            start.wait()
            with transaction.atomic():
                write()
                time.sleep(0.1)  # hold the transaction open: the other one writes now
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(write,)) for write in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_two_transactions_counting_the_same_cells_lose_nothing():
    """Two articles' links written at once move the same counts: both increments stay."""
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent writers need PostgreSQL (SQLite runs one writer at a time)")
    sources = [make.article(), make.article()]
    for source in sources:
        make.sector(source, "energy")
    _at_once(*(lambda source=source: make.mention(source, "RU-NVS") for source in sources))
    assert assert_in_step() == {("energy", "RU-NVS"): 2, ("energy", "RU-FD-SIB"): 2}
    _at_once(*(lambda source=source: make.meeting(source, make.MEETING_DAY) for source in sources))
    assert read_models.stored()[1] == {(2012, "meeting"): 2}


@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_articles_links_at_once_leave_its_counts_right():
    """One adds a region, the other a sector: the second to refresh waits for the first and sees both."""
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent writers need PostgreSQL (SQLite runs one writer at a time)")
    source = make.article()
    make.sector(source, "energy")
    make.mention(source, "RU-NVS")
    _at_once(lambda: make.mention(source, "BY-MI"), lambda: make.sector(source, "tourism"))
    counts = assert_in_step()
    assert counts[("tourism", "BY-MI")] == 1


@pytest.mark.django_db(transaction=True)
def test_two_transactions_changing_one_meetings_reports_at_once_leave_its_count_right():
    """One article reports the meeting as another's report of it is rejected: still reported, still counted."""
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent writers need PostgreSQL (SQLite runs one writer at a time)")
    first, second = make.article(), make.article()
    event = make.meeting(first, make.MEETING_DAY)
    report = MeetingSource.objects.get(meeting=event)
    _at_once(lambda: make.meeting_source(second, event), lambda: fact_reject(report, None))
    assert_in_step()
    assert read_models.stored()[1] == {(2012, "meeting"): 1}
