"""What was agreed (issue 17, item 2): a parse's agreements written with their meeting and links, replaced by a
re-parse unless an editor dealt with them, and reviewed on the article's page by an editor.

The parse's agreements are set on a real parsed document (as the meetings tests set its meetings), so these
tests pin the writing and review rules whatever the extraction step finds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.extraction import extract
from articles.fact_writer import agreed_at, save_facts
from belregions.models import Agreement, FactChange, Origin, Review
from belregions.review import fact_confirm, fact_correct, fact_reject
from tests import factories as make
from tests.factories import MEETING_DAY as DAY
from tests.factories import agreement_fact as outcome
from tests.factories import meeting_fact as report

pytestmark = pytest.mark.django_db

CONTRACT = outcome("contract", ["RU-NVS", "BY-MI"], ["machinery"], ["Minsk Tractor Works", "Novosibirsk government"],
                   20_000_000, "USD", DAY, "MTZ and the Novosibirsk government signed a contract worth $20 million.")


@pytest.fixture
def story():
    """A stored article of its own (a text no other test's article is a near copy of)."""
    counter = iter(range(1, 1000))

    def new():
        n = next(counter)
        raw = f"Story {n}: the Minsk delegation visited Novosibirsk. " * 3
        return services.create_article(raw.encode(), filename=f"story-{n}.txt").article
    return new


def agreements_of(article) -> list[Agreement]:
    return list(Agreement.objects.filter(article=article).prefetch_related("regions", "sectors").order_by("id"))


def test_a_parse_writes_each_agreement_with_its_links_and_evidence(story):
    article = make.parsed_meetings(story(), [], [CONTRACT, outcome("decision", [], [], sentence="They agreed.")])
    contract, decision = agreements_of(article)
    assert (contract.kind, contract.amount, contract.currency, contract.date) == (
        "contract", Decimal("20000000.00"), "USD", DAY)
    assert contract.linked("regions") == ["BY-MI", "RU-NVS"] and contract.linked("sectors") == ["machinery"]
    assert contract.parties == ["Minsk Tractor Works", "Novosibirsk government"]
    assert contract.evidence.startswith("MTZ and the Novosibirsk") and contract.origin == Origin.MACHINE
    assert contract.fingerprint == contract.content_fingerprint()
    assert (decision.linked("regions"), decision.amount, decision.meeting_id) == ([], None, None)


def test_unknown_codes_are_left_out_and_the_same_outcome_twice_is_one_row(story):
    odd = outcome("memorandum", ["RU-NVS", "XX-NOPE"], ["machinery", "no-such-sector"])
    article = make.parsed_meetings(story(), [], [odd, outcome("memorandum", ["RU-NVS"], ["machinery"])])
    (row,) = agreements_of(article)
    assert (row.linked("regions"), row.linked("sectors")) == (["RU-NVS"], ["machinery"])


@pytest.mark.parametrize(("day", "meetings", "expected"), [
    pytest.param(DAY, {1: date(2012, 1, 1), 2: DAY}, 2, id="the-meeting-of-its-date"),
    pytest.param(None, {7: DAY}, 7, id="else-the-only-meeting"),
    pytest.param(date(2013, 1, 1), {7: DAY}, 7, id="another-date-the-only-meeting"),
    pytest.param(None, {1: DAY, 2: DAY}, None, id="several-none-of-its-date"),
    pytest.param(DAY, {}, None, id="no-meeting"),
])
def test_an_agreement_belongs_to_the_meeting_the_article_reports(day, meetings, expected):
    assert agreed_at(day, meetings) == expected


def test_the_writer_sets_the_meeting_the_article_reports(story):
    other_day = date(2012, 11, 10)
    article = make.parsed_meetings(story(), [report(day=DAY), report("forum", other_day, regions=("RU-NVS",))],
                                   [outcome(day=other_day), outcome("roadmap")])
    dated, undated = agreements_of(article)
    assert dated.meeting.date == other_day and dated.meeting.kind == "forum"
    assert undated.meeting is None  # two meetings, none of its date


def test_a_reparse_replaces_the_parsers_agreements_and_keeps_the_editors(story, editor):
    article = make.parsed_meetings(story(), [report()], [CONTRACT, outcome("memorandum", ["RU-KYA"])])
    contract, memorandum = agreements_of(article)
    fact_confirm(contract, editor)
    make.parsed_meetings(article, [report()], [CONTRACT, outcome("roadmap", ["RU-KYA"])])
    kept, roadmap = agreements_of(article)
    assert kept.pk == contract.pk and kept.review == Review.CONFIRMED  # not written twice
    assert roadmap.kind == "roadmap" and not Agreement.objects.filter(pk=memorandum.pk).exists()
    assert roadmap.meeting_id == kept.meeting_id  # the kept report's meeting, read for it
    links = Agreement.regions.through.objects.filter(agreement__article=article)
    assert sorted(links.values_list("region_id", flat=True)) == ["BY-MI", "RU-KYA", "RU-NVS"]  # none left over


def test_a_rejected_agreement_stays_rejected_after_a_reparse(story, editor):
    article = make.parsed_meetings(story(), [], [CONTRACT])
    (contract,) = agreements_of(article)
    fact_reject(contract, editor)
    make.parsed_meetings(article, [], [CONTRACT])
    assert [row.review for row in agreements_of(article)] == [Review.REJECTED]


def agreement_statements(queries) -> list[str]:
    """The statements on the agreements' tables, but the read of every kind of fact (one UNION ALL SELECT)."""
    sql = [query["sql"] for query in queries.captured_queries]
    return [s for s in sql if "belregions_agreement" in s and not s.lstrip("(").startswith("SELECT")]


def test_a_parse_without_agreements_writes_no_statement_for_them(story):
    article = story()
    doc = extract(bytes(article.raw))
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        save_facts(article, doc)
    assert not agreement_statements(queries)


def test_an_articles_agreements_cost_three_inserts_whatever_their_number(story):
    """One insert of the agreements, one of their regions, one of their sectors; nothing is read for them."""
    for count in (1, 5):
        article = story()
        doc = extract(bytes(article.raw))
        doc.agreements = [outcome("contract", ["RU-NVS", "BY-MI"], ["machinery", "agriculture"], amount=n + 1,
                                  currency="USD") for n in range(count)]
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            save_facts(article, doc)
        sql = agreement_statements(queries)
        # (On PostgreSQL the agreements' own rows go in the one insert of every kind's rows: belregions.bulk_insert.)
        assert len(sql) == 3 and all("INSERT INTO" in s for s in sql), sql
        assert Agreement.objects.filter(article=article).count() == count


def test_an_editor_corrects_an_agreements_links_in_one_history_entry(story, editor):
    article = make.parsed_meetings(story(), [], [CONTRACT])
    (contract,) = agreements_of(article)
    fact_correct(contract, editor, kind="agreement", regions=["RU-KYA"], sectors=[], amount=None, currency=None)
    contract = agreements_of(article)[0]
    assert (contract.kind, contract.linked("regions"), contract.linked("sectors"), contract.amount) == (
        "agreement", ["RU-KYA"], [], None)
    change = FactChange.objects.get(fact_type="agreement", fact_id=contract.pk)
    assert change.before["regions"] == ["BY-MI", "RU-NVS"] and change.after["regions"] == ["RU-KYA"]
    assert change.after["amount"] is None and change.before["amount"] == "20000000.00"
    make.parsed_meetings(article, [], [CONTRACT])  # the parser's first claim is not brought back
    assert len(agreements_of(article)) == 1


# --- the review page, signed in as an editor (staff in the editors' group, not a superuser) ---

def test_the_review_page_lists_the_agreements_with_their_evidence(staff_client, story):
    article = make.parsed_meetings(story(), [], [CONTRACT])
    page = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "What was agreed" in body and "Minsk Tractor Works" in body
    assert "MTZ and the Novosibirsk government signed a contract worth $20 million." in body


def test_an_editor_corrects_an_agreement_in_the_review_form(staff_client, story):
    article = make.parsed_meetings(story(), [], [CONTRACT])
    (contract,) = agreements_of(article)
    url = reverse("admin:articles_article_fact_correct", args=[article.pk, "agreement", contract.pk])
    assert staff_client.get(url).status_code == 200
    form = {"article": article.pk, "kind": "memorandum", "meeting": "", "regions": ["RU-KYA", "BY-MI"],
            "parties": '["Krasnoyarsk Krai government"]', "sectors": ["agriculture"], "amount": "", "currency": "",
            "date": "2012-11-09", "evidence": contract.evidence}
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    contract = agreements_of(article)[0]
    assert (contract.kind, contract.linked("regions"), contract.linked("sectors"), contract.review) == (
        "memorandum", ["BY-MI", "RU-KYA"], ["agriculture"], Review.CORRECTED)
    assert contract.parties == ["Krasnoyarsk Krai government"] and contract.currency is None
    change = FactChange.objects.get(fact_type="agreement", action="correct")
    assert change.after["regions"] == ["BY-MI", "RU-KYA"] and change.after["sectors"] == ["agriculture"]


def test_an_editor_adds_an_agreement_and_a_second_like_it_is_refused(staff_client, story):
    article = make.parsed_meetings(story(), [], [])
    url = reverse("admin:articles_article_fact_add", args=[article.pk, "agreement"])
    assert staff_client.get(url).status_code == 200
    form = {"article": article.pk, "kind": "roadmap", "meeting": "", "regions": ["RU-NVS"], "parties": "[]",
            "sectors": ["machinery"], "amount": "1500000", "currency": "RUB", "date": "", "evidence": "A roadmap."}
    assert staff_client.post(url, form).status_code == 302
    (added,) = agreements_of(article)
    assert (added.origin, added.review, added.linked("regions"), added.amount) == (
        Origin.EDITOR, Review.ADDED, ["RU-NVS"], Decimal("1500000.00"))
    again = staff_client.post(url, form)
    assert again.status_code == 200 and "already has that fact" in again.content.decode()
    assert Agreement.objects.filter(article=article).count() == 1
    make.parsed_meetings(article, [], [])  # a re-parse keeps the editor's
    assert len(agreements_of(article)) == 1


def test_an_editor_rejects_an_agreement_from_the_review_page(staff_client, story):
    """Editors do not delete facts (a re-parse would bring a deleted one back): they reject them."""
    article = make.parsed_meetings(story(), [], [CONTRACT])
    (contract,) = agreements_of(article)
    url = reverse("admin:articles_article_review", args=[article.pk, "agreement", contract.pk, "reject"])
    assert staff_client.post(url).status_code == 302
    contract.refresh_from_db()
    assert contract.review == Review.REJECTED
    assert not Agreement.objects.active().filter(article=article).exists()


def test_editors_have_the_agreements_permissions(editor):
    assert {f"belregions.{action}_agreement" for action in ("add", "change", "view")} <= editor.get_all_permissions()
    assert "belregions.delete_agreement" not in editor.get_all_permissions()
