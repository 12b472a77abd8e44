"""What consumers read: flat rows (codes, not nested objects) so that CSV is one row per result."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from belregions.models import (
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Person,
    Region,
    Review,
    Sector,
    TradeFigure,
)


class DetailUrl(serializers.HyperlinkedIdentityField):
    """The object's absolute URL, reversed once per request and view rather than once per row."""

    # One of these fits each lookup's pattern in the URLconf (an id, a region code, a slug).
    PLACEHOLDERS = ("999999999999999999", "ZZ-ZZZ-ZZZ", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")

    def to_representation(self, value):
        request = self.context.get("request")
        if request is None:
            return super().to_representation(value)
        return self.urls_for(request)(getattr(value, self.lookup_field))

    def urls_for(self, request) -> Callable[[object], str]:
        """The URL of an object from its lookup value (a row's column in api/rows.py), for this request."""
        templates = request.__dict__.setdefault("_api_url_templates", {})
        if self.view_name not in templates:
            templates[self.view_name] = self._template(request)
        placeholder, template = templates[self.view_name]
        return lambda lookup_value: template.replace(placeholder, str(lookup_value))

    def _template(self, request) -> tuple[str, str]:
        for placeholder in self.PLACEHOLDERS:
            try:
                path = reverse(self.view_name, kwargs={self.lookup_url_kwarg: placeholder})
            except NoReverseMatch:
                continue
            return placeholder, request.build_absolute_uri(path)
        raise NoReverseMatch(f"no placeholder fits {self.view_name}")


class RegionSerializer(serializers.ModelSerializer):
    url = DetailUrl(view_name="api:region-detail", lookup_field="code")
    district = serializers.CharField(source="district_id", allow_null=True, help_text="Federal district code")

    class Meta:
        model = Region
        fields = ["code", "url", "name_en", "name_ru", "kind", "country", "district", "latitude", "longitude",
                  "variants_en", "variants_ru"]


class SectorSerializer(serializers.ModelSerializer):
    url = DetailUrl(view_name="api:sector-detail", lookup_field="slug")

    class Meta:
        model = Sector
        fields = ["slug", "url", "name_en", "name_ru", "signals"]


class PersonSerializer(serializers.ModelSerializer):
    url = DetailUrl(view_name="api:person-detail")
    region = serializers.CharField(source="region_id", allow_null=True, help_text="Region code")

    class Meta:
        model = Person
        fields = ["id", "url", "name", "role", "region", "other_spellings"]


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


def grouped(pairs) -> dict:
    """[(key, value), ...] as {key: [value, ...]}."""
    groups: dict = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


# What the lists' rows link to: the part of each query that is the same for every page, built once (building
# and compiling a query costs more than running it); `related_rows` filters a copy by the page's ids with
# `<relation>__id__in`, the same SQL as `<relation>_id__in` without Django preparing each id as a relation's.
# Never evaluate these themselves: a queryset would keep its rows.
MEETING_REGIONS = Meeting.regions.through.objects.order_by("region_id").values_list("meeting_id", "region_id")
MEETING_PEOPLE = (Meeting.participants.through.objects.order_by("person__name", "person_id")
                  .values_list("meeting_id", "person_id", "person__name"))
MEETING_ARTICLES = MeetingSource.objects.active().order_by("article_id").values_list("meeting_id", "article_id")
ARTICLE_REGIONS = ArticleRegion.objects.active().order_by("region_id").values_list("article_id", "region_id")
ARTICLE_SECTORS = ArticleSector.objects.active().order_by("sector_id").values_list("article_id", "sector_id")


class BulkListSerializer(serializers.ListSerializer):
    """Lets the row serializer read what its rows link to in one query per relation (`related_rows`).

    A prefetch would build a model instance per linked row; plain values cost a tenth of that.
    (The API's own lists go through api/rows.py, which calls the same `related_rows`.)
    """

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        self.child.prepare([row.pk for row in rows])
        return [self.child.to_representation(row) for row in rows]


# Mixed into a serializer whose method fields show what its rows link to, read for a whole page at once:
# `related_rows(ids)` answers {method field name: {row id: value}}; a row missing from it has [].
# (No docstring: the schema would show it as the serializer's description.)
class RelatedRows:
    _related: dict[str, dict] | None = None

    def related_rows(self, ids: list) -> dict[str, dict]:
        raise NotImplementedError

    def prepare(self, ids: list) -> None:
        self._related = self.related_rows(ids)

    def related(self, name: str, instance) -> list:
        if self._related is None:  # one object, not a list
            self.prepare([instance.pk])
        return self._related[name].get(instance.pk, [])


class MeetingSerializer(RelatedRows, serializers.ModelSerializer):
    url = DetailUrl(view_name="api:meeting-detail")
    regions = serializers.SerializerMethodField(help_text="Region codes")
    participants = serializers.SerializerMethodField(help_text="The people who took part: id and name")
    articles = serializers.SerializerMethodField(help_text="Ids of the articles that report it (not rejected)")

    class Meta:
        model = Meeting
        fields = ["id", "url", "date", "date_precision", "kind", "regions", "participants", "articles"]
        list_serializer_class = BulkListSerializer

    def related_rows(self, ids: list[int]) -> dict[str, dict]:
        people = MEETING_PEOPLE.filter(meeting__id__in=ids)
        return {
            "regions": grouped(MEETING_REGIONS.filter(meeting__id__in=ids)),
            "participants": grouped((meeting, {"id": pk, "name": name}) for meeting, pk, name in people),
            "articles": grouped(MEETING_ARTICLES.filter(meeting__id__in=ids)),
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, meeting) -> list[str]:
        return self.related("regions", meeting)

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, meeting) -> list[dict]:
        return self.related("participants", meeting)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_articles(self, meeting) -> list[int]:
        return self.related("articles", meeting)


class TradeFigureSerializer(serializers.ModelSerializer):
    url = DetailUrl(view_name="api:tradefigure-detail")
    region = serializers.CharField(source="region_code", help_text="The Russian region; RU for Russia as a whole")
    by_region = serializers.CharField(source="by_region_id", allow_null=True,
                                      help_text="The Belarusian oblast or Minsk; null for Belarus as a whole")
    year = serializers.IntegerField(allow_null=True, help_text="The year the period starts in")
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)
    change_factor = serializers.DecimalField(max_digits=8, decimal_places=3, allow_null=True,
                                             coerce_to_string=False)
    article = serializers.IntegerField(source="article_id")

    # Lists read columns, not instances (api/rows.py): the model's properties these fields show, from a column.
    row_sources = {
        "region_code": ("region_id", lambda region_id: region_id or "RU"),
        "year": ("period_start", lambda start: start.year if start else None),
    }

    class Meta:
        model = TradeFigure
        fields = ["id", "url", "region", "by_region", "year", "period_start", "period_end", "amount", "currency",
                  "flow", "qualifier", "change_factor", "change_versus", "origin", "review", "article",
                  "evidence", "updated_at"]


class ArticleSerializer(RelatedRows, serializers.ModelSerializer):
    """An article in a list: no text, its regions and sectors as codes."""

    url = DetailUrl(view_name="api:article-detail")
    source_url = serializers.CharField(help_text="Where it was published, as the uploader gave it")
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True,
                                            help_text="With status duplicate: the earlier article with the same text")
    regions = serializers.SerializerMethodField(help_text="Codes of the regions it is about")
    sectors = serializers.SerializerMethodField(help_text="Slugs of the sectors it is about")

    class Meta:
        model = Article
        fields = ["id", "url", "title", "language", "published", "status", "error_code", "source_name",
                  "source_url", "original_filename", "created_at", "parsed_at", "duplicate_of", "regions", "sectors"]
        list_serializer_class = BulkListSerializer

    def related_rows(self, ids: list[int]) -> dict[str, dict]:
        return {
            "regions": grouped(ARTICLE_REGIONS.filter(article__id__in=ids)),
            "sectors": grouped(ARTICLE_SECTORS.filter(article__id__in=ids)),
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, article) -> list[str]:
        if self._related is not None:
            return self._related["regions"].get(article.pk, [])
        # One article (its page): its facts are prefetched with it.
        return sorted(f.region_id for f in article.articleregion_facts.all() if f.review != Review.REJECTED)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sectors(self, article) -> list[str]:
        if self._related is not None:
            return self._related["sectors"].get(article.pk, [])
        return sorted(f.sector_id for f in article.articlesector_facts.all() if f.review != Review.REJECTED)

