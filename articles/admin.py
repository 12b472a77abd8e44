"""The editors' admin: upload batches, watch statuses, re-parse, review facts.

Views here are thin: check the request, call one service or selector, answer. Every word an editor reads is
marked for translation (/ru/admin/ is Russian); counts go through ngettext, since Russian has three plural forms.
"""

from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy, pgettext_lazy

from articles import editing, review_page, selectors, services, uploads
from articles.forms import ArticleAdminForm, ArticleUploadForm
from articles.models import IN_PROGRESS, Article, ParseRun, Status, UploadBatch
from belregions import fact_kinds
from belregions.review import FactClash

# Messages shown after an upload; the batch page lists every file.
MAX_UPLOAD_MESSAGES = 15

# The words the pages' scripts write (static/admin-extra/upload.js, status.js), in the page's language: the
# templates render them into data-text-<key> attributes of the element the script works in, and the script
# puts its values where a message says {name}. No JavaScript catalogue: the page carries what it needs.
UPLOAD_SCRIPT_TEXT = {
    "outcome-new": pgettext_lazy("upload outcome", "new"),
    "outcome-duplicate": pgettext_lazy("upload outcome", "uploaded before"),
    "outcome-refused": pgettext_lazy("upload outcome", "refused"),
    "article": gettext_lazy("(article {number})"),
    "summary": gettext_lazy("{new} new, {duplicate} uploaded before, {refused} refused"),
    "dropped": gettext_lazy("{count} dropped: {names}"),
    "pasted": gettext_lazy("pasted text"),
    "server": gettext_lazy("the server answered {status}"),
    "connection": gettext_lazy("not sent: the connection failed"),
    "bytes": gettext_lazy("{n} B"),
    "kilobytes": gettext_lazy("{n} KB"),
    "megabytes": gettext_lazy("{n} MB"),
    "sent": gettext_lazy("{sent} of {total} sent"),
    "starting": gettext_lazy("Uploading {count} item(s), {size}."),
    "finished": gettext_lazy("Upload finished: {summary}."),
    "finished-link": gettext_lazy("Upload finished: {summary}. The batch page's link follows."),
}
STATUS_SCRIPT_TEXT = {
    "updated": gettext_lazy("Updated {time}"),
    "updated-in-progress": gettext_lazy("Updated {time} ({count} in progress)"),
    "failed": gettext_lazy("Could not refresh the status ({error}); retrying…"),
    "server": gettext_lazy("the server answered {status}"),
}


def post_only(view):
    """Actions change data: a GET (a prefetching browser, a crawler) gets 405, not a re-parse."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapper


class ParseRunInline(admin.TabularInline):
    model = ParseRun
    extra = 0
    can_delete = False
    fields = ["queued_at", "requested_by", "started_at", "duration_ms", "outcome", "retries", "error_code",
              "error_message", "parser_version"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


def status_badge_html(article: Article):
    badge = format_html('<span class="status status-{}" data-article-status="{}" title="{}">{}</span>',
                        article.status, article.pk, article.error_message, article.get_status_display())
    if article.status == Status.DUPLICATE and article.duplicate_of_id:
        url = reverse("admin:articles_article_change", args=[article.duplicate_of_id])
        return format_html(_('{badge} of <a href="{url}">article {number}</a>'), badge=badge, url=url,
                           number=article.duplicate_of_id)
    return badge


# Messages about a number of things: ngettext_lazy(singular, plural, "count"), the form chosen by the "count"
# value when the message is filled (Russian has three forms: 1 статья, 3 статьи, 5 статей).
NEW_QUEUED = ngettext_lazy("%(count)d new article queued for parsing.", "%(count)d new articles queued for parsing.",
                           "count")
QUEUED = ngettext_lazy("%(count)d article queued for parsing.", "%(count)d articles queued for parsing.", "count")
FAILED_QUEUED = ngettext_lazy("%(count)d failed article queued for parsing again.",
                              "%(count)d failed articles queued for parsing again.", "count")
DELETED = ngettext_lazy("%(count)d article deleted (restorable).", "%(count)d articles deleted (restorable).",
                        "count")
RESTORED = ngettext_lazy("%(count)d article restored.", "%(count)d articles restored.", "count")
MERGED = ngettext_lazy("Article %(article)s is merged into this one (deleted, restorable); %(count)d editor's fact "
                       "moved here.",
                       "Article %(article)s is merged into this one (deleted, restorable); %(count)d editor's facts "
                       "moved here.", "count")
BATCH_TITLE = ngettext_lazy("%(batch)s: %(count)d file", "%(batch)s: %(count)d files", "count")


def counted(message, count: int, **values) -> str:
    """One of the messages above about `count` things, in the page's language."""
    return message % {"count": count, **values}


class DeletedFilter(admin.SimpleListFilter):
    """Deleted articles are out of the list unless asked for: an editor finds them here to restore them."""

    title = gettext_lazy("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("yes", _("Deleted")), ("all", _("All"))]

    def choices(self, changelist):
        yield {"selected": self.value() is None, "display": _("Not deleted"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
        for value, label in self.lookup_choices:
            yield {"selected": self.value() == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.deleted()
        return queryset if self.value() == "all" else queryset.shown()


class ErrorCodeFilter(admin.AllValuesFieldListFilter):
    """The error codes found; the empty one (no error) gets a name, not an empty link a screen reader can't say."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": _("No error code")} if choice["display"] == "" else choice


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["__str__", "published", "language", "status_badge", "error_code", "source_name", "batch_link",
                    "created_at"]
    list_filter = [DeletedFilter, "status", "language", ("error_code", ErrorCodeFilter)]
    search_fields = ["title", "original_filename", "source_name", "sha256"]
    date_hierarchy = "created_at"
    fields = ["title", "title_edited", "original_filename", "source_name", "source_url", "published_override",
              "published", "language", "status", "status_changed_at", "error_code", "error_message", "duplicate_of",
              "parser_version", "parsed_at", "uploaded_by", "batch", "created_at", "sha256", "download", "text",
              "text_edited"]
    readonly_fields = [f for f in fields if f not in ("title", "source_name", "source_url", "published_override",
                                                      "text")]
    inlines = [ParseRunInline]
    actions = ["reparse", "soft_delete_selected", "restore_selected"]

    def get_queryset(self, request):
        # Never load the bytes or the text for a list.
        return super().get_queryset(request).defer("raw", "text")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("status.json", view(self.status_view), name="articles_article_status"),
            path("reparse-failed/", view(post_only(self.reparse_failed_view)),
                 name="articles_article_reparse_failed"),
            path("<int:pk>/reparse/", view(post_only(self.reparse_view)), name="articles_article_reparse"),
            path("<int:pk>/original/", view(self.original_view), name="articles_article_original"),
            path("<int:pk>/soft-delete/", view(post_only(self.soft_delete_view)), name="articles_article_soft_delete"),
            path("<int:pk>/restore/", view(post_only(self.restore_view)), name="articles_article_restore"),
            path("<int:pk>/merge/", view(post_only(self.merge_view)), name="articles_article_merge"),
            path("upload.json", view(post_only(self.upload_one_view)), name="articles_article_upload_one"),
            path("<int:pk>/facts/<str:kind>/add/", view(self.fact_add_view), name="articles_article_fact_add"),
            path("<int:pk>/facts/<str:kind>/<int:fact_id>/correct/", view(self.fact_correct_view),
                 name="articles_article_fact_correct"),
            path("<int:pk>/facts/<str:kind>/<int:fact_id>/<str:action>/", view(post_only(self.review_view)),
                 name="articles_article_review"),
            *super().get_urls(),
        ]

    # --- upload ---------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        """The upload page: many files, zips or pasted text become one batch."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleUploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
        if form.is_bound and form.is_valid():
            batch = uploads.store_batch(form.incoming(), user=request.user, options=form.options())
            self.tell_upload_outcome(request, batch)
            return redirect(batch.get_absolute_url())
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form,
                   "title": _("Upload articles"), "max_bytes": uploads.size(settings.ARTICLE_MAX_UPLOAD_BYTES),
                   "upload_one_url": reverse("admin:articles_article_upload_one"), "script_text": UPLOAD_SCRIPT_TEXT}
        return TemplateResponse(request, "admin/articles/article/upload.html", context)

    def upload_one_view(self, request):
        """The upload page's script sends its files here one at a time: one report line per stored file.

        The answer is streamed as JSON lines (the batch first, then a line as
        each file, or each member of a zip, is stored), so the page shows
        results while a large zip is still being stored.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        try:
            batch_id = int(request.POST["batch"]) if request.POST.get("batch") else None
            batch = uploads.open_batch(request.user, batch_id)
        except (ValueError, UploadBatch.DoesNotExist):
            return JsonResponse({"errors": {"batch": [{"message": _("not an upload batch of yours")}]}}, status=400)
        lines = self._upload_lines(batch, uploads.store_into(batch, form.incoming(), user=request.user,
                                                             options=form.options()))
        response = StreamingHttpResponse(lines, content_type="application/x-ndjson")
        response["X-Accel-Buffering"] = "no"  # a proxy in front passes each line on as it comes
        return response

    def _upload_lines(self, batch: UploadBatch, entries):
        yield json.dumps({"batch": batch.pk, "batch_url": batch.get_absolute_url()}) + "\n"
        for entry in entries:
            url = reverse("admin:articles_article_change", args=[entry["article"]]) if entry.get("article") else ""
            yield json.dumps({**entry, "url": url}) + "\n"
        yield json.dumps({"done": True}) + "\n"

    def tell_upload_outcome(self, request, batch: UploadBatch) -> None:
        counts = batch.outcome_counts()
        if counts["new"]:
            self.message_user(request, counted(NEW_QUEUED, counts["new"]), messages.SUCCESS)
        for entry in [e for e in batch.report if e["outcome"] != "new"][:MAX_UPLOAD_MESSAGES]:
            if entry["outcome"] == "duplicate":
                url = reverse("admin:articles_article_change", args=[entry["article"]])
                text = format_html(_('Uploaded before: {name} is <a href="{url}">article {number}</a>.'),
                                   name=entry["name"], url=url, number=entry["article"])
                self.message_user(request, text, messages.WARNING)
            else:
                self.message_user(request, _("Refused %(name)s: %(reason)s.") % {"name": entry["name"],
                                                                                "reason": entry["reason"]},
                                  messages.ERROR)
        if counts["duplicate"] + counts["refused"] > MAX_UPLOAD_MESSAGES:
            self.message_user(request, _("More files were not added: see the list below."), messages.WARNING)

    # --- statuses ---------------------------------------------------------------

    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def status_badge(self, obj):
        return status_badge_html(obj)

    @admin.display(description=gettext_lazy("Batch"), ordering="batch")
    def batch_link(self, obj):
        if obj.batch_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:articles_uploadbatch_change", args=[obj.batch_id]),
                           obj.batch_id)

    @admin.display(description=gettext_lazy("Original file"))
    def download(self, obj):
        url = reverse("admin:articles_article_original", args=[obj.pk])
        size = len(obj.raw)
        words = ngettext("download {name} ({size} byte)", "download {name} ({size} bytes)", size)
        return format_html('<a href="{url}">' + words + "</a>", url=url, name=obj.original_filename or _("the file"),
                           size=size)

    def status_view(self, request):
        """The JSON the editors' pages poll: counts by status, and the statuses of the articles on the page.

        (admin_view already marks it never cached.)
        """
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            batch_id = request.GET.get("batch")
            ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip()]
            batch = get_object_or_404(UploadBatch, pk=int(batch_id)) if batch_id else None
        except ValueError:
            return JsonResponse({"error": "batch and ids must be whole numbers"}, status=400)
        return JsonResponse(selectors.status_payload(batch=batch, ids=ids))

    def changelist_view(self, request, extra_context=None):
        counts = Article.objects.status_counts()
        extra = {"status_rows": selectors.status_rows(counts), "status_total": sum(counts.values()),
                 "waiting": selectors.waiting_notes(),
                 "status_url": reverse("admin:articles_article_status"), "failed_count": counts[Status.FAILED],
                 "status_script_text": STATUS_SCRIPT_TEXT}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    # --- re-parse -----------------------------------------------------------------

    @admin.action(description=gettext_lazy("Re-parse selected articles"))
    def reparse(self, request, queryset):
        count = 0
        with services.parse_batches():
            for article in queryset.defer("raw", "text"):
                services.queue_parse(article, user=request.user)
                count += 1
        self.message_user(request, counted(QUEUED, count), messages.SUCCESS)

    def reparse_view(self, request, pk):
        article = self._article_for_change(request, pk)
        if article.is_deleted:
            self.message_user(request, _("The article is deleted: restore it to re-parse it."), messages.ERROR)
            return redirect("admin:articles_article_change", pk)
        services.queue_parse(article, user=request.user)
        self.message_user(request, _("The article is queued for parsing."), messages.SUCCESS)
        return redirect("admin:articles_article_change", pk)

    # --- delete, restore, merge -------------------------------------------------------

    def has_soft_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("articles.soft_delete_article")

    def has_merge_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("articles.merge_article")

    @admin.action(description=gettext_lazy("Delete selected articles (restorable)"), permissions=["soft_delete"])
    def soft_delete_selected(self, request, queryset):
        self._each(request, queryset.shown(), editing.delete, DELETED)

    @admin.action(description=gettext_lazy("Restore selected deleted articles"), permissions=["soft_delete"])
    def restore_selected(self, request, queryset):
        self._each(request, queryset.deleted(), editing.restore, RESTORED)

    def _each(self, request, queryset, change, done) -> None:
        """`change` each article, then say how many were (`done`: one of the counted messages above)."""
        articles = list(queryset.defer("raw", "text"))
        for article in articles:
            change(article, request.user)
        self.message_user(request, counted(done, len(articles)), messages.SUCCESS)

    def soft_delete_view(self, request, pk):
        return self._change_one(request, pk, self.has_soft_delete_permission, editing.delete,
                                _("The article is deleted: hidden from the dashboard and the API. Restore it here."))

    def restore_view(self, request, pk):
        return self._change_one(request, pk, self.has_soft_delete_permission, editing.restore,
                                _("The article is restored, with its facts."))

    def _change_one(self, request, pk, allowed, change, done: str):
        article = get_object_or_404(Article.all_objects.defer("raw"), pk=pk)
        if not allowed(request, article):
            raise PermissionDenied
        try:
            change(article, request.user)
        except editing.EditRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:articles_article_change", pk)

    def merge_view(self, request, pk):
        """Merge this article (a duplicate) into the one whose id the editor gives."""
        duplicate = get_object_or_404(Article.all_objects.defer("raw"), pk=pk)
        if not self.has_merge_permission(request, duplicate):
            raise PermissionDenied
        kept = Article.all_objects.defer("raw").filter(pk=_whole_number(request.POST.get("into"))).first()
        if kept is None:
            self.message_user(request, _("Give the number of the article to keep."), messages.ERROR)
            return redirect("admin:articles_article_change", pk)
        try:
            moved = editing.merge(duplicate, kept, request.user)
        except editing.EditRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect("admin:articles_article_change", pk)
        self.message_user(request, counted(MERGED, moved, article=duplicate.pk), messages.SUCCESS)
        return redirect("admin:articles_article_change", kept.pk)

    def reparse_failed_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        count = 0
        with services.parse_batches():
            for article in Article.objects.filter(status=Status.FAILED).defer("raw", "text"):
                services.queue_parse(article, user=request.user)
                count += 1
        self.message_user(request, counted(FAILED_QUEUED, count), messages.SUCCESS)
        return redirect("admin:articles_article_changelist")

    def original_view(self, request, pk):
        """The uploaded bytes, as a download (never shown as a page: it may hold anything)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.all_objects.only("raw", "original_filename"), pk=pk)
        response = HttpResponse(bytes(article.raw), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="article-{article.pk}.bin"'
        return response

    # --- review -----------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra = self.review_context(request, article) if article is not None else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def review_context(self, request, article: Article) -> dict:
        groups = review_page.fact_groups(article)
        return {
            "fact_groups": groups,
            "highlighted_text": review_page.highlighted_text(article, groups),
            "history": review_page.history(article),
            "duplicates": article.duplicates.shown().only("id", "title", "original_filename"),
            "merged": article.merged.only("id", "title", "original_filename", "deleted_at"),
            "deleted_by": article.deleted_by if article.is_deleted else None,
            "can_soft_delete": self.has_soft_delete_permission(request),
            "can_merge": self.has_merge_permission(request),
            "in_progress": article.status in IN_PROGRESS,
            "status_badge": status_badge_html(article),
        }

    def review_view(self, request, pk, kind, fact_id, action):
        article = self._article_for_change(request, pk)
        if not request.user.has_perm(f"belregions.change_{kind}"):
            raise PermissionDenied
        try:
            fact = review_page.apply_review(article, kind, fact_id, action, request.user)
        except LookupError as exc:
            return HttpResponse(str(exc), status=404, content_type="text/plain")
        except FactClash as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _("%(fact)s %(review)s.") % {"fact": capfirst(fact._meta.verbose_name),
                                                                    "review": fact.get_review_display().lower()},
                              messages.SUCCESS)
        return redirect(reverse("admin:articles_article_change", args=[pk]) + "#facts")

    def fact_add_view(self, request, pk, kind):
        """The review page's "Add" for one kind of fact: the fact admin's form, returning to this page when saved."""
        fact_kind = fact_kinds.by_name(kind)
        if fact_kind is None:
            return HttpResponse(f"no kind of fact {kind!r}", status=404, content_type="text/plain")
        article = self._article_for_change(request, pk)
        return self.admin_site.get_model_admin(fact_kind.model).review_form_view(request, article.pk)

    def fact_correct_view(self, request, pk, kind, fact_id):
        """The review page's "Correct" of one fact: the fact admin's form, returning to this page when saved."""
        article = self._article_for_change(request, pk)
        try:
            fact = review_page.article_fact(article, kind, fact_id)
        except LookupError as exc:
            return HttpResponse(str(exc), status=404, content_type="text/plain")
        return self.admin_site.get_model_admin(type(fact)).review_form_view(request, article.pk, str(fact.pk))

    def save_model(self, request, obj, form, change):
        title_changed = change and "title" in form.changed_data
        if title_changed:
            obj.title_edited = bool(obj.title)  # emptied: the next parse gives the title again
        super().save_model(request, obj, form, change)
        if title_changed:
            review_page.record_title_change(obj, form.initial.get("title", ""), request.user)
        if change and "text" in form.changed_data:  # the re-parse also reads a new published date
            editing.edit_text(obj, obj.text, request.user, before=form.initial.get("text", ""))
            self.message_user(request, _("The text changed: the article is queued for parsing again."))
        elif change and "published_override" in form.changed_data:
            services.queue_parse(obj, user=request.user)
            self.message_user(request, _("The published date changed: the article is queued for parsing again."))

    def _article_for_change(self, request, pk) -> Article:
        """The article an action is on; a non-editor gets 403."""
        article = get_object_or_404(Article.all_objects.defer("raw", "text"), pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article


def _whole_number(value) -> int | None:
    try:
        return int(str(value).strip().lstrip("#"))
    except ValueError:
        return None


@admin.register(UploadBatch)
class UploadBatchAdmin(admin.ModelAdmin):
    list_display = ["batch_name", "created_by", "created_at", "via", "file_count", "in_progress", "parsed", "failed"]
    list_filter = ["via"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").annotate(
            n_in_progress=Count("articles", filter=Q(articles__status__in=IN_PROGRESS)),
            n_parsed=Count("articles", filter=Q(articles__status=Status.PARSED)),
            n_failed=Count("articles", filter=Q(articles__status=Status.FAILED)),
        )

    def has_add_permission(self, request):
        return False  # batches are made by uploading articles

    @admin.display(description=gettext_lazy("Upload batch"), ordering="id")
    def batch_name(self, obj):
        return batch_name(obj)

    @admin.display(description=gettext_lazy("Files"))
    def file_count(self, obj):
        return len(obj.report)

    @admin.display(description=gettext_lazy("In progress"), ordering="n_in_progress")
    def in_progress(self, obj):
        return obj.n_in_progress

    @admin.display(description=gettext_lazy("Parsed"), ordering="n_parsed")
    def parsed(self, obj):
        return obj.n_parsed

    @admin.display(description=gettext_lazy("Failed"), ordering="n_failed")
    def failed(self, obj):
        return obj.n_failed

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The batch page: every file of the upload and live counts of its articles."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(UploadBatch.objects.select_related("created_by"), pk=object_id)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": batch,
                   "title": counted(BATCH_TITLE, len(batch.report), batch=batch_name(batch)),
                   "status_script_text": STATUS_SCRIPT_TEXT, **selectors.batch_page(batch)}
        return TemplateResponse(request, "admin/articles/uploadbatch/batch.html", context)


def batch_name(batch: UploadBatch) -> str:
    """"Upload 12" in the page's language (the model's str() is for logs and shells)."""
    return _("Upload %(number)s") % {"number": batch.pk}


@admin.register(ParseRun)
class ParseRunAdmin(admin.ModelAdmin):
    list_display = ["article", "queued_at", "duration_ms", "outcome", "retries", "error_code", "parser_version"]
    list_filter = ["outcome", "error_code", "parser_version"]
    raw_id_fields = ["article"]
    readonly_fields = [f.name for f in ParseRun._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article").defer("article__raw", "article__text")

    def has_add_permission(self, request):
        return False
