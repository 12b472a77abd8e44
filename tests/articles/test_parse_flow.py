"""The status flow of a parse: queued → parsing → parsed or failed."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

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


# --- the same text from other bytes ---------------------------------------------------


def test_the_same_text_in_other_bytes_is_a_duplicate_without_facts(upload, seed_bytes):
    raw = seed_bytes["001_2e5e79049d15ada6.txt"]
    original = upload(raw, "belta.txt")
    copy = upload(raw.replace(b"\n", b"\r\n") + b"\n   \n", "copy.txt")  # other bytes, same clean text
    assert original.status == Status.PARSED
    assert copy.status == Status.DUPLICATE and copy.duplicate_of == original
    assert copy.text_sha256 == original.text_sha256 and copy.text
    assert sum(fact_counts(copy)) == 0 and sum(fact_counts(original)) > 0
    run = copy.parse_runs.get()
    assert run.outcome == Outcome.DUPLICATE and f"Same text as article {original.pk}" in run.error_message


def test_reparsing_the_original_keeps_it_the_original(upload, seed_bytes, django_capture_on_commit_callbacks):
    raw = seed_bytes["001_2e5e79049d15ada6.txt"]
    original = upload(raw, "a.txt")
    copy = upload(raw + b"\n\n", "b.txt")
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_parse(original)
        services.queue_parse(copy)
    original.refresh_from_db()
    copy.refresh_from_db()
    assert (original.status, copy.status, copy.duplicate_of_id) == (Status.PARSED, Status.DUPLICATE, original.pk)


def test_a_duplicate_whose_original_is_deleted_becomes_the_original(upload, seed_bytes,
                                                                    django_capture_on_commit_callbacks):
    raw = seed_bytes["001_2e5e79049d15ada6.txt"]
    original = upload(raw, "a.txt")
    copy = upload(raw + b"\n\n", "b.txt")
    original.delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_parse(Article.objects.get(pk=copy.pk))
    copy.refresh_from_db()
    assert copy.status == Status.PARSED and copy.duplicate_of is None
    assert sum(fact_counts(copy)) > 0


# --- one open run per article: messages delivered twice do nothing --------------------


def test_a_message_delivered_again_after_success_changes_nothing(upload, seed_bytes):
    article = upload(seed_bytes["001_2e5e79049d15ada6.txt"])
    run = article.parse_runs.get()
    before = fact_counts(article)
    assert parse_article.apply(args=[article.pk, run.pk]).get() == "skipped"
    assert fact_counts(article) == before
    assert list(article.parse_runs.values_list("outcome", flat=True)) == [Outcome.SUCCESS]


def test_a_message_for_a_replaced_run_is_skipped(seed_bytes):
    article = services.create_article(seed_bytes["001_2e5e79049d15ada6.txt"]).article  # not sent: no commit
    first = article.parse_runs.get()
    second = services.queue_parse(article)
    first.refresh_from_db()
    assert (first.outcome, first.error_code) == (Outcome.ABANDONED, "superseded")
    assert services.run_parse(article.pk, first.pk) is None
    assert services.run_parse(article.pk, second.pk).outcome == Outcome.SUCCESS
    assert sum(fact_counts(article)) > 0


def test_a_run_left_running_by_a_dead_worker_is_parsed_on_redelivery(seed_bytes):
    article = services.create_article(seed_bytes["001_2e5e79049d15ada6.txt"]).article
    run = services.claim_run(article.pk, article.parse_runs.get().pk)  # the worker died right after this
    assert Article.objects.get(pk=article.pk).status == Status.PARSING
    assert services.run_parse(article.pk, run.pk).outcome == Outcome.SUCCESS
    assert Article.objects.get(pk=article.pk).status == Status.PARSED


def test_a_message_for_a_deleted_article_is_skipped():
    assert parse_article.apply(args=[987654, 1]).get() == "skipped"


# --- transient errors are retried, parse errors are not -------------------------------


def flaky(real, failures: int):
    calls = {"n": 0}

    def save_facts(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    return save_facts, calls


def test_a_database_hiccup_is_retried_and_the_article_parsed(seed_bytes, monkeypatch):
    save_facts, calls = flaky(services.save_facts, failures=2)
    monkeypatch.setattr(services, "save_facts", save_facts)
    article = services.create_article(seed_bytes["001_2e5e79049d15ada6.txt"]).article
    run = article.parse_runs.get()
    assert parse_article.apply(args=[article.pk, run.pk]).get() == Outcome.SUCCESS
    run.refresh_from_db()
    assert (calls["n"], run.retries, run.outcome) == (3, 2, Outcome.SUCCESS)
    assert Article.objects.get(pk=article.pk).status == Status.PARSED


def test_it_gives_up_after_the_retries_and_says_why(seed_bytes, monkeypatch):
    save_facts, calls = flaky(services.save_facts, failures=100)
    monkeypatch.setattr(services, "save_facts", save_facts)
    article = services.create_article(seed_bytes["001_2e5e79049d15ada6.txt"]).article
    parse_article.apply(args=[article.pk, article.parse_runs.get().pk])
    article.refresh_from_db()
    assert calls["n"] == 1 + parse_article.max_retries
    assert article.status == Status.FAILED and article.error_code == "transient_error"
    assert "server closed the connection" in article.error_message
    assert bytes(article.raw) == seed_bytes["001_2e5e79049d15ada6.txt"]


def test_a_parse_error_is_not_retried(monkeypatch):
    calls = {"n": 0}

    def broken(*args, **kwargs):
        calls["n"] += 1
        raise ValueError("no rule for this")

    monkeypatch.setattr(services, "extract", broken)
    article = services.create_article(b"Belarus and Omsk Oblast.").article
    parse_article.apply(args=[article.pk, article.parse_runs.get().pk])
    article.refresh_from_db()
    assert calls["n"] == 1
    assert (article.status, article.error_code) == (Status.FAILED, "internal_error")


def test_a_parse_over_the_time_limit_fails_with_timeout(monkeypatch):
    def slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "extract", slow)
    article = services.create_article(b"Belarus and Omsk Oblast.").article
    services.run_parse(article.pk, article.parse_runs.get().pk)
    article.refresh_from_db()
    assert (article.status, article.error_code) == (Status.FAILED, "timeout")


@pytest.mark.parametrize(
    "raw, outcome",
    [
        pytest.param(b"\x00\x01\x02binary\x00" * 10, ("failed", "binary"), id="binary"),
        pytest.param("Минск и Брянская область\n\nТоварооборот вырос.".encode("cp1251"), ("parsed", ""),
                     id="windows-1251"),
        pytest.param(b"<html><body><script>alert(1)</script><p>Belarus and Omsk Oblast.</p></body></html>",
                     ("parsed", ""), id="html-with-script"),
    ],
)
def test_odd_inputs_end_parsed_or_failed_with_a_reason(upload, raw, outcome):
    article = upload(raw, "odd.html" if raw.startswith(b"<html") else "odd.txt")
    assert (article.status, article.error_code) == outcome
    assert bytes(article.raw) == raw
    assert "alert(1)" not in article.text
