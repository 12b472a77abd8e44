from django.contrib import admin, messages
from django.utils.html import format_html

from articles import services
from articles.forms import ArticleUploadForm
from articles.models import Article, ParseRun


class ParseRunInline(admin.TabularInline):
    model = ParseRun
    extra = 0
    can_delete = False
    fields = ["queued_at", "started_at", "duration_ms", "outcome", "error_code", "error_message", "parser_version"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published", "language", "status_badge", "error_code", "created_at"]
    list_filter = ["status", "language", "error_code"]
    search_fields = ["title", "original_filename", "source_name", "sha256"]
    date_hierarchy = "created_at"
    readonly_fields = ["title", "original_filename", "sha256", "language", "published", "status",
                       "status_changed_at", "error_code", "error_message", "parser_version", "parsed_at",
                       "uploaded_by", "created_at", "text"]
    inlines = [ParseRunInline]
    actions = ["reparse"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleUploadForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "pasted_text", "source_name", "source_url", "published_override"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.raw = form.cleaned_data["raw"]
        obj.sha256 = Article.checksum(obj.raw)
        obj.original_filename = obj.title = form.cleaned_data["filename"]
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        services.queue_parse(obj, user=request.user)

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html('<span class="status status-{}">{}</span>', obj.status, obj.get_status_display())

    @admin.action(description="Re-parse selected articles")
    def reparse(self, request, queryset):
        for article in queryset:
            services.queue_parse(article, user=request.user)
        self.message_user(request, f"{queryset.count()} article(s) queued for parsing.", messages.SUCCESS)


@admin.register(ParseRun)
class ParseRunAdmin(admin.ModelAdmin):
    list_display = ["article", "queued_at", "duration_ms", "outcome", "error_code", "parser_version"]
    list_filter = ["outcome", "error_code", "parser_version"]
    raw_id_fields = ["article"]
    readonly_fields = [f.name for f in ParseRun._meta.fields]

    def has_add_permission(self, request):
        return False
