"""Every list reads its page as rows (api/rows.py): it must come out exactly as its DRF serializer gives it.

The expected page is built the slow way: the view's own filtered queryset,
sliced to the same page, as model instances through the serializer class,
rendered by the same renderer. JSON and CSV must be the same bytes, and the
rows the same keys in the same order with values of the same types.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from api.rows import RowPlan, row_plan
from api.serializers import MeetingSerializer, RegionSerializer, TradeFigureSerializer
from articles.models import Article, Status
from belregions.models import Person, Review
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def odd_rows(world):
    """Beside the world: the NULLs, decimals and datetimes a fast path could get wrong."""
    moscow, spb, omsk = world["articles"]
    Article.objects.filter(pk=omsk.pk).update(parsed_at=datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
                                              duplicate_of=moscow, error_code="", source_url="https://e.org/a")
    undated = make.article("=SUM(A1)", published=None, status=Status.FAILED, error_code="empty", source_name="-dash",
                           language="ru")
    make.mention(undated, "RU-KGD", fingerprint="odd-r")
    make.mention(undated, "BY-MI", fingerprint="odd-r2")
    make.sector(undated, "it", fingerprint="odd-s", review=Review.REJECTED)
    make.figure(undated, None, 2021, "0.10", flow="export", currency="RUB", change_factor=Decimal("1.5"),
                change_versus="2020", by_region="BY-MI")
    make.figure(undated, "RU-KGD", None, 12, fingerprint="odd-t", evidence="", change_factor=Decimal("0.125"))
    nobody = make.person("Anna Ivanova", key="ivanova a", other_spellings=["Анна Иванова"])
    make.meeting(undated, None, people=[nobody, world["people"][0]], kind="forum", precision="year",
                 fingerprint="odd-m")
    make.meeting_source(omsk, world["meeting"], fingerprint="odd-m2")
    make.agreement(omsk, "contract", ["RU-MOW", "BY-MI"], ["it"], meeting=world["meeting"], amount=Decimal("0.10"),
                   currency="RUB", date=date(2020, 1, 1), parties=["=cmd", "Минский завод"], evidence="-1 signed")
    make.agreement(undated, "decision", evidence="")
    return world


LISTS = [
    "/api/v1/regions/",
    "/api/v1/regions/?country=RU&kind=oblast&page_size=7&page=3",
    "/api/v1/regions/?q=moscow",
    "/api/v1/sectors/",
    "/api/v1/sectors/?page_size=2&page=2",
    "/api/v1/people/",
    "/api/v1/people/?region=RU-MOW",
    "/api/v1/people/?q=anna",
    "/api/v1/meetings/",
    "/api/v1/meetings/?region=RU-MOW",
    "/api/v1/meetings/?participant={person}&date_from=2019-01-01",
    "/api/v1/meetings/?page_size=1&page=2",
    "/api/v1/trade-figures/",
    "/api/v1/agreements/",
    "/api/v1/agreements/?region=RU-MOW&ordering=-amount",
    "/api/v1/trade-figures/?ordering=-amount",
    "/api/v1/trade-figures/?ordering=year,region",
    "/api/v1/trade-figures/?region=RU&flow=export",
    "/api/v1/trade-figures/?review=rejected&review=unreviewed&currency=usd",
    "/api/v1/trade-figures/?year_from=2019&page_size=2&page=2",
    "/api/v1/articles/",
    "/api/v1/articles/?region=RU-MOW",
    "/api/v1/articles/?sector=it,machinery&status=parsed",
    "/api/v1/articles/?q=saint",
    "/api/v1/articles/?language=ru&page_size=1",
    "/api/v1/articles/?page=9",  # past the last page: empty
]


def assert_same(got, expected, where="results"):
    """Equal, and of the same types all the way down (1 == 1.0 == Decimal(1) is not enough)."""
    assert type(got) is type(expected), (where, got, expected)
    if isinstance(expected, dict):
        assert list(got) == list(expected), where
        for key in expected:
            assert_same(got[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(got) == len(expected), where
        for n, (one, other) in enumerate(zip(got, expected, strict=True)):
            assert_same(one, other, f"{where}[{n}]")
    else:
        assert got == expected, where


def serializer_page(response) -> tuple[list, bytes]:
    """The same page the slow way: instances through the serializer, and that page rendered."""
    view = response.renderer_context["view"]
    queryset = view.filter_queryset(view.get_queryset())
    paginator = view.paginator
    start = (paginator.number - 1) * paginator.size
    instances = list(queryset[start:start + paginator.size])
    assert paginator.count == queryset.count()
    rows = view.get_serializer_class()(instances, many=True, context=view.get_serializer_context()).data
    body = {**response.data, "results": rows}
    context = {key: value for key, value in response.renderer_context.items() if key != "csv_columns"}
    return rows, response.accepted_renderer.render(body, response.accepted_media_type, context)


@pytest.mark.parametrize("representation", ["json", "csv"])
@pytest.mark.parametrize("url", LISTS)
def test_a_list_page_is_what_its_serializer_gives(anon_client, odd_rows, settings, url, representation):
    settings.API_CACHE_SECONDS = 0
    url = url.format(person=odd_rows["people"][0].pk)
    response = anon_client.get(url + ("&" if "?" in url else "?") + f"format={representation}")
    assert response.status_code == 200, response.content
    rows, content = serializer_page(response)
    assert_same(response.data["results"], [dict(row) for row in rows])
    assert response.content == content


def test_the_odd_rows_are_on_the_pages(anon_client, odd_rows, settings):
    """The comparisons above do meet NULLs, decimals and datetimes."""
    settings.API_CACHE_SECONDS = 0
    figures = anon_client.get("/api/v1/trade-figures/").json()["results"]
    assert {(f["region"], f["year"], f["change_factor"]) for f in figures} >= {("RU", 2021, 1.5),
                                                                                ("RU-KGD", None, 0.125)}
    articles = anon_client.get("/api/v1/articles/").json()["results"]
    assert {a["published"] for a in articles} >= {None, "2021-03-05"}
    assert "2024-05-06T07:08:09.123456Z" in {a["parsed_at"] for a in articles}
    meetings = anon_client.get("/api/v1/meetings/").json()["results"]
    assert [m["date"] for m in meetings] == ["2020-01-01", None]


def test_a_plan_reads_each_column_once_and_converts_only_what_needs_it():
    plan = RowPlan(TradeFigureSerializer)
    assert plan.names == list(TradeFigureSerializer().fields)
    assert len(plan.columns) == len(set(plan.columns))
    converted = {name for name, _, _, convert in plan.fields if convert is not None}
    assert converted >= {"amount", "change_factor", "period_start", "updated_at", "region", "year", "url"}
    assert {name for name, kind, _, _ in plan.fields if kind == "datetime"} == {"updated_at"}
    assert not converted & {"currency", "flow", "evidence", "by_region", "article"}
    assert row_plan(RegionSerializer) is row_plan(RegionSerializer)  # built once per serializer class
    assert {name for name, kind, _, _ in RowPlan(MeetingSerializer).fields if kind == "related"} == {
        "regions", "participants", "articles", "reports", "agreed"}


def test_a_field_that_is_no_column_is_refused_when_the_plan_is_made():
    from rest_framework import serializers

    class Unplanned(serializers.ModelSerializer):
        name = serializers.CharField(source="region.name_en")

        class Meta:
            model = Person
            fields = ["id", "name"]

    with pytest.raises(TypeError, match="not a column"):
        RowPlan(Unplanned)


def test_a_past_date_stays_a_date(anon_client, world, settings):
    """DateField output for an article published long ago (isoformat, no time)."""
    settings.API_CACHE_SECONDS = 0
    make.article(published=date(1999, 12, 31))
    dates = [a["published"] for a in anon_client.get("/api/v1/articles/").json()["results"]]
    assert dates[-1] == "1999-12-31"


def test_datetimes_are_shown_in_the_current_timezone_as_drf_shows_them(anon_client, odd_rows, settings):
    """The rows look the timezone up once per page (api.rows.in_current_timezone): the one DRF would use."""
    settings.API_CACHE_SECONDS = 0
    with timezone.override("Europe/Moscow"):
        response = anon_client.get("/api/v1/articles/")
        rows, content = serializer_page(response)
    assert "2024-05-06T10:08:09.123456+03:00" in {a["parsed_at"] for a in response.json()["results"]}
    assert response.content == content
