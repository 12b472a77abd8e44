"""stats/trade: the consolidated trade the dashboard's charts draw, as rows.

It serves the points of `belregions.selectors.consolidated_trade` (one figure
per region, partner, year and flow; the editor's over the parser's, full-year
over partial, then the newest article), converted to the asked currency. It
pages through the points' keys and consolidates only the page's figures.

Each row ends with the words of its codes in English and Russian (api/labels.py): the region's and the
partner's names (`region_en`, `region_ru`, ...; Russia or Belarus as a whole in words), then the words of the
flow, qualifier, origin and review. The older `region_name` and `partner_name` are the English names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from api import export, filters
from api.base import ApiMixin
from api.filters import CODES, FIRST_YEAR, LAST_YEAR
from api.labels import Label, label, labels
from api.rows import first_page, whole_table
from belregions import selectors
from belregions.currency import rates
from belregions.models import Country, Flow
from belregions.params import CODE, VOCABULARY

# ordering=: the points' keys (TradeKey's columns), or `value`, which sorts every matching point in memory.
KEY_ORDERING = {"region": "region_code", "partner": "partner_code", "year": "year", "flow": "flow"}
ORDERING_TERMS = [*KEY_ORDERING, "value"]
ORDERING_PATTERN = rf"^(?:-?(?:{'|'.join(ORDERING_TERMS)})(?:,-?(?:{'|'.join(ORDERING_TERMS)}))*)?$"
KEY_COLUMNS = ["region_code", "partner_code", "year", "flow"]


def ordering_of(value: str) -> list[tuple[str, bool]]:
    """`-value,year` → [("value", True), ("year", False)]: each term once, the first time it is named."""
    terms: dict[str, bool] = {}
    for term in filter(None, (value or "").split(",")):
        terms.setdefault(term.lstrip("-"), term.startswith("-"))
    return list(terms.items())


def sort_points(points: list, terms: list[tuple[str, bool]]) -> list:
    """Stable sorts, last term first; a null value sorts last either way."""
    attributes = {"region": "region", "partner": "partner", "year": "year", "flow": "flow", "value": "value"}
    for name, descending in reversed(terms):
        attribute = attributes[name]
        present = [p for p in points if getattr(p, attribute) is not None]
        absent = [p for p in points if getattr(p, attribute) is None]
        points = sorted(present, key=lambda p: getattr(p, attribute), reverse=descending) + absent
    return points


class TradeParameters(serializers.Serializer):
    """stats/trade's parameters as its schema documents them. The filters are read and checked by
    `api.filters.trade_query` (a TradeQuery, as the dashboard's are), the ordering by `ordering_param`."""

    region = serializers.CharField(
        required=False, allow_blank=True, validators=[RegexValidator(CODES, "Give codes like RU-MOW,BY-MI.")],
        help_text="Russian regions or districts, Belarusian oblasts, or RU for Russia as a whole; comma-separated")
    district = serializers.RegexField(rf"^{CODE}$", required=False, allow_blank=True,
                                      help_text="A federal district: its subjects' figures and its own")
    by_region = serializers.CharField(
        required=False, allow_blank=True, validators=[RegexValidator(CODES, "Give codes like BY-MI,BY-HM.")],
        help_text="The Belarusian partner: an oblast or Minsk (BY-MI); BY for Belarus as a whole; comma-separated")
    country = serializers.ChoiceField(choices=Country.values, required=False,
                                      help_text="RU: figures about Russian regions; BY: about Belarusian oblasts")
    year_from = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                         help_text=VOCABULARY["year_from"])
    year_to = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
                                       help_text=VOCABULARY["year_to"])
    flow = serializers.ChoiceField(choices=Flow.choices, required=False)
    currency = serializers.ChoiceField(choices=rates().currencies(), default="USD",
                                       help_text="The currency of `value` (yearly average rates)")
    ordering = serializers.RegexField(
        ORDERING_PATTERN, required=False, allow_blank=True,
        help_text=f"{VOCABULARY['ordering']}: {', '.join(ORDERING_TERMS)} (value sorts every matching point)")


def ordering_param(params) -> list[tuple[str, bool]]:
    value = params.get("ordering", "")
    if not re.fullmatch(ORDERING_PATTERN, value):
        raise ValidationError({"ordering": [f"Give terms among {', '.join(ORDERING_TERMS)} (- for descending), "
                                            f"comma-separated, e.g. -value,year."]})
    return ordering_of(value)


def streamed(fmt: str, names: list[str], shaped: Iterable[list[dict]], count: Callable[[], int], name: str):
    """Every row at once, in constant memory: CSV, NDJSON or a JSON document whose count is read when written."""
    if fmt == "csv":
        body = export.csv_lines(names, shaped)
    elif fmt == "ndjson":
        body = export.ndjson_lines(shaped)
    else:
        body = export.json_document(count, shaped)
    return export.streaming_response(fmt, body, name)


def side_names(key: str, code: str, name_en: str, name_ru: str) -> dict[str, str]:
    """A side of a point in each language: the region's names, or the country's words for RU or BY."""
    if code in (Country.RUSSIA, Country.BELARUS):
        name_en, name_ru = label("country", code, "en"), label("country", code, "ru")
    return {f"{key}_en": name_en, f"{key}_ru": name_ru}


@extend_schema_field({"type": "string"})
class SideName(serializers.Field):
    """A point's region or partner named in one language (its code's words for a country as a whole)."""

    def __init__(self, side: str, language: str, **kwargs):
        self.side, self.language = side, language
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, point: selectors.TradePoint) -> str:
        code, name_en, name_ru = ((point.region, point.region_name, point.region_name_ru) if self.side == "region"
                                  else (point.partner, point.partner_name, point.partner_name_ru))
        return side_names(self.side, code, name_en, name_ru)[f"{self.side}_{self.language}"]


class TradePointSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="The Russian side: a subject or district code, RU for Russia")
    region_name = serializers.CharField()
    region_level = serializers.ChoiceField(choices=["subject", "district", "country"])
    partner = serializers.CharField(help_text="BY for Belarus, or a Belarusian oblast's code")
    partner_name = serializers.CharField()
    year = serializers.IntegerField()
    flow = serializers.ChoiceField(choices=Flow.choices)
    value = serializers.FloatField(allow_null=True, help_text="In `currency`; null when no rate covers the year")
    currency = serializers.CharField()
    partial = serializers.BooleanField(help_text="The chosen figure covers part of the year")
    disputed = serializers.BooleanField(help_text="Another figure for the same period differs by more than 10 %")
    spread = serializers.FloatField(allow_null=True)
    figure = serializers.IntegerField(source="figure.id", help_text="The chosen trade figure's id")
    article = serializers.IntegerField(source="figure.article_id")
    amount = serializers.DecimalField(source="figure.amount", max_digits=20, decimal_places=2,
                                      coerce_to_string=False, help_text="As the article stated it")
    amount_currency = serializers.CharField(source="figure.currency")
    qualifier = serializers.CharField(source="figure.qualifier")
    period_start = serializers.DateField(source="figure.period_start")
    period_end = serializers.DateField(source="figure.period_end", allow_null=True)
    origin = serializers.CharField(source="figure.origin")
    review = serializers.CharField(source="figure.review")
    basis = serializers.CharField(source="figure.basis", help_text="The rates the value was converted with")
    other_figures = serializers.SerializerMethodField(help_text="Ids of the figures not chosen")
    region_en = SideName("region", "en", help_text="The Russian side's name in English")
    region_ru = SideName("region", "ru", help_text="The Russian side's name in Russian")
    partner_en = SideName("partner", "en", help_text="The Belarusian side's name in English")
    partner_ru = SideName("partner", "ru", help_text="The Belarusian side's name in Russian")
    flow_en = Label("flow", "en", source="flow")
    flow_ru = Label("flow", "ru", source="flow")
    qualifier_en = Label("qualifier", "en", source="figure.qualifier")
    qualifier_ru = Label("qualifier", "ru", source="figure.qualifier")
    origin_en = Label("origin", "en", source="figure.origin")
    origin_ru = Label("origin", "ru", source="figure.origin")
    review_en = Label("review", "en", source="figure.review")
    review_ru = Label("review", "ru", source="figure.review")

    def get_other_figures(self, point) -> list[int]:
        return [figure.id for figure in point.others]

    def to_representation(self, point: selectors.TradePoint) -> dict:
        # By hand, in the fields' order and with their formats: DRF's field-by-field path costs more than the
        # rest of the request (tests/api/test_stats.py compares the two). The schema still reads the fields.
        figure = point.figure
        return {
            "region": point.region, "region_name": point.region_name, "region_level": point.region_level,
            "partner": point.partner, "partner_name": point.partner_name, "year": point.year, "flow": point.flow,
            "value": point.value, "currency": point.currency, "partial": point.partial, "disputed": point.disputed,
            "spread": point.spread, "figure": figure.id, "article": figure.article_id,
            "amount": self.fields["amount"].to_representation(figure.amount), "amount_currency": figure.currency,
            "qualifier": figure.qualifier, "period_start": figure.period_start.isoformat(),
            "period_end": figure.period_end.isoformat() if figure.period_end else None, "origin": figure.origin,
            "review": figure.review, "basis": figure.basis, "other_figures": self.get_other_figures(point),
            **side_names("region", point.region, point.region_name, point.region_name_ru),
            **side_names("partner", point.partner, point.partner_name, point.partner_name_ru),
            **labels("flow", point.flow, "flow"), **labels("qualifier", figure.qualifier, "qualifier"),
            **labels("origin", figure.origin, "origin"), **labels("review", figure.review, "review"),
        }


@extend_schema(summary="Consolidated trade: one figure per region, partner, year and flow",
               parameters=[TradeParameters], tags=["stats"])
class TradeStatsView(ApiMixin, generics.ListAPIView):
    """The figures the dashboard's trade charts draw: for each region, partner, year and flow the one
    figure the consolidation chose (an editor's over the parser's, full-year over partial, then the
    newest article), converted to `currency`; the figures not chosen are listed in `other_figures`."""

    serializer_class = TradePointSerializer
    filter_backends: list = []
    csv_name = "trade"
    list_view = True
    extra_parameters = tuple(TradeParameters().fields)
    csv_columns: list[str] | None = None

    def list(self, request, *args, **kwargs):
        return self.read(request, lambda: self.compute(request))

    def compute(self, request):
        shaper = self.shaper(list(TradePointSerializer().fields))
        fmt = request.accepted_renderer.format
        keys = self.get_queryset()
        currency = self.query.currency
        show = TradePointSerializer(context=self.get_serializer_context()).to_representation
        if whole_table(request, fmt):
            if not first_page(self.paginator, request):
                keys = []
            shaped = (shaper.apply([show(point) for point in self.points(chunk, currency)])
                      for chunk in export.chunks(keys.iterator(500) if hasattr(keys, "iterator") else keys, 500))
            return streamed(fmt, shaper.names, shaped, lambda: len(keys) if isinstance(keys, list) else keys.count(),
                            self.csv_name)
        page = self.points(super().paginate_queryset(keys), currency)
        self.csv_columns = shaper.names
        return self.get_paginated_response(shaper.apply([show(point) for point in page]))

    def get_queryset(self):
        """The keys of the points asked for (or, ordered by value, the points); only a page's are consolidated."""
        self.query = filters.trade_query(self.request.query_params)
        terms = ordering_param(self.request.query_params)
        keys = selectors.point_keys(self.query)
        if any(name == "value" for name, _ in terms):
            return sort_points(selectors.trade_points(list(keys), currency=self.query.currency), terms)
        if terms:
            named = [("-" if descending else "") + KEY_ORDERING[name] for name, descending in terms]
            keys = keys.order_by(*named, *KEY_COLUMNS)
        return keys

    def points(self, keys, currency: str) -> list:
        keys = list(keys)
        if keys and isinstance(keys[0], selectors.TradePoint):
            return keys  # already made (ordered by value)
        return selectors.trade_points(keys, currency=currency)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        if self.csv_columns:
            context["csv_columns"] = self.csv_columns
        return context


class TopRegionsQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR + 1, max_value=LAST_YEAR,
                                    help_text="The year to rank; the change is from the year before")
    flow = serializers.ChoiceField(choices=Flow.choices, default="turnover", help_text=VOCABULARY["flow"])
    currency = serializers.ChoiceField(choices=rates().currencies(), default="USD",
                                       help_text="The currency of the values (yearly average rates)")
    ordering = serializers.ChoiceField(
        choices=["value", "-value", "change", "-change", "change_percent", "-change_percent", "region", "-region"],
        default="-value", help_text="How to rank: -value (the default), -change, -change_percent, region")

    def validate(self, attrs):
        for name in ("year", "flow", "currency", "ordering"):
            if self.initial_data.get(name) == "":
                raise ValidationError({name: ["Give a value, or leave the parameter out."]})
        return attrs


class TopRegionSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 for the largest value in `year`")
    region = serializers.CharField(help_text="The Russian region's code")
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    flow = serializers.ChoiceField(choices=Flow.choices)
    currency = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="Trade with Belarus in `year`, in `currency`")
    previous_value = serializers.FloatField(allow_null=True, help_text="The same in the year before (null: none)")
    change = serializers.FloatField(allow_null=True, help_text="value - previous_value")
    change_percent = serializers.FloatField(allow_null=True, help_text="The change as a percentage of the year "
                                                                       "before")
    partial = serializers.BooleanField(help_text="The figure for `year` covers part of the year")
    figure = serializers.IntegerField(help_text="The chosen trade figure's id for `year`")
    article = serializers.IntegerField(help_text="Its article's id")
    region_en = serializers.CharField(help_text="The region's name in English")
    region_ru = serializers.CharField(help_text="The region's name in Russian")
    flow_en = Label("flow", "en")
    flow_ru = Label("flow", "ru")


def rank_regions(year: int, flow: str, currency: str, ordering: str) -> list[dict]:
    """Russian regions by their trade with Belarus as a whole in `year`, with the change from the year before.

    The consolidated points (stats/trade's) of the two years: two queries, whatever the number of regions.
    """
    query = selectors.TradeQuery(partners=(Country.BELARUS,), country=Country.RUSSIA, year_from=year - 1,
                                 year_to=year, flow=flow, currency=currency)
    keys = selectors.point_keys(query)
    points = [p for p in selectors.trade_points(list(keys), currency=currency) if p.region_level == "subject"]
    before = {p.region: p.value for p in points if p.year == year - 1}
    rows = []
    for point in points:
        if point.year != year or point.value is None:
            continue
        previous = before.get(point.region)
        change = point.value - previous if previous is not None else None
        rows.append({"region": point.region, "region_name": point.region_name, "year": year, "flow": flow,
                     "currency": currency, "value": point.value, "previous_value": previous, "change": change,
                     "change_percent": round(100 * change / previous, 2) if change is not None and previous else None,
                     "partial": point.partial, "figure": point.figure.id, "article": point.figure.article_id,
                     **side_names("region", point.region, point.region_name, point.region_name_ru),
                     **labels("flow", flow, "flow")})
    rows.sort(key=lambda row: (-row["value"], row["region"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    name, descending = ordering.lstrip("-"), ordering.startswith("-")
    if name != "value":
        present = sorted((r for r in rows if r[name] is not None), key=lambda r: r[name], reverse=descending)
        rows = present + [r for r in rows if r[name] is None]
    elif not descending:
        rows.reverse()
    order = list(TopRegionSerializer().fields)
    return [{key: row[key] for key in order} for row in rows]


@extend_schema(summary="Top Russian regions by trade with Belarus in a year, with the change from the year before",
               parameters=[TopRegionsQuery], tags=["stats"])
class TopRegionsView(ApiMixin, generics.ListAPIView):
    """Russian regions ranked by their consolidated trade with Belarus as a whole (stats/trade's points,
    partner BY) in `year`, with the value of the year before and the change. A region with no figure for
    `year` is not ranked; one with none for the year before has a null change."""

    serializer_class = TopRegionSerializer
    filter_backends: list = []
    csv_name = "top-regions"
    list_view = True
    extra_parameters = tuple(TopRegionsQuery().fields)

    def list(self, request, *args, **kwargs):
        return self.read(request, lambda: self.compute(request))

    def compute(self, request):
        query = TopRegionsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        shaper = self.shaper(list(TopRegionSerializer().fields))
        data = query.validated_data
        try:
            rows = rank_regions(data["year"], data["flow"], data["currency"], data["ordering"])
        except selectors.TradeQueryError as exc:
            raise ValidationError(str(exc)) from None
        fmt = request.accepted_renderer.format
        if whole_table(request, fmt):
            rows = rows if first_page(self.paginator, request) else []
            return streamed(fmt, shaper.names, [shaper.apply(rows)], lambda: len(rows), self.csv_name)
        page = self.paginate_queryset(rows)
        self.csv_columns = shaper.names
        return self.get_paginated_response(shaper.apply(page))

    def get_renderer_context(self):
        context = super().get_renderer_context()
        if getattr(self, "csv_columns", None):
            context["csv_columns"] = self.csv_columns
        return context
