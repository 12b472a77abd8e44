"""Facts as editors see them, and what a correction may say.

The rules are the review services' (`belregions.review`, as in the admin):
the fact keeps its fingerprint, so a re-parse cannot bring back what an
editor rejected or corrected; every action is recorded as a FactChange.
The serializers here only check the input before it reaches them.
"""

from __future__ import annotations

import decimal
import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from api.filters import CODE, MAX_ID, SLUG
from api.labels import Label, label
from api.serializers import DetailUrl
from belregions import fact_kinds
from belregions.models import (
    Agreement,
    AgreementKind,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Country,
    DatePrecision,
    Flow,
    MeetingKind,
    MeetingSource,
    Person,
    Qualifier,
    Region,
    Sector,
    TradeFigure,
)

FACT_FIELDS = ["id", "url", "kind", "article", "origin", "review", "evidence", "evidence_start", "evidence_end",
               "rule", "updated_at"]
# The words of every fact's codes, after the kind's own fields (api/labels.py).
FACT_LABELS = ["kind_en", "kind_ru", "origin_en", "origin_ru", "review_en", "review_ru"]


class FactKindLabel(Label):
    """The fact's kind ("Trade figures", «Торговые показатели») from the fact itself: its kind is its model."""

    def __init__(self, language: str):
        super().__init__("fact_kind", language, source="*")

    def to_representation(self, fact):
        return label(self.vocabulary, fact_kinds.of(fact).slug, self.language)


class FactSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text="regions, sectors, people, meetings or trade-figures")
    article = serializers.IntegerField(source="article_id", read_only=True)
    kind_en = FactKindLabel("en")
    kind_ru = FactKindLabel("ru")
    origin_en = Label("origin", "en", source="origin")
    origin_ru = Label("origin", "ru", source="origin")
    review_en = Label("review", "en", source="review")
    review_ru = Label("review", "ru", source="review")

    def get_kind(self, fact) -> str:
        return fact_kinds.of(fact).slug


def fact_url(basename: str):
    return DetailUrl(view_name=f"api:{basename}-detail")


class RegionFactSerializer(FactSerializer):
    url = fact_url("fact-region")
    region = serializers.CharField(source="region_id")

    class Meta:
        model = ArticleRegion
        fields = [*FACT_FIELDS, "region", "mentions", *FACT_LABELS]


class SectorFactSerializer(FactSerializer):
    url = fact_url("fact-sector")
    sector = serializers.CharField(source="sector_id")

    class Meta:
        model = ArticleSector
        fields = [*FACT_FIELDS, "sector", "mentions", *FACT_LABELS]


class PersonFactSerializer(FactSerializer):
    url = fact_url("fact-person")
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    region = serializers.CharField(source="region_id", allow_null=True)

    class Meta:
        model = ArticlePerson
        fields = [*FACT_FIELDS, "person", "name", "role", "region", *FACT_LABELS]


class MeetingFactSerializer(FactSerializer):
    url = fact_url("fact-meeting")
    meeting = serializers.IntegerField(source="meeting_id")
    date = serializers.DateField(source="meeting.date", allow_null=True)
    meeting_kind = serializers.CharField(source="meeting.kind")
    meeting_kind_en = Label("meeting_kind", "en", source="meeting.kind")
    meeting_kind_ru = Label("meeting_kind", "ru", source="meeting.kind")

    class Meta:
        model = MeetingSource
        fields = [*FACT_FIELDS, "meeting", "date", "meeting_kind", *FACT_LABELS, "meeting_kind_en", "meeting_kind_ru"]


class TradeFactSerializer(FactSerializer):
    url = fact_url("fact-trade")
    region = serializers.CharField(source="region_code")
    by_region = serializers.CharField(source="by_region_id", allow_null=True)
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=False)
    change_factor = serializers.DecimalField(max_digits=8, decimal_places=3, allow_null=True, coerce_to_string=False)
    flow_en = Label("flow", "en", source="flow")
    flow_ru = Label("flow", "ru", source="flow")
    qualifier_en = Label("qualifier", "en", source="qualifier")
    qualifier_ru = Label("qualifier", "ru", source="qualifier")

    class Meta:
        model = TradeFigure
        fields = [*FACT_FIELDS, "region", "by_region", "period_start", "period_end", "amount", "currency", "flow",
                  "qualifier", "change_factor", "change_versus", *FACT_LABELS, "flow_en", "flow_ru", "qualifier_en",
                  "qualifier_ru"]


class AgreementFactSerializer(FactSerializer):
    url = fact_url("fact-agreement")
    agreement_kind = serializers.CharField(source="kind")
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    regions = serializers.SerializerMethodField(help_text="The parties' region codes")
    sectors = serializers.SerializerMethodField(help_text="Sector slugs")
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=False)
    agreement_kind_en = Label("agreement_kind", "en", source="kind")
    agreement_kind_ru = Label("agreement_kind", "ru", source="kind")

    class Meta:
        model = Agreement
        fields = [*FACT_FIELDS, "agreement_kind", "meeting", "regions", "parties", "sectors", "amount", "currency",
                  "date", *FACT_LABELS, "agreement_kind_en", "agreement_kind_ru"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, fact) -> list[str]:
        return fact.linked("regions")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_sectors(self, fact) -> list[str]:
        return fact.linked("sectors")


class FactsSerializer(serializers.Serializer):
    """An article's facts by kind, rejected ones included (see each one's `review`)."""

    regions = RegionFactSerializer(many=True, source="articleregion_facts")
    sectors = SectorFactSerializer(many=True, source="articlesector_facts")
    people = PersonFactSerializer(many=True, source="articleperson_facts")
    meetings = MeetingFactSerializer(many=True, source="meetingsource_facts")
    trade_figures = TradeFactSerializer(many=True, source="tradefigure_facts")


# --- corrections: what an editor may change, checked before the model's `correct` ---

class RegionCode(serializers.SlugRelatedField):
    """A region by its code (of one country if given); the format is checked before the database sees it."""

    def __init__(self, *, country: str | None = None, russia: bool = False, **kwargs):
        queryset = Region.objects.filter(country=country) if country else Region.objects.all()
        super().__init__(slug_field="code", queryset=queryset, **kwargs)
        self.country = country
        self.russia = russia  # "RU" stands for Russia as a whole: no region (NULL)

    def to_internal_value(self, data):
        if self.russia and data == Country.RUSSIA:
            return None
        if not isinstance(data, str) or not re.fullmatch(CODE, data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data)


class SectorSlug(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Sector.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(SLUG, data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return super().to_internal_value(data)


class PersonRef(serializers.PrimaryKeyRelatedField):
    """A person by id: a malformed id is a 400, an id nobody has a 404 (like the fact's own URL)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.all(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int) or not 1 <= data <= MAX_ID:
            self.fail("incorrect_type", data_type=type(data).__name__)
        person = Person.objects.filter(pk=data).first()
        if person is None:
            raise NotFound(f"No person with id {data}.")
        return person


class CutDecimalField(serializers.DecimalField):
    """Digits past `decimal_places` are cut, not refused: 1.239 is 1.23 (the schema cannot say how many)."""

    def __init__(self, max_digits: int, decimal_places: int, **kwargs):
        super().__init__(max_digits, decimal_places, rounding=decimal.ROUND_DOWN, **kwargs)

    def validate_precision(self, value):
        return super().validate_precision(self.quantize(value))


class StrictTypes:
    """JSON types as the schema says: DRF would take 5 for a text and "5" for a number."""

    NUMBERS = (serializers.IntegerField, serializers.FloatField, serializers.DecimalField)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            wrong = {name: [self._wrong_type(field)] for name, field in self.fields.items()
                     if data.get(name) is not None and not self._has_type(field, data[name])}
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)

    def _has_type(self, field, value) -> bool:
        if isinstance(field, serializers.CharField | serializers.DateField | serializers.ChoiceField):
            return isinstance(value, str)
        if isinstance(field, self.NUMBERS):
            return isinstance(value, int | float) and not isinstance(value, bool)
        return True

    def _wrong_type(self, field) -> str:
        return "Must be a number." if isinstance(field, self.NUMBERS) else "Must be a string."


class CorrectionSerializer(StrictTypes, serializers.Serializer):
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Give at least one field to correct.")
        return attrs


class RegionCorrection(CorrectionSerializer):
    region = RegionCode(required=False)


class SectorCorrection(CorrectionSerializer):
    sector = SectorSlug(required=False)


class PersonCorrection(CorrectionSerializer):
    person = PersonRef(required=False)
    role = serializers.CharField(required=False, allow_blank=True, max_length=300)
    region = RegionCode(required=False, allow_null=True)


class MeetingCorrection(CorrectionSerializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices, required=False)
    date = serializers.DateField(required=False, allow_null=True)
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    participants = PersonRef(many=True, required=False)
    regions = RegionCode(many=True, required=False)

    def validate_regions(self, regions):
        return [region.code for region in regions]


class TradeCorrection(CorrectionSerializer):
    region = RegionCode(required=False, russia=True,
                        help_text="A Russian region's code, or RU for Russia as a whole")
    by_region = RegionCode(required=False, allow_null=True, country=Country.BELARUS,
                           help_text="A Belarusian oblast or Minsk; null for Belarus as a whole")
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False, allow_null=True)
    amount = CutDecimalField(max_digits=20, decimal_places=2, min_value=0, required=False)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False)
    flow = serializers.ChoiceField(choices=Flow.choices, required=False)
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, required=False)
    change_factor = CutDecimalField(max_digits=8, decimal_places=3, required=False, allow_null=True)
    change_versus = serializers.CharField(required=False, allow_blank=True, max_length=50)

    def validate_currency(self, code: str) -> str:
        return code.upper()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        fact = self.context["fact"]
        start = attrs.get("period_start", fact.period_start)
        end = attrs.get("period_end", fact.period_end)
        if start and end and start > end:
            raise serializers.ValidationError({"period_end": ["The period ends before it starts."]})
        return attrs


class AgreementCorrection(CorrectionSerializer):
    kind = serializers.ChoiceField(choices=AgreementKind.choices, required=False)
    regions = RegionCode(many=True, required=False)
    parties = serializers.ListField(child=serializers.CharField(max_length=300), max_length=20, required=False)
    sectors = SectorSlug(many=True, required=False)
    amount = CutDecimalField(max_digits=20, decimal_places=2, min_value=0, required=False, allow_null=True)
    currency = serializers.RegexField(r"^[A-Za-z]{3}$", required=False, allow_null=True)
    date = serializers.DateField(required=False, allow_null=True)

    def validate_currency(self, code: str | None) -> str | None:
        return code.upper() if code else None


# Each kind's read and correction serializers (the kinds, their names and order: belregions.fact_kinds).
SERIALIZERS = {
    ArticleRegion: (RegionFactSerializer, RegionCorrection),
    ArticleSector: (SectorFactSerializer, SectorCorrection),
    ArticlePerson: (PersonFactSerializer, PersonCorrection),
    MeetingSource: (MeetingFactSerializer, MeetingCorrection),
    TradeFigure: (TradeFactSerializer, TradeCorrection),
    Agreement: (AgreementFactSerializer, AgreementCorrection),
}
FACT_API = {kind.slug: (kind.model, *SERIALIZERS[kind.model]) for kind in fact_kinds.FACT_KINDS}
