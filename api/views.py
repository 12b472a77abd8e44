"""The read endpoints: a filtered, ordered queryset in, a page of rows out."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api import filters, serializers
from api.base import ApiMixin, CachedList, CachedRetrieve
from api.rows import RowList
from articles.models import Article
from belregions.models import Meeting, MeetingSource, Person, Region, Sector, TradeFigure

ID_IN_PATH = "[0-9]{1,18}"  # longer cannot be a bigint: no route, a 404, not a database error


@extend_schema_view(list=extend_schema(summary="Regions: Russian subjects and districts, Belarusian oblasts"),
                    retrieve=extend_schema(summary="One region, by code"))
class RegionViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Russian federal subjects and federal districts, Belarusian oblasts and Minsk, by ISO 3166-2 code."""

    queryset = Region.objects.order_by("code")
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3}){0,2}"
    csv_name = "regions"


@extend_schema_view(list=extend_schema(summary="Sectors of cooperation"),
                    retrieve=extend_schema(summary="One sector, by slug"))
class SectorViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """The sectors articles are classified into (agriculture, machinery, ...), by slug."""

    queryset = Sector.objects.order_by("slug")
    serializer_class = serializers.SectorSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]{1,30}"
    filter_backends: list = []
    csv_name = "sectors"


@extend_schema_view(list=extend_schema(summary="People named in the articles"),
                    retrieve=extend_schema(summary="One person"))
class PersonViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """People the articles name: one row per person, whatever the spelling."""

    queryset = Person.objects.order_by("name", "id")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "people"


@extend_schema_view(list=extend_schema(summary="Meetings, visits, forums and agreements, newest first"),
                    retrieve=extend_schema(summary="One meeting"))
class MeetingViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Only meetings that at least one article reports (a report not rejected by an editor)."""

    # Built once, not per request (resolving the subquery is most of a millisecond); DRF copies it for each.
    # Regions, participants and reports are read for the whole page at once (MeetingSerializer.related_rows).
    queryset = Meeting.objects.filter(Exists(MeetingSource.objects.active().filter(meeting=OuterRef("pk")))) \
        .order_by(F("date").desc(nulls_last=True), "-id")
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "meetings"


@extend_schema_view(list=extend_schema(summary="Trade figures as the articles state them",
                                       description="Every figure read from an article, in its own currency. "
                                       "For one figure per region, year and flow in USD, see stats/trade."),
                    retrieve=extend_schema(summary="One trade figure"))
class TradeFigureViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Trade figures read from the articles; rejected ones only when asked for with `review`."""

    queryset = TradeFigure.objects.order_by(F("period_start").desc(nulls_last=True), "region_id", "-id")
    serializer_class = serializers.TradeFigureSerializer
    filterset_class = filters.TradeFigureFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "trade-figures"


ARTICLE_LIST_FIELDS = ("id", "title", "language", "published", "status", "error_code", "source_name", "source_url",
                       "original_filename", "created_at", "parsed_at", "duplicate_of")


def article_list_queryset():
    # The list reads its page's columns (api/rows.py); `only` is for whoever reads these as instances.
    # Regions and sectors are read for the whole page at once (ArticleSerializer.related_rows).
    return Article.objects.only(*ARTICLE_LIST_FIELDS).order_by(F("published").desc(nulls_last=True), "-id")
