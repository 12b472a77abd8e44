"""The status flow of a parse: queued → parsing → parsed or failed."""

import pytest

from articles import services
from articles.models import Article, Outcome, ParseRun, Status
from articles.tasks import parse_article
from belregions.models import ArticleRegion, ArticleSector, MeetingSource, TradeFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload as an editor would, running the on-commit enqueue as a commit would."""

    def _upload(raw: bytes, name: str = "a.txt") -> Article:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.create_article(raw, filename=name).article
        article.refresh_from_db()
        return article

    return _upload


def test_an_upload_is_parsed(upload, seed_bytes):
    article = upload(seed_bytes["000_9fbf4d02873f802f.txt"], "000.txt")
    assert article.status == Status.PARSED
    assert article.title
    assert article.parse_runs.get().outcome == Outcome.SUCCESS


def test_the_same_bytes_twice_give_the_first_article(seed_bytes):
    first = services.create_article(seed_bytes["000_9fbf4d02873f802f.txt"], filename="a.txt")
    again = services.create_article(seed_bytes["000_9fbf4d02873f802f.txt"], filename="b.txt")
    assert first.created and not again.created
    assert again.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_an_unreadable_upload_is_kept_and_marked_failed(upload):
    raw = b"\x00\x01\x02binary\x00" * 10
    article = upload(raw, "broken.txt")
    assert article.status == Status.FAILED
    assert article.error_code == "binary"
    assert article.error_message
    assert bytes(article.raw) == raw
    run = article.parse_runs.get()
    assert run.outcome == Outcome.FAILURE and run.error_code == "binary"


def test_a_task_that_raises_marks_failed_and_a_retry_succeeds(
    upload, seed_bytes, monkeypatch, django_capture_on_commit_callbacks
):
    real_extract = services.extract

    def broken_extract(*args, **kwargs):
        raise RuntimeError("gazetteer missing")

    monkeypatch.setattr(services, "extract", broken_extract)
    article = upload(seed_bytes["000_9fbf4d02873f802f.txt"])
    assert article.status == Status.FAILED
    assert "gazetteer missing" in article.error_message
    assert bytes(article.raw) == seed_bytes["000_9fbf4d02873f802f.txt"]

    monkeypatch.setattr(services, "extract", real_extract)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_parse(article)
    article.refresh_from_db()
    assert article.status == Status.PARSED
    assert article.error_message == ""
    assert list(article.parse_runs.order_by("id").values_list("outcome", flat=True)) == [
        Outcome.FAILURE, Outcome.SUCCESS]


def fact_counts(article):
    return [m.objects.filter(article=article).count()
            for m in (ArticleRegion, ArticleSector, MeetingSource, TradeFigure)]


def test_running_the_task_twice_creates_no_duplicates(upload, seed_bytes):
    article = upload(seed_bytes["001_2e5e79049d15ada6.txt"])
    before = fact_counts(article)
    assert sum(before) > 0
    parse_article.apply(args=[article.pk])
    parse_article.apply(args=[article.pk])
    assert fact_counts(article) == before
    assert ParseRun.objects.filter(article=article).count() == 3
