"""Reads more than one page needs."""

from __future__ import annotations

from django.db.models import QuerySet

from articles.models import Article, Status
from belregions.models import COUNTED_REVIEWS, ArticleRegion, Meeting
from belregions.selectors import TradePoint
from dashboard.formatting import FLOW_LABELS, period, stated


def active_meetings() -> QuerySet[Meeting]:
    """Meetings that at least one article reports and no editor rejected every report of."""
    return Meeting.objects.reported()


def shown_articles() -> QuerySet[Article]:
    return Article.objects.filter(status=Status.PARSED)


def article_links(region_codes: list[str]) -> QuerySet[ArticleRegion]:
    return ArticleRegion.objects.shown().filter(region_id__in=region_codes, review__in=COUNTED_REVIEWS)


def point_row(point: TradePoint) -> dict:
    """A trade point as the charts' hover and the tables show it."""
    figure = point.figure
    return {
        "year": point.year, "flow": point.flow, "flow_label": FLOW_LABELS.get(point.flow, point.flow),
        "value": point.value, "stated": stated(figure), "period": period(figure),
        "article_id": figure.article_id, "article_title": figure.article_title,
        "disputed": point.disputed, "partial": point.partial, "others": len(point.others),
    }
