"""What consumers read: flat rows (codes, not nested objects) so that CSV is one row per result.

A row ends with the words of its coded values in English and Russian (`kind_en`, `kind_ru`: api/labels.py), after
every column it had before them, so that a CSV reader counting columns finds the old ones where they were.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.labels import Label, labels
from articles.models import Article
from belregions.models import (
    Agreement,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Country,
    Meeting,
    MeetingSource,
    Person,
    Region,
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
    kind_en = Label("region_kind", "en", source="kind")
    kind_ru = Label("region_kind", "ru", source="kind")
    country_en = Label("country", "en", source="country")
    country_ru = Label("country", "ru", source="country")

    class Meta:
        model = Region
        fields = ["code", "url", "name_en", "name_ru", "kind", "country", "district", "latitude", "longitude",
                  "variants_en", "variants_ru", "kind_en", "kind_ru", "country_en", "country_ru"]


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
    role = serializers.CharField(help_text="Their role at the meeting, as a report of it states it (else their "
                                           "role as the articles name it); may be empty")

    class Meta:
        model = Person
        fields = ["id", "name", "role"]


class ReportSerializer(serializers.Serializer):
    article = serializers.IntegerField(help_text="The article's id")
    source_url = serializers.CharField(help_text="Where the article was published (may be empty)")
    evidence = serializers.CharField(help_text="The sentence the meeting was read from")


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
# A participant's role at a meeting: as an article reporting the meeting states it (the newest such
# article's), else the person's role as the articles name it most recently (Person.role).
STATED_ROLE = ArticlePerson.objects.active().filter(
    person_id=OuterRef("person_id"),
    article_id__in=MeetingSource.objects.active().filter(meeting_id=OuterRef(OuterRef("meeting_id")))
    .values("article_id"),
).exclude(role="").order_by("-article_id").values("role")[:1]
MEETING_PEOPLE = (Meeting.participants.through.objects.annotate(stated_role=Subquery(STATED_ROLE))
                  .order_by("person__name", "person_id")
                  .values_list("meeting_id", "person_id", "person__name", "stated_role", "person__role"))
MEETING_REPORTS = (MeetingSource.objects.active().order_by("article_id")
                   .values_list("meeting_id", "article_id", "article__source_url", "evidence"))
# What was agreed at each meeting (the meetings' `agreed`), and the agreements' links (the agreements list's too).
MEETING_AGREED = (Agreement.objects.active().order_by("id")
                  .values_list("meeting_id", "id", "kind", "parties", "amount", "currency", "date", "article_id",
                               "evidence"))
AGREEMENT_REGIONS = Agreement.regions.through.objects.order_by("region_id").values_list("agreement_id", "region_id")
AGREEMENT_SECTORS = Agreement.sectors.through.objects.order_by("sector_id").values_list("agreement_id", "sector_id")
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


class AgreedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The agreement's id (agreements/{id}/)")
    kind = serializers.CharField(help_text="agreement, memorandum, roadmap, contract or decision")
    parties = serializers.ListField(child=serializers.CharField(), help_text="The signatories as the article names "
                                                                            "them")
    regions = serializers.ListField(child=serializers.CharField(), help_text="The parties' region codes")
    sectors = serializers.ListField(child=serializers.CharField(), help_text="Sector slugs")
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=False)
    currency = serializers.CharField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    article = serializers.IntegerField(help_text="The article it was read from")
    evidence = serializers.CharField(help_text="The sentence that states it")
    kind_en = Label("agreement_kind", "en")
    kind_ru = Label("agreement_kind", "ru")


def agreed_rows(ids: list[int]) -> dict[int, list[dict]]:
    """{meeting id: what was agreed there}, for a page of meetings: three queries."""
    agreed = list(MEETING_AGREED.filter(meeting__id__in=ids))
    links = {"regions": AGREEMENT_REGIONS, "sectors": AGREEMENT_SECTORS}
    linked = {name: grouped(rows.filter(agreement__meeting__id__in=ids)) for name, rows in links.items()}
    return grouped((meeting, {
        "id": pk, "kind": kind, "parties": parties, "regions": linked["regions"].get(pk, []),
        "sectors": linked["sectors"].get(pk, []), "amount": amount, "currency": currency,
        "date": day.isoformat() if day else None, "article": article, "evidence": evidence,
        **labels("agreement_kind", kind, "kind")}) for meeting, pk, kind, parties, amount, currency, day, article,
        evidence in agreed)


class MeetingSerializer(RelatedRows, serializers.ModelSerializer):
    url = DetailUrl(view_name="api:meeting-detail")
    regions = serializers.SerializerMethodField(help_text="Region codes")
    participants = serializers.SerializerMethodField(help_text="The people who took part: id, name and role")
    articles = serializers.SerializerMethodField(help_text="Ids of the articles that report it (not rejected)")
    reports = serializers.SerializerMethodField(help_text="Each report of it: the article, its address and the "
                                                          "evidence sentence")
    agreed = serializers.SerializerMethodField(help_text="What was agreed there, as the articles state it: each "
                                                         "outcome with its parties, sum, sectors and sentence")
    date_precision_en = Label("date_precision", "en", source="date_precision")
    date_precision_ru = Label("date_precision", "ru", source="date_precision")
    kind_en = Label("meeting_kind", "en", source="kind")
    kind_ru = Label("meeting_kind", "ru", source="kind")

    class Meta:
        model = Meeting
        fields = ["id", "url", "date", "date_precision", "kind", "regions", "participants", "articles", "reports",
                  "agreed", "date_precision_en", "date_precision_ru", "kind_en", "kind_ru"]
        list_serializer_class = BulkListSerializer

    def related_rows(self, ids: list[int]) -> dict[str, dict]:
        people = MEETING_PEOPLE.filter(meeting__id__in=ids)
        reports = list(MEETING_REPORTS.filter(meeting__id__in=ids))
        return {
            "regions": grouped(MEETING_REGIONS.filter(meeting__id__in=ids)),
            "participants": grouped((meeting, {"id": pk, "name": name, "role": stated or role})
                                    for meeting, pk, name, stated, role in people),
            "articles": grouped((meeting, article) for meeting, article, _, _ in reports),
            "reports": grouped((meeting, {"article": article, "source_url": url, "evidence": evidence})
                               for meeting, article, url, evidence in reports),
            "agreed": agreed_rows(ids),
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

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, meeting) -> list[dict]:
        return self.related("reports", meeting)

    @extend_schema_field(AgreedSerializer(many=True))
    def get_agreed(self, meeting) -> list[dict]:
        return self.related("agreed", meeting)


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
    source_url = serializers.CharField(source="article.source_url",
                                       help_text="The article's address: where it was published (may be empty)")
    flow_en = Label("flow", "en", source="flow")
    flow_ru = Label("flow", "ru", source="flow")
    qualifier_en = Label("qualifier", "en", source="qualifier")
    qualifier_ru = Label("qualifier", "ru", source="qualifier")
    origin_en = Label("origin", "en", source="origin")
    origin_ru = Label("origin", "ru", source="origin")
    review_en = Label("review", "en", source="review")
    review_ru = Label("review", "ru", source="review")

    # Lists read columns, not instances (api/rows.py): the model's properties these fields show, from a column.
    row_sources = {
        "region_code": ("region_id", lambda region_id: region_id or Country.RUSSIA),
        "year": ("period_start", lambda start: start.year if start else None),
        "article.source_url": ("article__source_url", lambda url: url),
    }

    class Meta:
        model = TradeFigure
        fields = ["id", "url", "region", "by_region", "year", "period_start", "period_end", "amount", "currency",
                  "flow", "qualifier", "change_factor", "change_versus", "origin", "review", "article",
                  "source_url", "evidence", "updated_at", "flow_en", "flow_ru", "qualifier_en", "qualifier_ru",
                  "origin_en", "origin_ru", "review_en", "review_ru"]


class AgreementSerializer(RelatedRows, serializers.ModelSerializer):
    url = DetailUrl(view_name="api:agreement-detail")
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True,
                                       help_text="The meeting it was reached at (meetings/{id}/), if the article "
                                                 "reports one")
    regions = serializers.SerializerMethodField(help_text="The parties' region codes; none for Russia and Belarus as "
                                                          "a whole")
    sectors = serializers.SerializerMethodField(help_text="Slugs of the sectors it is about")
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=False,
                                      help_text="The sum the article gives (a contract's value), in `currency`")
    article = serializers.IntegerField(source="article_id")
    source_url = serializers.CharField(source="article.source_url",
                                       help_text="The article's address: where it was published (may be empty)")
    kind_en = Label("agreement_kind", "en", source="kind")
    kind_ru = Label("agreement_kind", "ru", source="kind")
    origin_en = Label("origin", "en", source="origin")
    origin_ru = Label("origin", "ru", source="origin")
    review_en = Label("review", "en", source="review")
    review_ru = Label("review", "ru", source="review")

    row_sources = {"article.source_url": ("article__source_url", lambda url: url)}

    class Meta:
        model = Agreement
        fields = ["id", "url", "kind", "meeting", "date", "regions", "parties", "sectors", "amount", "currency",
                  "origin", "review", "article", "source_url", "evidence", "updated_at", "kind_en", "kind_ru",
                  "origin_en", "origin_ru", "review_en", "review_ru"]
        list_serializer_class = BulkListSerializer

    def related_rows(self, ids: list[int]) -> dict[str, dict]:
        return {"regions": grouped(AGREEMENT_REGIONS.filter(agreement__id__in=ids)),
                "sectors": grouped(AGREEMENT_SECTORS.filter(agreement__id__in=ids))}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, agreement) -> list[str]:
        return self.related("regions", agreement)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sectors(self, agreement) -> list[str]:
        return self.related("sectors", agreement)


class ArticleSerializer(RelatedRows, serializers.ModelSerializer):
    """An article in a list: no text, its regions and sectors as codes."""

    url = DetailUrl(view_name="api:article-detail")
    source_url = serializers.CharField(help_text="Where it was published, as the uploader gave it")
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True,
                                            help_text="With status duplicate: the earlier article with the same text")
    regions = serializers.SerializerMethodField(help_text="Codes of the regions it is about")
    sectors = serializers.SerializerMethodField(help_text="Slugs of the sectors it is about")
    status_en = Label("status", "en", source="status")
    status_ru = Label("status", "ru", source="status")

    class Meta:
        model = Article
        fields = ["id", "url", "title", "language", "published", "status", "error_code", "source_name",
                  "source_url", "original_filename", "created_at", "parsed_at", "duplicate_of", "regions", "sectors",
                  "status_en", "status_ru"]
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
        return sorted(f.region_id for f in article.articleregion_facts.all() if not f.is_rejected)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sectors(self, article) -> list[str]:
        if self._related is not None:
            return self._related["sectors"].get(article.pk, [])
        return sorted(f.sector_id for f in article.articlesector_facts.all() if not f.is_rejected)



class PersonMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    kind = serializers.CharField()
    regions = serializers.ListField(child=serializers.CharField())
    kind_en = Label("meeting_kind", "en")
    kind_ru = Label("meeting_kind", "ru")


class PersonDetailSerializer(PersonSerializer):
    """One person: beside the row, the meetings they took part in, the roles articles gave them, their articles."""

    roles = serializers.SerializerMethodField(help_text="Every role the articles state for them, newest first")
    article_count = serializers.SerializerMethodField(help_text="Articles naming them (facts not rejected)")
    articles = serializers.SerializerMethodField(help_text="Ids of those articles, newest first (at most 100)")
    meetings = serializers.SerializerMethodField(help_text="Meetings they took part in, newest first "
                                                           "(reported by an article)")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "roles", "article_count", "articles", "meetings"]

    def _facts(self, person):
        return ArticlePerson.objects.active().filter(person=person)

    def get_roles(self, person) -> list[str]:
        roles = self._facts(person).exclude(role="").order_by("-article_id").values_list("role", flat=True)
        return list(dict.fromkeys(roles))

    def get_article_count(self, person) -> int:
        return self._facts(person).values("article_id").distinct().count()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_articles(self, person) -> list[int]:
        ids = self._facts(person).order_by("-article_id").values_list("article_id", flat=True)
        return list(dict.fromkeys(ids))[:100]

    @extend_schema_field(PersonMeetingSerializer(many=True))
    def get_meetings(self, person) -> list[dict]:
        meetings = list(person.meetings.reported().order_by("-date", "-id").values("id", "date", "kind"))
        regions = grouped(MEETING_REGIONS.filter(meeting__id__in=[m["id"] for m in meetings]))
        return [{**m, "date": m["date"].isoformat() if m["date"] else None, "regions": regions.get(m["id"], []),
                 **labels("meeting_kind", m["kind"], "kind")} for m in meetings]


class CountSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class SectorDetailSerializer(SectorSerializer):
    """One sector: beside the row, how many articles are about it, and about which regions and years."""

    article_count = serializers.SerializerMethodField(help_text="Articles about it (facts not rejected)")
    regions = serializers.SerializerMethodField(help_text="Regions those articles are about: code and articles, "
                                                          "most first")
    years = serializers.SerializerMethodField(help_text="Those articles per year of publication")

    class Meta(SectorSerializer.Meta):
        fields = [*SectorSerializer.Meta.fields, "article_count", "regions", "years"]

    def _articles(self, sector):
        return ArticleSector.objects.active().filter(sector=sector).values("article_id")

    def get_article_count(self, sector) -> int:
        return self._articles(sector).distinct().count()

    @extend_schema_field(CountSerializer(many=True))
    def get_regions(self, sector) -> list[dict]:
        rows = ArticleRegion.objects.active().filter(article_id__in=self._articles(sector)).order_by() \
            .values("region_id").annotate(count=Count("article_id", distinct=True)).order_by("-count", "region_id")
        return [{"value": row["region_id"], "count": row["count"]} for row in rows]

    @extend_schema_field(CountSerializer(many=True))
    def get_years(self, sector) -> list[dict]:
        rows = Article.objects.filter(pk__in=self._articles(sector), published__isnull=False).order_by() \
            .annotate(year=ExtractYear("published")).values("year").annotate(count=Count("pk")).order_by("year")
        return [{"value": str(row["year"]), "count": row["count"]} for row in rows]
