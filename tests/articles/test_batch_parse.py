"""Parses in batches (issue 15): a zip's articles, a bulk re-parse, what recovery re-queues travel several to a
Celery message (`services.parse_batches`, `tasks.parse_batch`), claimed in one statement and written in one
transaction with a savepoint an article (`services.run_batch`). A bad article fails alone, with its reason, and
can be parsed again; a killed batch's runs are found by recovery through their message's id (`ParseRun.task_id`).

In-process (tasks run at commit); a real worker killed mid-batch is test_worker_recovery.py's.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import recovery, services, uploads
from articles.extraction import PARSER_VERSION
from articles.models import Article, Outcome, ParseRun, Status
from articles.tasks import parse_batch
from belregions.fact_kinds import FACT_MODELS
from belregions.models import TradeFigure, TradeKey
from tests.articles.workers import article_variants

pytestmark = pytest.mark.django_db

WITH_A_FIGURE = "001_2e5e79049d15ada6.txt"


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(services, "PARSE_BATCH_SIZE", 4)


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """A batch uploaded as the admin stores one (a zip's members), its parse messages run at commit."""

    def _upload(raws: list[bytes]) -> list[Article]:
        with django_capture_on_commit_callbacks(execute=True):
            batch = uploads.store_batch(uploads.Incoming(f"article-{i:02}.txt", raw) for i, raw in enumerate(raws))
        return list(Article.objects.filter(batch=batch).order_by("pk"))

    return _upload


def facts_of(article: Article) -> int:
    return sum(model.objects.filter(article=article).count() for model in FACT_MODELS)


def test_a_batch_parses_all_its_articles_a_message_for_several(seed_bytes, small_batches, upload):
    articles = upload(article_variants(seed_bytes, 10))
    assert [a.status for a in articles] == [Status.PARSED] * 10
    assert all(facts_of(a) for a in articles)
    runs = ParseRun.objects.filter(article__in=articles)
    assert set(runs.values_list("outcome", flat=True)) == {Outcome.SUCCESS}
    # 10 runs, 4 to a message: three messages, each run knowing its own.
    messages = set(runs.values_list("task_id", flat=True))
    assert len(messages) == 3 and all(task_id.startswith("parse-batch-") for task_id in messages)
    assert sorted(runs.filter(task_id=t).count() for t in messages) == [2, 4, 4]


def test_one_bad_article_fails_alone_with_its_reason_and_can_be_parsed_again(seed_bytes, small_batches, upload,
                                                                             monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    raws = article_variants(seed_bytes, 4)
    raws[1] = seed_bytes[WITH_A_FIGURE] + b"\n\nThe bad one.\n"  # its figure's trade key must not survive it
    bad_sha = Article.checksum(raws[1])
    unreadable_sha = Article.checksum(raws[3])
    save_facts, read_document = services.save_facts, services.read_document

    def save_or_break(article, doc):
        save_facts(article, doc)  # its rows are written, then it breaks: the savepoint takes them back
        if article.sha256 == bad_sha:
            raise ValueError("a bad article")
        return None

    def read_or_break(article):
        if article.sha256 == unreadable_sha:
            raise RuntimeError("unreadable")
        return read_document(article)

    monkeypatch.setattr(services, "save_facts", save_or_break)
    monkeypatch.setattr(services, "read_document", read_or_break)
    articles = upload(raws)
    by_sha = {a.sha256: a for a in articles}
    bad, unreadable = by_sha[bad_sha], by_sha[unreadable_sha]
    assert (bad.status, bad.error_code) == (Status.FAILED, "internal_error")
    assert "ValueError: a bad article" in bad.error_message
    assert (unreadable.status, unreadable.error_message) == (Status.FAILED, "RuntimeError: unreadable")
    assert bad.parse_runs.get().outcome == Outcome.FAILURE and "ValueError" in bad.parse_runs.get().traceback
    assert facts_of(bad) == 0 and not TradeFigure.objects.filter(article=bad).exists()
    # No key points at a figure that was rolled back.
    assert set(TradeKey.objects.values_list("chosen_id", flat=True)) <= set(TradeFigure.objects.values_list(
        "pk", flat=True))
    good = [a for a in articles if a not in (bad, unreadable)]
    assert [a.status for a in good] == [Status.PARSED] * 2 and all(facts_of(a) for a in good)

    monkeypatch.setattr(services, "save_facts", save_facts)
    monkeypatch.setattr(services, "read_document", read_document)
    with django_capture_on_commit_callbacks(execute=True):  # the editor's re-parse, one article
        services.queue_parse(bad)
    bad.refresh_from_db()
    assert bad.status == Status.PARSED and facts_of(bad)
    assert TradeKey.objects.filter(chosen_id__in=TradeFigure.objects.filter(article=bad).values("pk")).exists()


def test_a_message_delivered_twice_parses_nothing_twice(seed_bytes, small_batches, upload):
    articles = upload(article_variants(seed_bytes, 3))
    run_ids = list(ParseRun.objects.filter(article__in=articles).values_list("pk", flat=True))
    assert parse_batch.apply(args=(run_ids,)).get() == {"skipped": 3}
    assert ParseRun.objects.filter(article__in=articles).count() == 3


def test_a_batch_out_of_time_is_split_into_messages_of_one(seed_bytes, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    articles = [services.create_article(raw).article for raw in article_variants(seed_bytes, 3)]
    run_ids = [a.parse_runs.get().pk for a in articles]
    read_document, calls = services.read_document, []

    def slow_second(article):
        calls.append(article.pk)
        if len(calls) == 2:
            raise SoftTimeLimitExceeded()
        return read_document(article)

    monkeypatch.setattr(services, "read_document", slow_second)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_batch(run_ids)
    for article in articles:
        article.refresh_from_db()
        assert article.status == Status.PARSED
        assert list(article.parse_runs.order_by("pk").values_list("outcome", "error_code", "task_id")) == [
            (Outcome.ABANDONED, "split", ""), (Outcome.SUCCESS, "", "")]


def test_a_bulk_reparse_goes_in_batches(seed_bytes, small_batches, upload, django_capture_on_commit_callbacks):
    articles = upload(article_variants(seed_bytes, 5))
    with django_capture_on_commit_callbacks(execute=True), services.parse_batches():
        for article in articles:
            services.queue_parse(article)
    latest = [a.parse_runs.order_by("-pk").first() for a in articles]
    assert [run.outcome for run in latest] == [Outcome.SUCCESS] * 5
    assert len({run.task_id for run in latest}) == 2


def killed_batch(seed_bytes, count: int) -> tuple[list[Article], str]:
    """A batch a worker claimed a minute ago, then died (kill -9): its runs running, its message held by no one."""
    with services.parse_batches():
        articles = [services.create_article(raw).article for raw in article_variants(seed_bytes, count)]
    runs = ParseRun.objects.filter(article__in=articles)
    assert len(services.claim_runs(list(runs.values_list("pk", flat=True)))) == count
    runs.update(started_at=timezone.now() - timedelta(minutes=1))
    [message] = set(runs.values_list("task_id", flat=True))
    return articles, message


@pytest.fixture
def workers_hold(monkeypatch):
    held: set[str] = set()
    monkeypatch.setattr(recovery, "held_by_workers", lambda task_ids: held & set(task_ids))
    return held


def test_recovery_finds_a_killed_batchs_runs_by_their_message(seed_bytes, workers_hold,
                                                                django_capture_on_commit_callbacks):
    articles, message = killed_batch(seed_bytes, 3)
    workers_hold.add(message)  # the worker is alive and holds the message: nothing to do
    assert recovery.recover().requeued == []
    workers_hold.clear()  # no live worker holds it: each run re-queued, in one message again
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(recovery.recover().requeued) == sorted(a.pk for a in articles)
    for article in articles:
        article.refresh_from_db()
        assert article.status == Status.PARSED
        assert list(article.parse_runs.order_by("pk").values_list("outcome", "error_code")) == [
            (Outcome.ABANDONED, "stuck"), (Outcome.SUCCESS, "")]
    new_messages = ParseRun.objects.filter(article__in=articles, outcome=Outcome.SUCCESS).values_list("task_id")
    assert len(set(new_messages)) == 1 and new_messages[0][0] != message


def test_a_batch_the_broker_refused_is_sent_again_as_one_message(seed_bytes, monkeypatch):
    with services.parse_batches():
        articles = [services.create_article(raw).article for raw in article_variants(seed_bytes, 3)]
    runs = ParseRun.objects.filter(article__in=articles)
    runs.update(error_code=services.UNSENT)
    sent = []
    monkeypatch.setattr(services, "send_batch", lambda runs, message: sent.append((sorted(runs), message)))
    assert sorted(recovery.resend_unsent()) == sorted(a.pk for a in articles)
    [message] = set(runs.values_list("task_id", flat=True))
    assert sent == [(sorted(runs.values_list("article_id", "pk")), message)]


def stored_runs(seed_bytes, count: int, tag: str) -> list[int]:
    """Articles stored with an open run each, their messages not sent (as the worker finds them)."""
    run_ids = []
    for raw in article_variants(seed_bytes, count):
        raw += tag.encode()
        article = Article.all_objects.create(raw=raw, sha256=Article.checksum(raw), original_filename="a.txt")
        run_ids.append(ParseRun.objects.create(article=article, parser_version=PARSER_VERSION).pk)
    return run_ids


def test_a_batch_takes_fewer_statements_than_its_articles_one_by_one(seed_bytes):
    """The statements of a batch of N grow less than N × one article's: one claim, one transaction, the trade keys,
    read models and regions' versions once (known stories: every seed parsed once before)."""
    size = 10
    services.run_batch(stored_runs(seed_bytes, 5, "warm"))
    one_by_one = stored_runs(seed_bytes, size, "single")
    with CaptureQueriesContext(connection) as singles:
        for run_id in one_by_one:
            services.run_batch([run_id])
    with CaptureQueriesContext(connection) as batch:
        runs = services.run_batch(stored_runs(seed_bytes, size, "batch"))
    assert [run.outcome for run in runs] == [Outcome.SUCCESS] * size
    per_article = len(singles) / size
    # Measured: PostgreSQL 75 statements for the batch of 10 against 178 one by one (each already with the
    # one-statement claim; before it, 23 an article); 4.4 an article in batches of 25 on a larger database, since
    # the articles' locks, their facts, references, people, texts and candidate meetings are read once a batch
    # (`fact_writer.batch`; 166 and 14.0 before) and the articles' and runs' rows written once a batch (one UPDATE
    # each, `services._BatchRows`; 93 and 6.3 before). SQLite 140 against 348 (194 before; its read models take
    # three statements each, once a batch; its rows are still written an article at a time).
    assert len(batch) < size * per_article, (len(batch), per_article)
    assert len(batch) <= (80 if connection.vendor == "postgresql" else 150), len(batch)
    if connection.vendor == "postgresql":
        claims = [q["sql"] for q in batch.captured_queries if 'UPDATE "articles_parserun" SET outcome' in q["sql"]]
        assert len(claims) == 1  # the claim of all ten: one statement


class Deadlock(Exception):
    sqlstate = "40P01"


def test_an_article_that_lost_a_deadlock_is_written_again_in_its_batch(seed_bytes, monkeypatch):
    run_ids = stored_runs(seed_bytes, 3, "deadlock")
    save_facts, calls = services.save_facts, []

    def deadlocked_once(article, doc):
        calls.append(article.pk)
        if len(calls) == 2:
            raise OperationalError("deadlock detected") from Deadlock()
        return save_facts(article, doc)

    monkeypatch.setattr(services, "save_facts", deadlocked_once)
    runs = services.run_batch(run_ids)
    assert [run.outcome for run in runs] == [Outcome.SUCCESS] * 3 and len(calls) == 4


def test_a_database_failure_leaves_the_batch_open_for_the_tasks_retry(seed_bytes, monkeypatch):
    run_ids = stored_runs(seed_bytes, 3, "outage")
    read_document = services.read_document

    def first_unreadable(article):
        if article.parse_runs.get().pk == run_ids[0]:
            raise RuntimeError("unreadable")
        return read_document(article)

    def database_gone(article, doc):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(services, "read_document", first_unreadable)
    monkeypatch.setattr(services, "save_facts", database_gone)
    with pytest.raises(OperationalError):
        services.run_batch(run_ids)
    runs = ParseRun.objects.filter(pk__in=run_ids).order_by("pk")
    assert list(runs.values_list("outcome", "error_code", "retries")) == [
        (Outcome.FAILURE, "internal_error", 0), (Outcome.RUNNING, "transient", 1), (Outcome.RUNNING, "transient", 1)]
    services.give_up_batch(run_ids, OperationalError("still gone"))  # the task out of retries
    assert list(runs.values_list("outcome", "error_code")) == [
        (Outcome.FAILURE, "internal_error"), (Outcome.FAILURE, "transient_error"), (Outcome.FAILURE, "transient_error")]
    assert Article.objects.filter(parse_runs__pk__in=run_ids, status=Status.FAILED).count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes any length: no row it cannot write")
def test_an_article_whose_row_cannot_be_written_fails_alone(seed_bytes, monkeypatch):
    """On PostgreSQL a batch's article and run rows are written by one UPDATE each after the savepoints: a value
    one article's row cannot take fails that statement, and the batch is written again article by article, so that
    the article fails alone, as its own UPDATE in its savepoint would have made it."""
    run_ids = stored_runs(seed_bytes, 3, "long-title")
    save_facts = services.save_facts
    bad = ParseRun.objects.get(pk=run_ids[1]).article_id

    def title_too_long(article, doc):
        save_facts(article, doc)
        if article.pk == bad:
            article.title = "x" * 600  # the column takes 500
        return None

    monkeypatch.setattr(services, "save_facts", title_too_long)
    with CaptureQueriesContext(connection) as queries:
        runs = services.run_batch(run_ids)
    assert [run.outcome for run in runs] == [Outcome.SUCCESS, Outcome.FAILURE, Outcome.SUCCESS]
    failed = Article.all_objects.get(pk=bad)
    assert (failed.status, failed.error_code) == (Status.FAILED, "internal_error")
    assert "DataError" in failed.error_message and facts_of(failed) == 0
    good = Article.all_objects.filter(parse_runs__pk__in=[run_ids[0], run_ids[2]])
    assert [a.status for a in good] == [Status.PARSED] * 2 and all(facts_of(a) for a in good)
    assert sum('UPDATE "articles_article" AS t' in q["sql"] for q in queries.captured_queries) == 1
