"""The domain in the admin. Fact admins are where editors correct and add facts.

Saving a fact's change form is a correction (`review.fact_correct`), its add
form an addition (`review.fact_add`): both are the editor's, survive re-parses
and are written to the history (`FactChange`). Machine facts are rejected, not
deleted, so that a re-parse does not bring them back. The article's review
page shows these forms as its own steps (`FactAdmin.review_form_view`). Column headers and filters take the
models' translated names; the words written here are marked too (/ru/admin/ is Russian).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from belregions import meeting_matching, review
from belregions.models import (
    Agreement,
    ArticlePerson,
    ArticleRegion,
    ArticleSector,
    DatePrecision,
    FactChange,
    Meeting,
    MeetingKind,
    MeetingSource,
    Origin,
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


class FactForm(forms.ModelForm):
    """Refuses a fact the article already has from an editor (or rejected): one row per claim."""

    def validate_unique(self):
        super().validate_unique()
        if not self.errors and self.instance.article_id and self.clashes():
            self.add_error(None, review.CLASH)

    def clashes(self) -> bool:
        return review.clashing_facts(self.instance).exists()


class FactAdmin(admin.ModelAdmin):
    """Corrections and additions by editors, on their own or as steps of the article's review page."""

    form = FactForm
    list_filter = ["origin", "review"]
    readonly_fields = ["origin", "review", "reviewed_by", "fingerprint", "rule", "evidence_start", "evidence_end",
                       "updated_at"]
    raw_id_fields = ["article"]
    actions = ["confirm_selected", "reject_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "article"] if obj else self.readonly_fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # reject instead: a deleted machine fact comes back on re-parse
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.origin == Origin.MACHINE:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            review.fact_correct(obj, request.user)
        else:
            review.fact_add(obj, request.user)

    def review_form_view(self, request, article_id: int, object_id: str | None = None):
        """This admin's correct (or add) form as a step of the article's review page: saving returns there.

        The article admin serves it under the article's URL; only saving is
        offered (no "save and continue", "add another" or delete).
        """
        request.review_article_id = article_id
        steps = {"show_save_and_continue": False, "show_save_and_add_another": False, "show_delete": False}
        return self.changeform_view(request, object_id, extra_context=steps)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        article_id = getattr(request, "review_article_id", None)
        return {**initial, "article": article_id} if article_id else initial

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_review(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._back_to_review(request, obj) or super().response_change(request, obj)

    def _back_to_review(self, request, obj):
        if getattr(request, "review_article_id", None) is None:
            return None
        self.message_user(request, _("%(fact)s saved as the editor's.") % {"fact": capfirst(obj._meta.verbose_name)},
                          messages.SUCCESS)
        return redirect(reverse("admin:articles_article_change", args=[obj.article_id]) + "#facts")

    @admin.action(description=gettext_lazy("Confirm selected facts"))
    def confirm_selected(self, request, queryset):
        facts = self._each(request, queryset, review.fact_confirm)
        self.message_user(request, ngettext("%(count)d fact confirmed.", "%(count)d facts confirmed.", facts)
                          % {"count": facts}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Reject selected facts"))
    def reject_selected(self, request, queryset):
        facts = self._each(request, queryset, review.fact_reject)
        self.message_user(request, ngettext("%(count)d fact rejected.", "%(count)d facts rejected.", facts)
                          % {"count": facts}, messages.SUCCESS)

    def _each(self, request, queryset, action) -> int:
        """`action` on each fact selected; how many."""
        facts = list(queryset)
        for fact in facts:
            action(fact, request.user)
        return len(facts)


class MeetingSourceForm(FactForm):
    """An article's report of a meeting, edited as what it says: kind, date, people, regions."""

    # The meeting's own fields, labelled with the meeting model's (translated) names.
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=capfirst(Meeting._meta.get_field("kind").verbose_name))
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}),
                           label=capfirst(Meeting._meta.get_field("date").verbose_name))
    date_precision = forms.ChoiceField(choices=DatePrecision.choices, initial=DatePrecision.DAY,
                                       label=capfirst(Meeting._meta.get_field("date_precision").verbose_name))
    participants = forms.ModelMultipleChoiceField(
        Person.objects.all(), required=False,
        widget=AutocompleteSelectMultiple(Meeting._meta.get_field("participants"), admin.site),
        label=capfirst(Meeting._meta.get_field("participants").verbose_name),
    )
    regions = forms.ModelMultipleChoiceField(
        Region.objects.all(), required=False,
        widget=AutocompleteSelectMultiple(Meeting._meta.get_field("regions"), admin.site),
        label=capfirst(Meeting._meta.get_field("regions").verbose_name),
    )

    class Meta:
        model = MeetingSource
        fields = ["article", "evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance.meeting if self.instance.meeting_id else None
        if meeting is not None:
            self.initial.update(kind=meeting.kind, date=meeting.date, date_precision=meeting.date_precision,
                                participants=list(meeting.participants.all()), regions=list(meeting.regions.all()))

    def meeting_claim(self) -> dict:
        return {name: self.cleaned_data[name] for name in MeetingSource.MEETING_FIELDS}

    def clashes(self) -> bool:
        """The meeting this report will point to already has a reviewed report from the article."""
        claim = self.meeting_claim()
        target = meeting_matching.same_event(claim["kind"], claim["date"], claim["date_precision"],
                                             {p.pk for p in claim["participants"]}, {r.pk for r in claim["regions"]})
        if target is None:
            return False
        moved = MeetingSource(pk=self.instance.pk, article_id=self.instance.article_id, meeting=target)
        return review.clashing_facts(moved).exists()


@admin.register(MeetingSource)
class MeetingSourceAdmin(FactAdmin):
    form = MeetingSourceForm
    fields = ["article", "kind", "date", "date_precision", "participants", "regions", "evidence", "origin",
              "review", "reviewed_by", "fingerprint", "rule", "updated_at"]
    list_display = ["article", "meeting", "origin", "review"]
    list_select_related = ["meeting"]

    def save_model(self, request, obj, form, change):
        if change:
            review.fact_correct(obj, request.user, **form.meeting_claim())
        else:
            review.fact_add(obj, request.user, **form.meeting_claim())


class MeetingSourceInline(admin.TabularInline):
    model = MeetingSource
    extra = 0
    can_delete = False
    fields = ["article", "evidence", "origin", "review"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # a report is added from its article's page


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

    @admin.display(description=gettext_lazy("Participants"))
    def participant_names(self, obj):
        return ", ".join(p.name for p in obj.participants.all())

    @admin.display(description=gettext_lazy("Regions"))
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


class AgreementForm(FactForm):
    """What was agreed: its regions and sectors are part of what it says, so the clash check reads the form's."""

    class Meta:
        model = Agreement
        fields = ["article", "kind", "meeting", "regions", "parties", "sectors", "amount", "currency", "date",
                  "evidence"]

    def links(self) -> dict:
        return {name: self.cleaned_data.get(name) or [] for name in ("regions", "sectors")}

    def clashes(self) -> bool:
        self.instance.set_links(**self.links())
        return super().clashes()


@admin.register(Agreement)
class AgreementAdmin(FactAdmin):
    form = AgreementForm
    list_display = ["article", "kind", "date", "amount", "currency", "meeting", "origin", "review"]
    list_filter = ["kind", "origin", "review"]
    search_fields = ["evidence"]
    autocomplete_fields = ["regions", "sectors"]
    raw_id_fields = ["article", "meeting"]
    list_select_related = ["article", "meeting"]

    def save_model(self, request, obj, form, change):
        # The links are saved with the row and its history entry (the form's save_m2m would come after both).
        if change:
            review.fact_correct(obj, request.user, **form.links())
        else:
            review.fact_add(obj, request.user, **form.links())


@admin.register(FactChange)
class FactChangeAdmin(admin.ModelAdmin):
    """The history of editors' work on facts: read-only."""

    list_display = ["at", "user", "action", "fact_type", "fact_id", "article"]
    list_filter = ["action", "fact_type"]
    date_hierarchy = "at"
    raw_id_fields = ["article"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
