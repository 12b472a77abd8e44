"""What was agreed in the API (issue 17, item 2): the agreements list with its filters, one agreement, the meetings'
`agreed`, and an editor's review of an agreement through facts/agreements/."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.utils import translation

from belregions.models import Agreement, AgreementKind, Review
from tests import factories as make

pytestmark = pytest.mark.django_db

SIGNED = "MTZ and the Moscow government signed a contract worth $20 million."


@pytest.fixture
def agreed(world):
    moscow, spb, omsk = world["articles"]
    meeting = world["meeting"]
    contract = make.agreement(moscow, "contract", ["RU-MOW", "BY-MI"], ["machinery"], meeting=meeting,
                              parties=["Minsk Tractor Works", "Moscow government"], amount="20000000.00",
                              currency="USD", date=date(2020, 1, 1), evidence=SIGNED)
    roadmap = make.agreement(spb, "roadmap", ["RU-SPE"], ["agriculture", "it"], evidence="A roadmap was adopted.")
    decision = make.agreement(omsk, "decision", [], [], evidence="They agreed to open a trade house.")
    rejected = make.agreement(moscow, "memorandum", ["RU-MOW"], meeting=meeting, review=Review.REJECTED,
                              evidence="Not really a memorandum.")
    return {"meeting": meeting, "contract": contract, "roadmap": roadmap, "decision": decision, "rejected": rejected}


def in_russian(words) -> str:
    """The catalogue's Russian (the label the site's Russian pages show)."""
    with translation.override("ru"):
        return str(words)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_what_was_agreed_newest_first_with_links_labels_and_evidence(anon_client, agreed):
    rows = anon_client.get("/api/v1/agreements/").json()["results"]
    assert [row["id"] for row in rows] == [agreed[k].pk for k in ("contract", "decision", "roadmap")]
    contract = rows[0]
    assert contract["kind"] == "contract" and contract["kind_en"] == "Contract" and contract["kind_ru"] == in_russian(
        AgreementKind.CONTRACT.label)
    assert contract["regions"] == ["BY-MI", "RU-MOW"] and contract["sectors"] == ["machinery"]
    assert contract["parties"] == ["Minsk Tractor Works", "Moscow government"]
    assert (contract["amount"], contract["currency"], contract["date"]) == (20000000.0, "USD", "2020-01-01")
    assert contract["meeting"] == agreed["meeting"].pk and contract["evidence"] == SIGNED
    assert contract["article"] == agreed["contract"].article_id
    assert rows[1]["regions"] == [] and rows[1]["amount"] is None


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("region=RU-MOW", ["contract"], id="region"),
    pytest.param("by_region=BY-MI", ["contract"], id="oblast"),
    pytest.param("district=RU-FD-NW", ["roadmap"], id="district"),
    pytest.param("kind=roadmap", ["roadmap"], id="kind"),
    pytest.param("sector=it", ["roadmap"], id="sector"),
    pytest.param("year_from=2021", ["decision"], id="year-from-the-articles-when-undated"),
    pytest.param("year_from=2020&year_to=2020", ["contract", "roadmap"], id="year-range"),
    pytest.param("review=rejected", ["rejected"], id="rejected-when-asked"),
])
def test_it_filters(anon_client, agreed, query, expected):
    assert ids(anon_client.get(f"/api/v1/agreements/?{query}")) == [agreed[k].pk for k in expected]


def test_it_filters_by_meeting_and_article(anon_client, agreed):
    contract = agreed["contract"]
    assert ids(anon_client.get(f"/api/v1/agreements/?meeting={contract.meeting_id}")) == [contract.pk]
    assert ids(anon_client.get(f"/api/v1/agreements/?article={contract.article_id}")) == [contract.pk]


@pytest.mark.parametrize(("query", "field"), [
    pytest.param("colour=red", "colour", id="unknown-parameter"),
    pytest.param("kind=treaty", "kind", id="unknown-kind"),
    pytest.param("region=%27%3B--", "region", id="bad-code"),
    pytest.param("year_from=2020&year_to=2010", "year_from", id="range-ends-before-it-starts"),
    pytest.param("meeting=abc", "meeting", id="bad-meeting-id"),
])
def test_bad_parameters_are_a_400_naming_them(anon_client, agreed, query, field):
    response = anon_client.get(f"/api/v1/agreements/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_one_agreement_and_the_csv(anon_client, agreed):
    contract = agreed["contract"]
    one = anon_client.get(f"/api/v1/agreements/{contract.pk}/").json()
    assert one["regions"] == ["BY-MI", "RU-MOW"] and one["kind_ru"] == in_russian(AgreementKind.CONTRACT.label)
    csv = anon_client.get("/api/v1/agreements/?format=csv").content.decode()
    assert csv.splitlines()[0].startswith("id,url,kind,meeting,date,regions") and SIGNED in csv


def test_each_meeting_carries_what_was_agreed_there(anon_client, agreed):
    meeting = anon_client.get(f"/api/v1/meetings/{agreed['meeting'].pk}/").json()
    (contract,) = meeting["agreed"]  # the rejected memorandum is left out
    assert contract["id"] == agreed["contract"].pk and contract["evidence"] == SIGNED
    assert contract["sectors"] == ["machinery"] and contract["regions"] == ["BY-MI", "RU-MOW"]
    assert contract["amount"] == 20000000.0 and contract["kind_en"] == "Contract"
    listed = anon_client.get("/api/v1/meetings/").json()["results"]
    assert [row["agreed"] for row in listed if row["id"] == agreed["meeting"].pk] == [meeting["agreed"]]


@pytest.mark.parametrize("page_size", [1, 60])
def test_the_list_costs_the_same_queries_at_any_page_size(anon_client, agreed, django_assert_num_queries, settings,
                                                         page_size):
    settings.API_CACHE_SECONDS = 0
    for n in range(60):
        make.agreement(agreed["contract"].article, "contract", ["RU-MOW"], ["it"], amount=n + 1, evidence=f"n{n}")
    # The data version, the count, the page, its regions and its sectors (PostgreSQL: the read's time limit).
    expected = 5 + (2 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        response = anon_client.get("/api/v1/agreements/", {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_an_editor_corrects_an_agreement_through_the_api(editor_client, anon_client, agreed):
    contract = agreed["contract"]
    url = f"/api/v1/facts/agreements/{contract.pk}/"
    assert anon_client.post(f"{url}correct/", {"kind": "agreement"}, format="json").status_code in (401, 403)
    response = editor_client.post(f"{url}correct/", {"kind": "agreement", "regions": ["RU-MOW"], "amount": None},
                                  format="json")
    assert response.status_code == 200, response.content
    assert response.json()["regions"] == ["RU-MOW"] and response.json()["review"] == "corrected"
    contract = Agreement.objects.get(pk=contract.pk)
    assert (contract.kind, contract.linked("regions"), contract.amount) == ("agreement", ["RU-MOW"], None)
    bad = editor_client.post(f"{url}correct/", {"regions": ["XX-NOPE"]}, format="json")
    assert bad.status_code == 400 and "regions" in bad.json()["errors"]
