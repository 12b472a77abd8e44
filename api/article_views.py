"""Articles: read them with their facts; editors upload and re-parse them.

An upload answers 202 Accepted at once with the article's URL (also in
`Location`): its `status` goes queued → parsing → parsed or failed, and its
`facts` appear once parsed. The same bytes again answer 200 with the article
uploaded before.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api import filters
from api.base import ApiMixin, CachedList, CachedRetrieve
from api.exceptions import PayloadTooLarge
from api.fact_serializers import FactsSerializer, StrictTypes
from api.labels import Label
from api.rows import RowList
from api.serializers import ArticleSerializer
from api.throttles import AnonThrottle, UploadThrottle, UserThrottle
from api.views import ARTICLE_EXPANSIONS, ARTICLE_FACETS, ID_IN_PATH, article_list_queryset
from articles import services
from articles.forms import ALLOWED_SUFFIXES
from articles.models import Article, ParseRun
from belregions.models import ArticlePerson, MeetingSource

LOCATION = OpenApiParameter("Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=["200", "202"],
                            description="The article's URL: poll it for its status and facts")


class ParseRunSerializer(serializers.ModelSerializer):
    outcome_en = Label("outcome", "en", source="outcome")
    outcome_ru = Label("outcome", "ru", source="outcome")

    class Meta:
        model = ParseRun
        fields = ["id", "outcome", "parser_version", "queued_at", "started_at", "finished_at", "duration_ms",
                  "error_code", "outcome_en", "outcome_ru"]


class ArticleDetailSerializer(ArticleSerializer):
    """One article: its text, its parse history and every fact read from it."""

    facts = FactsSerializer(source="*", read_only=True)
    parse_runs = ParseRunSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "published_override", "parser_version", "error_message", "text",
                  "parse_runs", "facts"]


# JSON Schema's (ECMAScript's) white space, so that the schema and this check agree on what is blank.
SPACE_CHARS = ("\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
               + "\u2028\u2029\u202f\u205f\u3000\ufeff")
NOT_BLANK = r"[^\u0009-\u000d\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"


class UploadSerializer(StrictTypes, serializers.Serializer):
    source_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    # A plain pattern rather than Django's URL validator, which refuses some URLs JSON Schema calls valid.
    source_url = serializers.RegexField(r"^(?:https?://[^\s\u0000]+)?$", required=False, allow_blank=True,
                                        max_length=500, help_text="Where the article was published (http or https)")
    published_override = serializers.DateField(required=False, allow_null=True,
                                               help_text="The publication date, when the text gives none or a "
                                                         "wrong one")

    def validate(self, attrs):
        if len(attrs["raw"]) > settings.ARTICLE_MAX_UPLOAD_BYTES:
            limit_mb = settings.ARTICLE_MAX_UPLOAD_BYTES / (1024 * 1024)
            field = "file" if "file" in self.fields else "text"
            raise serializers.ValidationError({field: [f"Larger than the {limit_mb:g} MB limit."]})
        return attrs


class TextUploadSerializer(UploadSerializer):
    """An article as JSON: its text. (A file goes as multipart/form-data.)"""

    # Any text with a visible character; NUL too: the bytes are kept as they are and the parse says what is wrong.
    text = serializers.RegexField(NOT_BLANK, trim_whitespace=False, help_text="The article's text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].validators = [v for v in self.fields["text"].validators
                                          if not isinstance(v, ProhibitNullCharactersValidator)]

    def validate(self, attrs):
        text = attrs.pop("text").strip(SPACE_CHARS)
        attrs.update(raw=text.encode("utf-8", "surrogatepass"), filename="pasted.txt")
        return super().validate(attrs)


class FileUploadSerializer(UploadSerializer):
    """An article as multipart/form-data: its file."""

    file = serializers.FileField(help_text="A .txt or .html article")

    def validate_file(self, upload):
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise serializers.ValidationError(f"{upload.name}: only .txt and .html files can be uploaded.")
        return upload

    def validate(self, attrs):
        if "text" in self.initial_data:
            raise serializers.ValidationError({"text": ["Send a text as JSON; multipart/form-data takes a file."]})
        upload = attrs.pop("file")
        if upload.size > settings.ARTICLE_MAX_UPLOAD_BYTES:
            attrs["raw"] = b"x" * (settings.ARTICLE_MAX_UPLOAD_BYTES + 1)  # refused below without reading it
        else:
            attrs["raw"] = upload.read()
        attrs["filename"] = upload.name
        return super().validate(attrs)


ACCEPTED = OpenApiResponse(ArticleDetailSerializer, description="Queued for parsing: poll the article's URL")
DUPLICATE = OpenApiResponse(ArticleDetailSerializer, description="The same bytes were uploaded before: that article")


@extend_schema_view(
    list=extend_schema(summary="Articles, newest published first"),
    retrieve=extend_schema(summary="One article with its status, parse runs and facts"),
    create=extend_schema(
        summary="Upload an article (editors)",
        request={"multipart/form-data": FileUploadSerializer, "application/json": TextUploadSerializer},
        responses={202: ACCEPTED, 200: DUPLICATE}, parameters=[LOCATION],
    ),
    reparse=extend_schema(summary="Parse an article again (editors)", request=None, responses={202: ACCEPTED},
                          parameters=[LOCATION]),
)
class ArticleViewSet(ApiMixin, CachedList, RowList, CachedRetrieve, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Uploaded news articles, their parse status and the facts read from them."""

    filterset_class = filters.ArticleFilter
    lookup_value_regex = ID_IN_PATH
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser]
    write_permissions = {"create": "articles.add_article", "reparse": "articles.change_article"}
    csv_name = "articles"
    expansions = ARTICLE_EXPANSIONS
    facet_columns = ARTICLE_FACETS

    def get_queryset(self):
        if self.action == "list":
            return article_list_queryset()
        return Article.objects.defer("raw").prefetch_related(
            "articleregion_facts", "articlesector_facts", "tradefigure_facts",
            Prefetch("articleperson_facts", queryset=ArticlePerson.objects.select_related("person")),
            Prefetch("meetingsource_facts", queryset=MeetingSource.objects.select_related("meeting")),
            Prefetch("parse_runs", queryset=ParseRun.objects.defer("traceback", "error_message")),
        )

    def get_serializer_class(self):
        if self.action == "create":
            return FileUploadSerializer if self.request.content_type.startswith("multipart/") else TextUploadSerializer
        return ArticleSerializer if self.action == "list" else ArticleDetailSerializer

    def get_throttles(self):
        if self.action in ("create", "reparse"):
            return [UploadThrottle(), AnonThrottle()]
        return [AnonThrottle(), UserThrottle()]

    def create(self, request, *args, **kwargs):
        limit = 6 * settings.ARTICLE_MAX_UPLOAD_BYTES + 1024 * 1024  # JSON may escape every character
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            raise PayloadTooLarge()
        upload = self.get_serializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        done = services.create_article(
            data["raw"], filename=data["filename"], user=request.user, source_name=data.get("source_name", ""),
            source_url=data.get("source_url", ""), published_override=data.get("published_override"),
        )
        return self._article_response(done.article, status.HTTP_202_ACCEPTED if done.created else status.HTTP_200_OK)

    @action(detail=True, methods=["post"])
    def reparse(self, request, pk=None):
        article = self.get_object()
        with transaction.atomic():
            services.queue_parse(article, user=request.user)
        return self._article_response(article, status.HTTP_202_ACCEPTED)

    def _article_response(self, article: Article, code: int) -> Response:
        article = self.get_queryset().get(pk=article.pk)
        body = ArticleDetailSerializer(article, context=self.get_serializer_context()).data
        return Response(body, status=code, headers={"Location": str(body["url"])})
