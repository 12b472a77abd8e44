"""The read endpoints: a filtered, ordered queryset in, a page of rows out."""

from __future__ import annotations

from django.db.models import Count, F
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api import filters, serializers
from api.base import ApiMixin, CachedList, CachedRetrieve
from api.rows import RowList
from api.shape import Expansion, column_facet, linked_facet, values_by, year_facet
from articles.models import Article
from belregions.models import (
    COUNTED_REVIEWS,
    Agreement,
    ArticleRegion,
    ArticleSector,
    Meeting,
    Person,
    Region,
    Sector,
    TradeFigure,
)
from belregions.params import CODE

ID_IN_PATH = "[0-9]{1,18}"  # longer cannot be a bigint: no route, a 404, not a database error

# expand=: the related rows a code or id stands for, one query per expanded relation for a page.
REGION = values_by(Region.objects.order_by(), "code", ["code", "name_en", "name_ru", "kind", "country"],
                   labels={"kind": "region_kind", "country": "country"})
SECTOR = values_by(Sector.objects.order_by(), "slug", ["slug", "name_en", "name_ru"])
MEETING = values_by(Meeting.objects.order_by(), "id", ["id", "date", "date_precision", "kind"],
                    labels={"kind": "meeting_kind", "date_precision": "date_precision"})
ARTICLE = values_by(Article.objects.order_by(), "id", ["id", "title", "published", "language", "source_name",
                                                       "source_url"])


def figures_by_sector(qs):
    """Trade figures per sector their article is about (a sector fact not rejected): one query."""
    # One filter() and the values() after it share the join: the sector of an active fact, per figure.
    groups = qs.order_by().filter(article__articlesector_facts__review__in=COUNTED_REVIEWS) \
        .values(value=F("article__articlesector_facts__sector_id")).annotate(count=Count("pk", distinct=True)) \
        .order_by("-count", "value")
    return list(groups)


@extend_schema_view(list=extend_schema(summary="Regions: Russian subjects and districts, Belarusian oblasts"),
                    retrieve=extend_schema(summary="One region, by code"))
class RegionViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Russian federal subjects and federal districts, Belarusian oblasts and Minsk, by ISO 3166-2 code."""

    queryset = Region.objects.order_by("code")
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    lookup_field = "code"
    lookup_value_regex = CODE
    csv_name = "regions"
    expansions = {"district": Expansion(REGION)}
    facet_columns = {"country": column_facet("country"), "kind": column_facet("kind"),
                     "district": column_facet("district_id")}


@extend_schema_view(list=extend_schema(summary="Sectors of cooperation"),
                    retrieve=extend_schema(summary="One sector, by slug, with its articles' regions and years"))
class SectorViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """The sectors articles are classified into (agriculture, machinery, ...), by slug."""

    queryset = Sector.objects.order_by("slug")
    serializer_class = serializers.SectorSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]{1,30}"
    filterset_class = filters.SectorFilter
    csv_name = "sectors"

    def get_serializer_class(self):
        return serializers.SectorDetailSerializer if self.action == "retrieve" else serializers.SectorSerializer


@extend_schema_view(list=extend_schema(summary="People named in the articles"),
                    retrieve=extend_schema(summary="One person, with their roles, articles and meetings"))
class PersonViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """People the articles name: one row per person, whatever the spelling."""

    queryset = Person.objects.order_by("name", "id")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "people"
    expansions = {"region": Expansion(REGION)}
    facet_columns = {"region": column_facet("region_id")}

    def get_serializer_class(self):
        return serializers.PersonDetailSerializer if self.action == "retrieve" else serializers.PersonSerializer


@extend_schema_view(list=extend_schema(summary="Meetings, visits, forums and agreements, newest first"),
                    retrieve=extend_schema(summary="One meeting"))
class MeetingViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Only meetings that at least one article reports (a report not rejected by an editor)."""

    # Built once, not per request (resolving the subquery is most of a millisecond); DRF copies it for each.
    # Regions, participants and reports are read for the whole page at once (MeetingSerializer.related_rows).
    queryset = Meeting.objects.reported().order_by(F("date").desc(nulls_last=True), "-id")
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "meetings"
    expansions = {"regions": Expansion(REGION, many=True), "articles": Expansion(ARTICLE, many=True)}
    facet_columns = {
        "region": linked_facet(Meeting.regions.through.objects.all, "meeting_id", "region_id"),
        "person": linked_facet(Meeting.participants.through.objects.all, "meeting_id", "person_id"),
        "year": year_facet("date"), "kind": column_facet("kind"), "date_precision": column_facet("date_precision"),
    }


@extend_schema_view(list=extend_schema(summary="Trade figures as the articles state them",
                                       description="Every figure read from an article, in its own currency. "
                                       "For one figure per region, year and flow in USD, see stats/trade."),
                    retrieve=extend_schema(summary="One trade figure"))
class TradeFigureViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Trade figures read from the articles; rejected ones only when asked for with `review`."""

    queryset = TradeFigure.objects.shown().order_by(F("period_start").desc(nulls_last=True), "region_id", "-id")
    serializer_class = serializers.TradeFigureSerializer
    filterset_class = filters.TradeFigureFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "trade-figures"
    expansions = {"region": Expansion(REGION), "by_region": Expansion(REGION), "article": Expansion(ARTICLE)}
    facet_columns = {
        "region": column_facet("region_id"), "by_region": column_facet("by_region_id"),
        "year": year_facet("period_start"), "flow": column_facet("flow"), "currency": column_facet("currency"),
        "sector": figures_by_sector, "qualifier": column_facet("qualifier"), "origin": column_facet("origin"),
        "review": column_facet("review"),
    }


@extend_schema_view(list=extend_schema(summary="What was agreed: agreements, memoranda, roadmaps, contracts and "
                                       "decisions the articles report as reached, newest first"),
                    retrieve=extend_schema(summary="One agreement"))
class AgreementViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, viewsets.ReadOnlyModelViewSet):
    """Outcomes the articles state, each with its sentence and article; rejected ones only when asked for with
    `review`."""

    queryset = Agreement.objects.shown().order_by(F("date").desc(nulls_last=True), "-id")
    serializer_class = serializers.AgreementSerializer
    filterset_class = filters.AgreementFilter
    lookup_value_regex = ID_IN_PATH
    csv_name = "agreements"
    expansions = {"meeting": Expansion(MEETING), "article": Expansion(ARTICLE)}
    facet_columns = {"kind": column_facet("kind"), "year": year_facet("date"), "currency": column_facet("currency"),
                     "region": linked_facet(Agreement.regions.through.objects.all, "agreement_id", "region_id"),
                     "sector": linked_facet(Agreement.sectors.through.objects.all, "agreement_id", "sector_id"),
                     "origin": column_facet("origin"), "review": column_facet("review")}


ARTICLE_LIST_FIELDS = ("id", "title", "language", "published", "status", "error_code", "source_name", "source_url",
                       "original_filename", "created_at", "parsed_at", "duplicate_of")


def article_list_queryset():
    # The list reads its page's columns (api/rows.py); `only` is for whoever reads these as instances.
    # Regions and sectors are read for the whole page at once (ArticleSerializer.related_rows).
    return Article.objects.only(*ARTICLE_LIST_FIELDS).order_by(F("published").desc(nulls_last=True), "-id")


ARTICLE_EXPANSIONS = {"regions": Expansion(REGION, many=True), "sectors": Expansion(SECTOR, many=True)}
ARTICLE_FACETS = {
    "region": linked_facet(ArticleRegion.objects.active, "article_id", "region_id"),
    "sector": linked_facet(ArticleSector.objects.active, "article_id", "sector_id"),
    "year": year_facet("published"), "language": column_facet("language"), "status": column_facet("status"),
}
