"""Editors write through the API: upload (202 + status URL), duplicates, re-parse, fact review."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ParseRun
from belregions.models import ArticleRegion, FactChange, MeetingSource, Review, TradeFigure
from tests import factories as make
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    path = SEEDS[0]
    return path.name, path.read_bytes()


def test_an_upload_answers_202_and_its_url_shows_the_parse(editor_client, seed, django_capture_on_commit_callbacks):
    name, raw = seed
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/api/v1/articles/", {"file": SimpleUploadedFile(name, raw),
                                                            "source_name": "BelTA"}, format="multipart")
    assert response.status_code == 202
    assert response["Location"] == response.json()["url"]
    assert response.json()["status"] == "queued"  # as answered: the parse runs after the commit

    article = editor_client.get(response["Location"]).json()
    assert article["status"] == "parsed"
    assert article["source_name"] == "BelTA" and article["original_filename"] == name
    assert article["facts"]["regions"], "a parsed seed names at least one region"
    assert article["parse_runs"][0]["outcome"] == "success"
    assert bytes(Article.objects.get().raw) == raw


def test_the_same_bytes_again_answer_with_the_existing_article(editor_client, seed):
    name, raw = seed
    first = editor_client.post("/api/v1/articles/", {"file": SimpleUploadedFile(name, raw)}, format="multipart")
    assert first.status_code == 202
    copy = editor_client.post("/api/v1/articles/", {"file": SimpleUploadedFile("b.txt", raw)}, format="multipart")
    assert copy.status_code == 200
    assert copy.json()["id"] == first.json()["id"]
    assert copy["Location"] == first["Location"]
    assert Article.objects.filter(sha256=Article.checksum(raw)).count() == 1


@pytest.mark.parametrize(
    "data, how, field",
    [
        pytest.param({"file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4")}, "multipart", "file", id="wrong-type"),
        pytest.param({"source_name": "BelTA"}, "multipart", "file", id="no-file"),
        pytest.param({"source_name": "BelTA"}, "json", "text", id="no-text"),
        pytest.param({"text": " \u3000\n "}, "json", "text", id="blank-text"),
        pytest.param({"text": "x", "source_url": "not a url"}, "json", "source_url", id="bad-url"),
        pytest.param({"text": "x", "published_override": "yesterday"}, "json", "published_override", id="bad-date"),
        pytest.param({"text": "x", "source_name": "a\u0000b"}, "json", "source_name", id="nul-in-a-field"),
    ],
)
def test_a_bad_upload_is_refused_with_the_field(editor_client, data, how, field):
    response = editor_client.post("/api/v1/articles/", data, format=how)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Article.objects.exists()


def test_a_file_and_a_text_together_are_refused(editor_client):
    data = {"file": SimpleUploadedFile("a.txt", b"one"), "text": "two"}
    response = editor_client.post("/api/v1/articles/", data, format="multipart")
    assert response.status_code == 400
    assert "JSON" in response.json()["errors"]["text"][0]


def test_a_text_with_nul_is_kept_as_sent_and_the_parse_says_why(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post("/api/v1/articles/", {"text": "Minsk\u0000\u0001 trade"}, format="json")
    assert response.status_code == 202
    article = Article.objects.get()
    assert bytes(article.raw) == b"Minsk\x00\x01 trade"
    assert editor_client.get(response["Location"]).json()["status"] in ("failed", "parsed")


def test_reparse_queues_a_new_run(editor_client, world, django_capture_on_commit_callbacks):
    article = world["articles"][0]
    runs = ParseRun.objects.filter(article=article).count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(f"/api/v1/articles/{article.pk}/reparse/")
    assert response.status_code == 202
    assert response["Location"].endswith(f"/api/v1/articles/{article.pk}/")
    assert response.json()["status"] == "queued"
    assert ParseRun.objects.filter(article=article).count() == runs + 1
    assert len(callbacks) == 1  # the task is sent once the transaction commits


def test_an_editor_confirms_a_fact(editor_client, editor, world):
    figure = world["trade"][0]
    response = editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["review"] == "confirmed"
    figure.refresh_from_db()
    assert figure.review == Review.CONFIRMED and figure.reviewed_by == editor
    assert FactChange.objects.get(fact_id=figure.pk).action == "confirm"


def test_a_rejected_figure_leaves_the_lists(editor_client, anon_client, world):
    figure = world["trade"][0]
    assert editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/reject/").json()["review"] == "rejected"
    listed = [row["id"] for row in anon_client.get("/api/v1/trade-figures/").json()["results"]]
    assert figure.pk not in listed
    assert anon_client.get(f"/api/v1/facts/trade-figures/{figure.pk}/").json()["review"] == "rejected"


def test_a_correction_changes_the_fact_and_keeps_its_fingerprint(editor_client, world):
    figure = world["trade"][0]
    body = {"amount": 1300000000.50, "flow": "export", "region": "RU-SPE", "currency": "rub"}
    response = editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/correct/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["review"] == "corrected"
    figure.refresh_from_db()
    assert (figure.amount, figure.flow, figure.region_id, figure.currency) == (
        Decimal("1300000000.50"), "export", "RU-SPE", "RUB")
    assert figure.fingerprint == world["trade"][0].fingerprint


@pytest.mark.parametrize(
    "body, field",
    [
        pytest.param({}, "non_field_errors", id="nothing-to-correct"),
        pytest.param({"amount": -5}, "amount", id="negative-amount"),
        pytest.param({"amount": "5"}, "amount", id="amount-as-text"),
        pytest.param({"evidence": 5}, "evidence", id="number-as-text"),
        pytest.param({"period_end": "2018-01-01"}, "period_end", id="period-backwards"),
        pytest.param({"region": "XX-NO"}, "region", id="unknown-region"),
        pytest.param({"flow": "sideways"}, "flow", id="unknown-flow"),
        pytest.param({"fingerprint": "x"}, "non_field_errors", id="not-editable"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(editor_client, world, body, field):
    figure = world["trade"][0]
    response = editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/correct/", body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert field in error["errors"] or (field == "non_field_errors" and error["message"])
    figure.refresh_from_db()
    assert figure.review == Review.UNREVIEWED and figure.amount == Decimal("1200000000.00")


def test_a_correction_onto_a_reviewed_twin_is_a_409(editor_client, world):
    moscow_article = world["articles"][0]
    spb_link = make.mention(moscow_article, "RU-SPE", fingerprint="x", review=Review.CONFIRMED)
    moscow_link = ArticleRegion.objects.get(article=moscow_article, region_id="RU-MOW")
    response = editor_client.post(f"/api/v1/facts/regions/{moscow_link.pk}/correct/", {"region": "RU-SPE"},
                                  format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and "already has" in response.json()["message"]
    moscow_link.refresh_from_db()
    assert moscow_link.region_id == "RU-MOW" and spb_link.review == Review.CONFIRMED


def test_russia_as_a_whole_and_unknown_people_in_corrections(editor_client, world):
    figure = world["trade"][0]
    response = editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/correct/", {"region": "RU"},
                                  format="json")
    assert response.status_code == 200 and response.json()["region"] == "RU"
    figure.refresh_from_db()
    assert figure.region_id is None
    fact = world["articles"][0].articleperson_facts.first()
    missing = editor_client.post(f"/api/v1/facts/people/{fact.pk}/correct/", {"person": 987654}, format="json")
    assert missing.status_code == 404 and "987654" in missing.json()["message"]


def test_a_meeting_report_is_corrected_to_another_day(editor_client, world):
    source = MeetingSource.objects.get(article=world["articles"][0])
    body = {"date": "2020-01-02", "kind": "visit"}
    response = editor_client.post(f"/api/v1/facts/meetings/{source.pk}/correct/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["date"] == "2020-01-02" and response.json()["meeting_kind"] == "visit"
    source.refresh_from_db()
    assert set(source.meeting.regions.values_list("code", flat=True)) == {"RU-MOW"}


@pytest.mark.parametrize("kind", ["regions", "sectors", "people", "meetings", "trade-figures"])
def test_every_kind_of_fact_can_be_confirmed_and_rejected(editor_client, world, kind):
    fact = editor_client.get(f"/api/v1/articles/{world['articles'][0].pk}/").json()["facts"][kind.replace("-", "_")][0]
    assert editor_client.post(f"{fact['url']}confirm/").json()["review"] == "confirmed"
    assert editor_client.post(f"{fact['url']}reject/").json()["review"] == "rejected"


def test_a_reviewed_fact_survives_a_reparse(editor_client, world, django_capture_on_commit_callbacks):
    figure = world["trade"][0]
    editor_client.post(f"/api/v1/facts/trade-figures/{figure.pk}/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/api/v1/articles/{figure.article_id}/reparse/")
    assert TradeFigure.objects.get(pk=figure.pk).review == Review.CONFIRMED
