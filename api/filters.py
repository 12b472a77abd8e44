"""Query-string filters of the lists, Datasette-style: `?flow=export&year_from=2015`.

Every value is checked before it reaches the database: a malformed one is a
400 naming the parameter. A well-formed code that matches nothing (an
unknown region) gives an empty list. Codes take comma-separated lists
(`region=RU-MOW,RU-SPE`). An empty value means no filter. A year range that
ends before it starts is a 400 (`belregions.params.year_range`, the
dashboard's answer too). stats/trade's filters are read into a
`belregions.trade_query.TradeQuery`, which checks them (`trade_query`).
"""

from __future__ import annotations

from datetime import date

import django_filters as df
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from articles import search as article_search
from articles.models import Article, Status
from articles.search import text_search
from belregions.models import (
    RUSSIA,
    Agreement,
    AgreementKind,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Country,
    DatePrecision,
    Flow,
    Meeting,
    MeetingKind,
    MeetingSource,
    Origin,
    Person,
    Qualifier,
    Region,
    RegionKind,
    Review,
    Sector,
    TradeFigure,
)
from belregions.params import (  # the shared filter vocabulary (the dashboard's too)
    CODE,
    CODES,
    CURRENCY,
    FIRST_YEAR,
    IDS,
    LANGUAGES,
    LAST_YEAR,
    SLUG,
    SLUGS,
    VOCABULARY,
    BadParam,
    codes,
    year,
    year_range,
)
from belregions.trade_query import Names, TradeQuery

__all__ = ["CODE", "CODES", "FIRST_YEAR", "LAST_YEAR", "SLUG"]

MAX_ID = 2**63 - 1


class CodesFilter(df.CharFilter):
    """One code or a comma-separated list of them; RU on a nullable field means NULL."""

    def __init__(self, field_name: str, description: str, *, slugs: bool = False, russia_is_null: bool = False,
                 **kwargs):
        pattern = SLUGS if slugs else CODES
        example = "agriculture,it" if slugs else "RU-MOW,RU-SPE"
        super().__init__(field_name=field_name, validators=[RegexValidator(pattern, f"Give codes like {example}.")],
                         **kwargs)
        self.upper, self.russia_is_null = not slugs, russia_is_null
        set_override(self, "field", {"type": "string", "pattern": pattern,
                                     "description": f"{description}; comma-separated for several"})

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        codes = split_codes(value, self.upper)
        condition = Q(**{f"{self.field_name}__in": codes - {RUSSIA} if self.russia_is_null else codes})
        if self.russia_is_null and RUSSIA in codes:
            condition |= Q(**{f"{self.field_name}__isnull": True})
        return qs.filter(condition)


def split_codes(value: str, upper: bool = True) -> set[str]:
    return {code.upper() if upper else code for code in value.split(",")}


class StrictDateField(forms.DateField):
    input_formats = ["%Y-%m-%d"]


@extend_schema_field({"type": "string", "format": "date", "description": "A date, YYYY-MM-DD"})
class DateFilter(df.DateFilter):
    field_class = StrictDateField


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(df.Filter):
    """A year bound on a date field: from 1 January or to 31 December."""

    field_class = YearField

    def filter(self, qs, value):
        if value is None:
            return qs
        bound = date(value, 1, 1) if self.lookup_expr == "gte" else date(value, 12, 31)
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": bound})


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(df.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class StableOrderingFilter(df.OrderingFilter):
    """The chosen order, then the primary key: pages never repeat or skip a row."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", VOCABULARY["ordering"])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, "", []):
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*ordering, "-pk" if ordering[0].startswith("-") else "pk")


class SearchField(forms.CharField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=200, **kwargs)


class SearchFilter(df.CharFilter):
    field_class = SearchField

    def __init__(self, *args, help_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        set_override(self, "field", {"type": "string", "maxLength": SearchField().max_length,
                                     "description": help_text})


# Each FilterSet class's form class, built once (see StrictFilterSet.get_form_class).
_FORM_CLASSES: dict[type, type] = {}


class StrictFilterSet(df.FilterSet):
    """An empty value is no filter for text and code filters; for a number, date or choice it is a mistake."""

    def get_form_class(self):
        # django-filter builds a new form class, with a new form field per filter, for every request (half a
        # millisecond for trade figures). They come out the same every time (no filter's field depends on the
        # request, unless its queryset does), and a form deep-copies its class's fields, so one class serves all.
        if any(isinstance(f, df.filters.QuerySetRequestMixin) for f in self.filters.values()):
            return super().get_form_class()
        if type(self) not in _FORM_CLASSES:
            _FORM_CLASSES[type(self)] = super().get_form_class()
        return _FORM_CLASSES[type(self)]

    def is_valid(self) -> bool:
        super().is_valid()
        for name, fltr in self.filters.items():
            if not isinstance(fltr, df.CharFilter | df.OrderingFilter) and "" in self.data.getlist(name):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
        try:
            year_range(self.form.cleaned_data.get("year_from"), self.form.cleaned_data.get("year_to"))
        except BadParam as exc:
            self.form.add_error(exc.param, str(exc))
        return not self.form.errors


class IdsFilter(df.CharFilter):
    """One id or a comma-separated list of them, on a field or through `method`."""

    def __init__(self, field_name: str, description: str, **kwargs):
        super().__init__(field_name=field_name, validators=[RegexValidator(IDS, "Give ids like 12,34.")], **kwargs)
        set_override(self, "field", {"type": "string", "pattern": IDS, "description": description})

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": split_ids(value)}) if value else qs


def split_ids(value: str) -> set[int]:
    return {int(part) for part in value.split(",")}


def year_bounds(field: str, help_from: str, help_to: str) -> tuple[YearFilter, YearFilter]:
    return (YearFilter(field_name=field, lookup_expr="gte", help_text=help_from),
            YearFilter(field_name=field, lookup_expr="lte", help_text=help_to))


def search_filter(help_text: str) -> SearchFilter:
    return SearchFilter(method="search", help_text=help_text)


def articles_about(model, column: str, codes) -> object:
    """Ids of the articles with an active fact of this kind naming one of the codes (a subquery)."""
    return model.objects.active().filter(**{f"{column}__in": codes}).values("article_id")


class RegionFilter(StrictFilterSet):
    region = CodesFilter("code", "These regions by code, e.g. RU-MOW,BY-MI")
    country = df.ChoiceFilter(choices=Country.choices, help_text=VOCABULARY["country"])
    kind = df.ChoiceFilter(choices=RegionKind.choices, help_text="The region's kind")
    district = CodesFilter("district_id", "The federal district's code, e.g. RU-FD-CEN")
    q = search_filter("Words in the English or Russian name or its variants")
    ordering = StableOrderingFilter(fields={"code": "code", "name_en": "name_en", "name_ru": "name_ru",
                                            "kind": "kind", "country": "country", "district_id": "district"})

    class Meta:
        model = Region
        fields = ["region", "country", "kind", "district", "q", "ordering"]

    def search(self, qs, name, value):
        return text_search(qs, ["name_en", "name_ru", "code"], value) if value else qs


class SectorFilter(StrictFilterSet):
    sector = CodesFilter("slug", "These sectors by slug, e.g. agriculture,it", slugs=True)
    q = search_filter("Words in the English or Russian name")
    ordering = StableOrderingFilter(fields={"slug": "slug", "name_en": "name_en", "name_ru": "name_ru"})

    class Meta:
        model = Sector
        fields = ["sector", "q", "ordering"]

    def search(self, qs, name, value):
        return text_search(qs, ["name_en", "name_ru", "slug"], value) if value else qs


class PersonFilter(StrictFilterSet):
    person = IdsFilter("pk", "These people by id; comma-separated for several")
    region = CodesFilter("region_id", "The person's region, e.g. RU-MOW")
    district = CodesFilter("region__district_id", "The federal district of the person's region")
    q = search_filter("Words in the name, its other spellings or the role")
    ordering = StableOrderingFilter(fields={"name": "name", "region_id": "region", "id": "id"})

    class Meta:
        model = Person
        fields = ["person", "region", "district", "q", "ordering"]

    def search(self, qs, name, value):
        return text_search(qs, ["name", "role"], value) if value else qs


def meetings_in(qs, **link):
    """Meetings linked to a region (a subquery, not a join: a meeting of two asked-for regions is one row)."""
    return qs.filter(pk__in=Meeting.regions.through.objects.filter(**link).values("meeting_id"))


class MeetingFilter(StrictFilterSet):
    region = CodesFilter("regions", "A region that took part, e.g. RU-MOW", method="any_region")
    district = CodesFilter("regions", "A federal district one of its regions is in", method="any_district")
    by_region = CodesFilter("regions", "A Belarusian oblast or Minsk that took part, e.g. BY-MI",
                            method="any_region")
    sector = CodesFilter("sources", "A sector an article reporting it is about", slugs=True, method="about_sector")
    person = IdsFilter("participants", "Participants' person ids; comma-separated for any of several",
                       method="any_person")
    participant = IdFilter(field_name="participants", help_text="A participant's person id (as `person`)")
    year_from, year_to = year_bounds("date", "In or after this year", "In or before this year")
    date_from = DateFilter(field_name="date", lookup_expr="gte", help_text="On or after this date")
    date_to = DateFilter(field_name="date", lookup_expr="lte", help_text="On or before this date")
    kind = df.ChoiceFilter(choices=MeetingKind.choices, help_text="meeting, visit, forum, ...")
    date_precision = df.ChoiceFilter(choices=DatePrecision.choices)
    article = IdFilter(field_name="sources__article", help_text="An article that reports it")
    q = search_filter("Words in a participant's name or role")
    ordering = StableOrderingFilter(fields={"date": "date", "kind": "kind", "id": "id"})

    class Meta:
        model = Meeting
        fields = ["region", "district", "by_region", "sector", "person", "participant", "year_from", "year_to",
                  "date_from", "date_to", "kind", "date_precision", "article", "q", "ordering"]

    def any_region(self, qs, name, value):
        return meetings_in(qs, region_id__in=split_codes(value)) if value else qs

    def any_district(self, qs, name, value):
        return meetings_in(qs, region__district_id__in=split_codes(value)) if value else qs

    def about_sector(self, qs, name, value):
        articles = articles_about(ArticleSector, "sector_id", split_codes(value, upper=False))
        reports = MeetingSource.objects.active().filter(article_id__in=articles)
        return qs.filter(pk__in=reports.values("meeting_id")) if value else qs

    def any_person(self, qs, name, value):
        links = Meeting.participants.through.objects.filter(person_id__in=split_ids(value))
        return qs.filter(pk__in=links.values("meeting_id")) if value else qs

    def search(self, qs, name, value):
        if not value.strip():
            return qs
        people = text_search(Person.objects.all(), ["name", "role"], value).values("pk")
        links = Meeting.participants.through.objects.filter(person_id__in=people)
        return qs.filter(pk__in=links.values("meeting_id"))


TRADE_ORDERING = {"period_start": "year", "amount": "amount", "region_id": "region", "by_region_id": "by_region",
                  "flow": "flow", "currency": "currency", "updated_at": "updated", "id": "id"}


class FactFilter(StrictFilterSet):
    """What every fact list can be filtered by: its article, who made it, its review."""

    article = IdFilter(field_name="article_id", help_text="The article it was read from")
    origin = df.ChoiceFilter(choices=Origin.choices, help_text="Made by the parser (machine) or an editor")
    review = df.MultipleChoiceFilter(choices=Review.choices,
                                     help_text="Review state(s); without it, rejected facts are left out")

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("review"):
            queryset = queryset.not_rejected()
        return super().filter_queryset(queryset)


class TradeFigureFilter(FactFilter):
    region = CodesFilter("region_id", "The Russian region; RU for Russia as a whole", russia_is_null=True)
    district = CodesFilter("region__district_id", "The Russian region's federal district")
    by_region = CodesFilter("by_region_id", "The Belarusian oblast or Minsk, e.g. BY-MI")
    sector = CodesFilter("article", "A sector its article is about, e.g. agriculture", slugs=True,
                         method="about_sector")
    person = IdsFilter("article", "A person its article names (ids; comma-separated for any of several)",
                       method="naming_person")
    year_from, year_to = year_bounds("period_start", "Periods starting in or after", "Periods starting in or before")
    flow = df.ChoiceFilter(choices=Flow.choices, help_text=VOCABULARY["flow"])
    currency = extend_schema_field({"type": "string", "pattern": CURRENCY,
                                    "description": "The currency the figure was stated in, e.g. USD, RUB"})(
        df.CharFilter(validators=[RegexValidator(CURRENCY, "Give a three-letter currency code.")],
                      method="by_currency"))
    qualifier = df.ChoiceFilter(choices=Qualifier.choices)
    language = df.ChoiceFilter(field_name="article__language", choices=list(LANGUAGES.items()),
                               help_text="The language of its article")
    q = search_filter("Words in the evidence sentence")
    ordering = StableOrderingFilter(fields=TRADE_ORDERING)

    class Meta:
        model = TradeFigure
        fields = ["region", "district", "by_region", "sector", "person", "year_from", "year_to", "flow", "currency",
                  "qualifier", "language", "origin", "review", "article", "q", "ordering"]

    def by_currency(self, qs, name, value):
        return qs.filter(currency=value.upper()) if value else qs

    def about_sector(self, qs, name, value):
        articles = articles_about(ArticleSector, "sector_id", split_codes(value, upper=False))
        return qs.filter(article_id__in=articles) if value else qs

    def naming_person(self, qs, name, value):
        return qs.filter(article_id__in=articles_about(ArticlePerson, "person_id", split_ids(value))) if value else qs

    def search(self, qs, name, value):
        return text_search(qs, ["evidence"], value) if value.strip() else qs


class AgreedYearFilter(YearFilter):
    """A year bound on the day it was agreed, or where the article gives none, the day the article was published."""

    def filter(self, qs, value):
        if value is None:
            return qs
        bound = date(value, 1, 1) if self.lookup_expr == "gte" else date(value, 12, 31)
        on, published = f"date__{self.lookup_expr}", f"article__published__{self.lookup_expr}"
        return qs.filter(Q(**{on: bound}) | Q(date__isnull=True, **{published: bound}))


class AgreementFilter(FactFilter):
    region = CodesFilter("regions", "A party's region, e.g. RU-MOW", method="any_region")
    district = CodesFilter("regions", "A federal district one of the parties' regions is in, e.g. RU-FD-SIB",
                           method="any_district")
    by_region = CodesFilter("regions", "A Belarusian oblast or Minsk among the parties, e.g. BY-MI",
                            method="any_region")
    sector = CodesFilter("sectors", "A sector it is about, e.g. machinery", slugs=True, method="about_sector")
    kind = df.ChoiceFilter(choices=AgreementKind.choices, help_text="agreement, memorandum, roadmap, contract or "
                                                                   "decision")
    year_from = AgreedYearFilter(field_name="date", lookup_expr="gte",
                                 help_text="Agreed in or after this year (else its article published then)")
    year_to = AgreedYearFilter(field_name="date", lookup_expr="lte",
                               help_text="Agreed in or before this year (else its article published then)")
    meeting = IdFilter(field_name="meeting_id", help_text="The meeting it was reached at")
    q = search_filter("Words in the evidence sentence")
    ordering = StableOrderingFilter(fields={"date": "date", "amount": "amount", "kind": "kind", "id": "id"})

    class Meta:
        model = Agreement
        fields = ["region", "district", "by_region", "sector", "kind", "year_from", "year_to", "meeting", "origin",
                  "review", "article", "q", "ordering"]

    def _linked(self, qs, **link):
        """A subquery, not a join: an agreement of two asked-for regions is one row."""
        return qs.filter(pk__in=Agreement.regions.through.objects.filter(**link).values("agreement_id"))

    def any_region(self, qs, name, value):
        return self._linked(qs, region_id__in=split_codes(value)) if value else qs

    def any_district(self, qs, name, value):
        return self._linked(qs, region__district_id__in=split_codes(value)) if value else qs

    def about_sector(self, qs, name, value):
        links = Agreement.sectors.through.objects.filter(sector_id__in=split_codes(value, upper=False))
        return qs.filter(pk__in=links.values("agreement_id")) if value else qs

    def search(self, qs, name, value):
        return text_search(qs, ["evidence"], value) if value.strip() else qs


class ArticleFilter(StrictFilterSet):
    status = df.ChoiceFilter(choices=Status.choices)
    language = df.ChoiceFilter(choices=list(LANGUAGES.items()), help_text=VOCABULARY["language"])
    date_from = DateFilter(field_name="published", lookup_expr="gte", help_text="Published on or after")
    date_to = DateFilter(field_name="published", lookup_expr="lte", help_text="Published on or before")
    year_from, year_to = year_bounds("published", "Published in or after this year",
                                     "Published in or before this year")
    region = CodesFilter("region", "A region the article is about, e.g. RU-MOW", method="about_region")
    district = CodesFilter("region", "A federal district one of its regions is in, e.g. RU-FD-SIB",
                           method="about_district")
    by_region = CodesFilter("region", "A Belarusian oblast or Minsk it is about, e.g. BY-MI", method="about_region")
    sector = CodesFilter("sector", "A sector the article is about, e.g. agriculture", slugs=True,
                         method="about_sector")
    person = IdsFilter("person", "A person it names (ids; comma-separated for any of several)",
                       method="naming_person")
    q = SearchFilter(method="search", help_text="Full-text search in the title and text (all words)")
    ordering = StableOrderingFilter(fields={"published": "published", "created_at": "created",
                                            "parsed_at": "parsed", "title": "title", "id": "id"})

    class Meta:
        model = Article
        fields = ["status", "language", "date_from", "date_to", "year_from", "year_to", "region", "district",
                  "by_region", "sector", "person", "q", "ordering"]

    def about_region(self, qs, name, value):
        return qs.filter(pk__in=articles_about(ArticleRegion, "region_id", split_codes(value))) if value else qs

    def about_district(self, qs, name, value):
        return qs.filter(pk__in=articles_about(ArticleRegion, "region__district_id", split_codes(value))) \
            if value else qs

    def about_sector(self, qs, name, value):
        return qs.filter(pk__in=articles_about(ArticleSector, "sector_id", split_codes(value, upper=False))) \
            if value else qs

    def naming_person(self, qs, name, value):
        return qs.filter(pk__in=articles_about(ArticlePerson, "person_id", split_ids(value))) if value else qs

    def search(self, qs, name, value):
        # The articles page's search too (articles/search.py): the stored, indexed column on PostgreSQL.
        return article_search.matching(qs, value)


# stats/trade's names for the trade filters, as its messages name them (its schema: api.stats.TradeParameters).
TRADE_NAMES = Names(regions="region", partners="by_region")
TRADE_CHOICES = ("country", "year_from", "year_to", "flow", "currency")  # an empty value is a mistake, not "any"


def trade_query(params) -> TradeQuery:
    """stats/trade's filters read into a TradeQuery, which checks them; a bad one is a 400 naming the parameter."""
    try:
        for name in TRADE_CHOICES:
            if params.get(name) == "":
                raise BadParam("Give a value, or leave the parameter out.", name)
        return TradeQuery(
            regions=codes("region", params.get("region")), partners=codes("by_region", params.get("by_region")),
            district=params.get("district") or None, country=params.get("country"),
            year_from=year("year_from", params.get("year_from")), year_to=year("year_to", params.get("year_to")),
            flow=params.get("flow"), currency=params.get("currency", "USD"), names=TRADE_NAMES)
    except BadParam as exc:
        raise ValidationError({exc.param or "non_field_errors": [str(exc)]}) from None
