from django.contrib import admin

from belregions.models import (
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    Meeting,
    MeetingSource,
    Person,
    Region,
    Sector,
    TradeFigure,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "kind", "country", "district"]
    list_filter = ["country", "kind", "district"]
    search_fields = ["code", "name_en", "name_ru"]
    list_select_related = ["district"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_ru"]
    search_fields = ["slug", "name_en", "name_ru"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "region"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "role", "key"]
    autocomplete_fields = ["region"]
    list_select_related = ["region"]


class FactAdmin(admin.ModelAdmin):
    list_filter = ["origin", "review"]
    readonly_fields = ["fingerprint", "rule", "evidence_start", "evidence_end", "reviewed_by", "updated_at"]
    raw_id_fields = ["article"]


class MeetingSourceInline(admin.TabularInline):
    model = MeetingSource
    extra = 0
    raw_id_fields = ["article"]
    fields = ["article", "evidence", "origin", "review"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "participant_names", "region_codes"]
    list_filter = ["kind", "date_precision"]
    date_hierarchy = "date"
    search_fields = ["participants__name", "regions__name_en"]
    autocomplete_fields = ["participants", "regions"]
    inlines = [MeetingSourceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("participants", "regions")

    @admin.display(description="Participants")
    def participant_names(self, obj):
        return ", ".join(p.name for p in obj.participants.all())

    @admin.display(description="Regions")
    def region_codes(self, obj):
        return ", ".join(r.code for r in obj.regions.all())


@admin.register(TradeFigure)
class TradeFigureAdmin(FactAdmin):
    list_display = ["region", "by_region", "period_start", "period_end", "amount", "currency", "flow",
                    "qualifier", "origin", "review"]
    list_filter = ["flow", "currency", "qualifier", "origin", "review"]
    search_fields = ["region__name_en", "evidence"]
    autocomplete_fields = ["region", "by_region"]
    list_select_related = ["region", "by_region"]


@admin.register(ArticleRegion)
class ArticleRegionAdmin(FactAdmin):
    list_display = ["article", "region", "mentions", "origin", "review"]
    autocomplete_fields = ["region"]
    list_select_related = ["article", "region"]


@admin.register(ArticleSector)
class ArticleSectorAdmin(FactAdmin):
    list_display = ["article", "sector", "mentions", "origin", "review"]
    list_select_related = ["article", "sector"]


@admin.register(ArticlePerson)
class ArticlePersonAdmin(FactAdmin):
    list_display = ["article", "person", "role", "region", "origin", "review"]
    autocomplete_fields = ["person", "region"]
    list_select_related = ["article", "person", "region"]
