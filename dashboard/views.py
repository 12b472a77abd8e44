"""The dashboard's pages. Each: parameters from the query string, one selector, its charts, one template.

The selector's output is kept until the data changes (`belregions/read_cache.py`), once per language: its
tables' titles, notes and names are in the page's language (the charts' key is the path, /ru/ included).

Every page answers `?format=json` with its JSON twin, and `?data=<chart>` (with
`format=csv` or `format=json`) with the data of one chart on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from belregions.read_cache import keep_for_region, remember
from belregions.selectors import TradeQueryError
from dashboard import charts, selectors
from dashboard.params import CURRENCIES_OFFERED, BadParam, Output, known_only, with_params
from dashboard.selectors import map_table
from dashboard.selectors.articles import ArticlesParams, articles_page
from dashboard.selectors.meetings import MeetingsParams, meetings_page
from dashboard.selectors.person import PersonParams, person_page
from dashboard.selectors.regions import SORTS
from dashboard.selectors.sector import SectorParams, sector_page, sectors_index
from dashboard.tables import Shown, Table, shown

# What json_script escapes, so a figure's JSON cannot close its <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
GEOJSON = "geo/regions.simplified.geojson"  # scripts/simplify_geojson.py's; a hashed name, cached for a year
REGION_COLUMNS = [("name", gettext_lazy("Region")), ("district", gettext_lazy("District")),
                  ("trade", gettext_lazy("Latest trade")), ("year", gettext_lazy("Year")),
                  ("meetings", gettext_lazy("Meetings")), ("last_meeting", gettext_lazy("Last meeting"))]


@dataclass
class Chart:
    name: str
    table: Table
    figure: SafeString  # the figure's JSON, safe inside <script type="application/json">
    csv_url: str
    json_url: str
    description: str = ""  # the chart in words (charts.description), under its title

    @property
    def shown(self) -> Shown:
        """The chart's data as the table beside it shows it."""
        return shown(self.table)


@dataclass(frozen=True)
class Field:
    """A query parameter of a refused request, as the bad-request page's form shows it."""

    name: str
    value: str
    invalid: bool


def answers_bad_params(view: Callable) -> Callable:
    """A bad query parameter is the user's mistake: a 400 that names it, as a page or as JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (BadParam, TradeQueryError) as exc:
            if request.GET.get("format") in ("json", "csv") or request.GET.get("data"):
                return JsonResponse({"error": str(exc)}, status=400)
            return render(request, "dashboard/bad_request.html",
                          {"message": str(exc), "fields": _fields(request, exc)}, status=400)

    return wrapper


def _fields(request: HttpRequest, exc: Exception) -> list[Field]:
    """The request's parameters, the one at fault marked, so that the page can offer them again to mend.

    The fault is the parameter the error names (`param`), else the one its message starts with
    ("from must be a year…").
    """
    message = str(exc)
    at_fault = getattr(exc, "param", None) or next(
        (name for name in request.GET if message.startswith((f"{name} ", f"{name}:", f"{name}="))), None)
    return [Field(name, value, name == at_fault) for name, values in request.GET.lists() for value in values]


def respond(request: HttpRequest, page, template: str, figures: Callable[[], dict], **context) -> HttpResponse:
    out = Output.from_query(request.GET)
    if out.data:
        return _table_response(request, page, out)
    if out.format == "json":
        return JsonResponse(page.as_json(), encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})
    if out.format == "csv":
        raise BadParam(_("format=csv needs data=<chart>"), param="format")
    # The figures' JSON depends on the page's data and the URL only: kept as long as the data.
    built = remember(request, f"charts:{request.get_full_path()}",
                     lambda: {name: _chart(request, page.tables[name], figure) for name, figure in figures().items()})
    json_url = request.path + with_params(request.GET, format="json")
    return render(request, template, {"page": page, "charts": built, "json_url": json_url,
                                      "currencies": CURRENCIES_OFFERED, "region_base": _region_url().split("{")[0],
                                      "article_base": _article_url().split("{")[0], **context})


def _table_response(request: HttpRequest, page, out: Output) -> HttpResponse:
    table = page.tables.get(out.data)
    if table is None:
        raise BadParam(_("this page has no chart %(name)r; it has %(names)s")
                       % {"name": out.data, "names": ", ".join(page.tables)}, param="data")
    if out.format == "csv":
        response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
        slug = request.path.strip("/").replace("/", "-") or "overview"
        response["Content-Disposition"] = f'attachment; filename="belregions-{slug}-{table.name}.csv"'
        return response
    return JsonResponse(table.as_json(), encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


def _chart(request: HttpRequest, table: Table, figure) -> Chart:
    text = json.dumps(figure.to_plotly_json(), separators=(",", ":"), default=str).translate(JSON_ESCAPES)
    return Chart(table.name, table, mark_safe(text),  # noqa: S308 - escaped as json_script does
                 request.path + with_params(request.GET, data=table.name, format="csv"),
                 request.path + with_params(request.GET, data=table.name, format="json"),
                 charts.description(figure))


def _region_url() -> str:
    return reverse("dashboard:region", args=["XX"]).replace("XX", "{code}")


def _article_url() -> str:
    return reverse("dashboard:article", args=[999999999]).replace("999999999", "{id}")


def _sector_url() -> str:
    return reverse("dashboard:sector", args=["xslugx"]).replace("xslugx", "{slug}")


@answers_bad_params
def overview(request: HttpRequest) -> HttpResponse:
    p = selectors.OverviewParams.from_query(request.GET)
    page = remember(request, f"overview:{get_language()}:{p}", lambda: selectors.overview(p))
    tables = page.tables
    return respond(request, page, "dashboard/overview.html", lambda: {
        "trade": charts.trade_by_region(tables["trade"], p.chart, p.currency, _region_url(), p.scale),
        "map": charts.trade_map(tables["map"], static(GEOJSON), page.map_regions, p.currency, _region_url()),
        "meetings": charts.meetings_per_year(tables["meetings"]),
        "sectors": charts.sectors_heatmap(tables["sectors"], _sector_url()),
    }, map_sort_links=_sort_links(request, p.sort, map_table.SORTS, map_table.DESCENDING_FIRST))


@answers_bad_params
def regions(request: HttpRequest) -> HttpResponse:
    p = selectors.RegionsParams.from_query(request.GET)
    page = remember(request, f"regions:{get_language()}:{p}", lambda: selectors.regions_page(p))
    return respond(request, page, "dashboard/regions.html", lambda: {
        "trade": charts.latest_trade(page.tables["trade"], p.currency, _region_url()),
    }, sort_links=_sort_links(request, p.sort), columns=REGION_COLUMNS)


def _sort_links(request: HttpRequest, current: str, columns=SORTS,
                descending_first=("trade", "year", "meetings", "last_meeting")) -> dict[str, str]:
    """Each column's link: sort by it, or the other way round when it is the current sort; a paged list starts
    again at its first page."""
    links = {}
    for column in columns:
        wanted = f"-{column}" if column in descending_first else column
        if current.lstrip("-") == column:
            wanted = column if current.startswith("-") else f"-{column}"
        links[column] = with_params(request.GET, sort=wanted, page=None)
    return links


@answers_bad_params
def region(request: HttpRequest, code: str) -> HttpResponse:
    p = selectors.RegionParams.from_query(request.GET)
    keep_for_region(request, code.upper())  # another region's parse leaves this page (and its charts) cached
    page = remember(request, f"region:{get_language()}:{code.upper()}:{p}",
                    lambda: selectors.region_page(code.upper(), p))
    tables = page.tables
    return respond(request, page, "dashboard/region.html", lambda: {
        "trade": charts.region_trade(tables["trade"], p.chart, p.currency, _article_url()),
        "per_month": charts.meetings_per_month(tables["per_month"]),
        "sectors": charts.sectors_bar(tables["sectors"], _sector_url(), region=code.upper()),
    })


@answers_bad_params
def compare(request: HttpRequest) -> HttpResponse:
    p = selectors.CompareParams.from_query(request.GET)
    page = remember(request, f"compare:{get_language()}:{p}", lambda: selectors.compare_page(p))
    return respond(request, page, "dashboard/compare.html", lambda: {
        "trade": charts.compare(page.tables["trade"], p.chart, p.currency, _article_url()),
    })


@answers_bad_params
def meetings(request: HttpRequest) -> HttpResponse:
    p = MeetingsParams.from_query(request.GET)
    page = remember(request, f"meetings:{get_language()}:{p}", lambda: meetings_page(p))
    return respond(request, page, "dashboard/meetings.html", lambda: {
        "per_year": charts.meetings_per_year(page.tables["per_year"]),
    })


@answers_bad_params
def articles(request: HttpRequest) -> HttpResponse:
    p = ArticlesParams.from_query(request.GET)
    page = remember(request, f"articles:{get_language()}:{p}", lambda: articles_page(p))
    return respond(request, page, "dashboard/articles.html", dict)


@answers_bad_params
def article(request: HttpRequest, pk: int) -> HttpResponse:
    page = remember(request, f"article:{get_language()}:{pk}", lambda: selectors.article_page(pk))
    return respond(request, page, "dashboard/article.html", dict)


@answers_bad_params
def person(request: HttpRequest, pk: int) -> HttpResponse:
    p = PersonParams.from_query(request.GET)
    page = remember(request, f"person:{get_language()}:{pk}", lambda: person_page(pk, p))
    return respond(request, page, "dashboard/person.html", dict)


@answers_bad_params
def sectors(request: HttpRequest) -> HttpResponse:
    known_only(request.GET, ())
    page = remember(request, f"sectors:{get_language()}", sectors_index)
    return respond(request, page, "dashboard/sectors.html", lambda: {
        "sectors": charts.sectors_bar(page.tables["sectors"], _sector_url()),
    })


@answers_bad_params
def sector(request: HttpRequest, slug: str) -> HttpResponse:
    p = SectorParams.from_query(request.GET)
    page = remember(request, f"sector:{get_language()}:{slug}:{p}", lambda: sector_page(slug, p))
    return respond(request, page, "dashboard/sector.html", lambda: {
        "per_year": charts.articles_per_year(page.tables["per_year"]),
    })
