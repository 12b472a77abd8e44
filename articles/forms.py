"""The admin's upload form: a file or pasted text becomes an article."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article

ALLOWED_SUFFIXES = (".txt", ".html", ".htm")


class ArticleUploadForm(forms.ModelForm):
    upload = forms.FileField(required=False, help_text="A .txt or .html article")
    pasted_text = forms.CharField(required=False, widget=forms.Textarea, help_text="Or paste the article's text")

    class Meta:
        model = Article
        fields = ["source_name", "source_url", "published_override"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(f"{upload.name}: only .txt and .html files can be uploaded.")
        if upload.size > settings.ARTICLE_MAX_UPLOAD_BYTES:
            limit_mb = settings.ARTICLE_MAX_UPLOAD_BYTES / (1024 * 1024)
            raise forms.ValidationError(f"{upload.name} is larger than the {limit_mb:g} MB limit.")
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("upload"), (cleaned.get("pasted_text") or "").strip()
        if self.errors:
            return cleaned
        if not upload and not text:
            raise forms.ValidationError("Choose a file or paste the article's text.")
        cleaned["raw"] = upload.read() if upload else text.encode("utf-8")
        cleaned["filename"] = upload.name if upload else "pasted.txt"
        duplicate = Article.objects.filter(sha256=Article.checksum(cleaned["raw"])).first()
        if duplicate:
            url = reverse("admin:articles_article_change", args=[duplicate.pk])
            raise forms.ValidationError(format_html(
                'This article was uploaded before: <a href="{}">{}</a>.', url, str(duplicate)))
        return cleaned
