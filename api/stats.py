"""stats/trade: the consolidated trade the dashboard's charts draw, as rows.

It serves the points of `belregions.selectors.consolidated_trade` (one figure
per region, partner, year and flow; the editor's over the parser's, full-year
over partial, then the newest article), converted to the asked currency. It
pages through the points' keys and consolidates only the page's figures.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from api.base import ApiMixin, CachedList
from api.filters import CODES, FIRST_YEAR, LAST_YEAR, split_codes
from belregions import selectors
from belregions.currency import rates
from belregions.models import Flow


class TradeQuery(serializers.Serializer):
    region = serializers.CharField(
        required=False, allow_blank=True, validators=[RegexValidator(CODES, "Give codes like RU-MOW,BY-MI.")],
        help_text="Russian regions or districts, Belarusian oblasts, or RU for Russia as a whole; comma-separated")
    district = serializers.RegexField(r"^[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3}){0,2}$", required=False, allow_blank=True,
                                      help_text="A federal district: its subjects' figures and its own")
    country = serializers.ChoiceField(choices=["RU", "BY"], required=False,
                                      help_text="RU: figures about Russian regions; BY: about Belarusian oblasts")
    year_from = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_to = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    flow = serializers.ChoiceField(choices=Flow.choices, required=False)
    currency = serializers.ChoiceField(choices=rates().currencies(), default="USD",
                                       help_text="The currency of `value` (yearly average rates)")

    def validate(self, attrs):
        for name in ("country", "year_from", "year_to", "flow", "currency"):
            if self.initial_data.get(name) == "":
                raise ValidationError({name: ["Give a value, or leave the parameter out."]})
        return attrs

    @property
    def is_empty(self) -> bool:
        """year_to before year_from: no year, no points (as the other lists answer it)."""
        data = self.validated_data
        return bool(data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"])

    def selector_arguments(self) -> dict:
        data = self.validated_data
        return {"regions": sorted(split_codes(data["region"])) if data.get("region") else (),
                "district": (data.get("district") or "").upper() or None, "country": data.get("country"),
                "year_from": data.get("year_from"), "year_to": data.get("year_to"), "flow": data.get("flow"),
                "currency": data["currency"]}


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
        }


@extend_schema(summary="Consolidated trade: one figure per region, partner, year and flow",
               parameters=[TradeQuery], tags=["stats"])
class TradeStatsView(ApiMixin, CachedList, generics.ListAPIView):
    """The figures the dashboard's trade charts draw: for each region, partner, year and flow the one
    figure the consolidation chose (an editor's over the parser's, full-year over partial, then the
    newest article), converted to `currency`; the figures not chosen are listed in `other_figures`."""

    serializer_class = TradePointSerializer
    filter_backends: list = []
    csv_name = "trade"

    def get_queryset(self):
        """The keys of the points asked for; only the page's are made into points (`paginate_queryset`)."""
        self.query = TradeQuery(data=self.request.query_params)
        self.query.is_valid(raise_exception=True)
        if self.query.is_empty:
            return []
        try:
            return selectors.trade_keys(**self.query.selector_arguments())
        except selectors.TradeQueryError as exc:
            raise ValidationError(str(exc)) from None

    def paginate_queryset(self, queryset):
        keys = super().paginate_queryset(queryset)
        return selectors.trade_points(keys, currency=self.query.validated_data["currency"])
