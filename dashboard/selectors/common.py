"""Reads more than one page needs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import ngettext

from articles.models import Article, Status
from belregions.models import COUNTED_REVIEWS, ArticleRegion, Meeting, Region
from belregions.selectors import TradePoint
from dashboard.formatting import FLOW_LABELS, period, stated
from dashboard.labels import russian


def active_meetings() -> QuerySet[Meeting]:
    """Meetings that at least one article reports and no editor rejected every report of."""
    return Meeting.objects.reported()


def shown_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Status.PARSED)


def article_links(region_codes: list[str]) -> QuerySet[ArticleRegion]:
    return ArticleRegion.objects.shown().filter(region_id__in=region_codes, review__in=COUNTED_REVIEWS)


def sector_link(region: str | None = None) -> str:
    """A `Table.link` to a row's sector page (its "sector" column, a slug), narrowed to `region` when given: a
    code, or a "{column}" placeholder of the row's."""
    page = reverse("dashboard:sector", args=["xslugx"]).replace("xslugx", "{sector}")
    return f"{page}?region={region}" if region else page


def point_row(point: TradePoint) -> dict:
    """A trade point as the charts' hover and the tables show it."""
    figure = point.figure
    return {
        "year": point.year, "flow": point.flow, "flow_label": str(FLOW_LABELS.get(point.flow, point.flow)),
        "value": point.value, "stated": stated(figure), "period": period(figure),
        "article_id": figure.article_id, "article_title": figure.article_title,
        "disputed": point.disputed, "partial": point.partial, "others": len(point.others),
    }


def russian_names() -> dict[str, str]:
    """Every region's Russian name by code on a Russian page (one query); on an English page nothing, no query:
    the trade points already carry the English names."""
    if not russian():
        return {}
    return dict(Region.objects.values_list("code", "name_ru"))


def named(names: dict[str, str], code: str | None, english: str) -> str:
    """A region's name in the page's language: from `russian_names()` when it has it, else the English one."""
    return names.get(code or "", english) or english


def sum_label(count: int) -> str:
    """What a summed point says in place of an article's wording: "sum of 3 figures"."""
    return ngettext("sum of %(count)s figure", "sum of %(count)s figures", count) % {"count": count}


def percent(part: float, whole: float) -> float | None:
    """part as a percentage of whole, kept to four decimals: the page shows one, and rounding twice (to two, then
    to one) shows −3.846 % as −3.9 %."""
    return round(100 * part / whole, 4) if whole else None
