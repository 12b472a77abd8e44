"""Reads for the dashboard's pages: one call per page, a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q

from articles.models import Article, Status
from belregions.models import Meeting, Region, Review, TradeFigure


def overview() -> dict:
    active_trade = TradeFigure.objects.exclude(review=Review.REJECTED)
    regions_with_ties = Region.objects.filter(
        Q(article_links__isnull=False) | Q(trade_figures__isnull=False)
    ).distinct().count()
    return {
        "regions_with_ties": regions_with_ties,
        "meeting_count": Meeting.objects.count(),
        "article_count": Article.objects.filter(status=Status.PARSED).count(),
        "latest_trade": active_trade.select_related("region", "article").order_by("-period_start", "-id")[:10],
        "latest_articles": Article.objects.filter(status=Status.PARSED)
        .only("id", "title", "published", "language").order_by("-published", "-id")[:10],
        "top_regions": Region.objects.annotate(n=Count("article_links")).filter(n__gt=0).order_by("-n")[:10],
    }
