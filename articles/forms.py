"""The admin's upload form: many files (or zips of them) and/or pasted text become one batch."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.uploads import ARTICLE_SUFFIXES, ZIP_SUFFIX, Incoming, Options, from_file, from_text

ALLOWED_SUFFIXES = ARTICLE_SUFFIXES  # kept for other apps: the article file types


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field whose cleaned value is a list of files (possibly empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join((*ARTICLE_SUFFIXES, ZIP_SUFFIX))}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ArticleUploadForm(forms.Form):
    # Named "upload" (not "files") so that one-file posts of older clients still work.
    upload = MultipleFileField(
        required=False, label=_("Files"), allow_empty_file=True,
        help_text=_("One or more .txt or .html articles, or .zip files of them. Each file is judged on its own."),
    )
    pasted_text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}), label=_("Pasted text"),
                                  help_text=_("Or paste an article's text"))
    source_name = forms.CharField(required=False, max_length=200, label=_("Source name"),
                                  help_text=_("For every article of this upload"))
    source_url = forms.URLField(required=False, max_length=500, label=_("Source URL"))
    published_override = forms.DateField(
        required=False, label=_("Published date"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Overrides the date found in the text, for every article of this upload"),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("upload") and not (cleaned.get("pasted_text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the article's text."))
        return cleaned

    def options(self) -> Options:
        data = self.cleaned_data
        return Options(source_name=data["source_name"], source_url=data["source_url"],
                       published_override=data["published_override"])

    def incoming(self) -> Iterator[Incoming]:
        for upload in self.cleaned_data["upload"]:
            yield from from_file(upload.name, upload, upload.size)
        text = (self.cleaned_data.get("pasted_text") or "").strip()
        if text:
            yield from_text(text)


class CleanTextField(forms.CharField):
    """The article's clean text as a browser sends it back: its line breaks as the parser writes them.

    A textarea posts CRLF line breaks; without this every save would look like a text change (and re-parse).
    """

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class ArticleAdminForm(forms.ModelForm):
    text = CleanTextField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"}),
        label=_("Text"),
        help_text=_("Fix the clean text (a wrong paragraph, site chrome the parser kept): saving re-parses the "
                    "article from this text, and re-parses keep it. Empty it to read the uploaded file again."),
    )

    class Meta:
        model = Article
        fields = ["title", "source_name", "source_url", "published_override", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and "text" not in self.data:
            del self.fields["text"]  # a post without the text (a script, an older page) leaves it as it is
