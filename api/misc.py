"""The API's root, its token endpoint, its docs pages (Swagger UI, ReDoc, the guide), its 404, the bench's view."""

from __future__ import annotations

import itertools
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api.base import ApiMixin
from api.throttles import LoginThrottle

ENDPOINTS = {"regions": "region-list", "trade-figures": "tradefigure-list", "meetings": "meeting-list",
             "people": "person-list", "sectors": "sector-list", "articles": "article-list",
             "stats/trade": "stats-trade", "stats/top-regions": "stats-top-regions", "schema": "schema",
             "docs": "docs", "redoc": "redoc", "guide": "guide", "auth/token": "token"}


class RootView(ApiMixin, APIView):
    """belregions API, version 1: where everything is."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({name: reverse(f"api:{url}", request=request) for name, url in ENDPOINTS.items()})


TokenResponse = inline_serializer("Token", {"token": serializers.CharField()})


class TokenView(ApiMixin, ObtainAuthToken):
    """Trade a user name and password for the user's API token (the same token every time)."""

    throttle_classes = [LoginThrottle]
    renderer_classes = [JSONRenderer]
    permission_classes: list = []

    @extend_schema(summary="Get your API token", responses={200: TokenResponse}, tags=["auth"])
    def post(self, request, *args, **kwargs):
        login = self.get_serializer(data=request.data)
        if not login.is_valid():
            if set(login.errors) == {"non_field_errors"}:  # both given, and wrong
                raise AuthenticationFailed("Unable to log in with provided credentials.")
            raise ValidationError(login.errors)
        token, _ = Token.objects.get_or_create(user=login.validated_data["user"])
        return Response({"token": token.key})


class ConstantView(APIView):
    """For bench/api_load.py only (API_BENCH_ENDPOINT=1): DRF doing nothing, the ceiling to compare with."""

    renderer_classes = [JSONRenderer]
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({"ok": True})


# The docs pages may load nothing from elsewhere (ReDoc's bundle would fetch its logo from a CDN).
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline' blob:; worker-src 'self' blob:; connect-src 'self'; "
            "font-src 'self' data:")


class SwaggerView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"  # drf-spectacular's, in English (lang) and with colours that pass AA

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        """Swagger UI without deep links: each would be a link inside an operation's button (nested controls)."""
        response = super().get(request, *args, **kwargs)
        response.data["settings"] = self._dump({**spectacular_settings.SWAGGER_UI_SETTINGS, "deepLinking": False})
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"  # drf-spectacular's, in English (lang), without its Google Fonts links

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


@csrf_exempt  # a JSON 404 for any method; it changes nothing, and a CSRF page would be HTML
def not_found(request, path: str = ""):
    """Any other address under /api/v1/: the JSON error, or the address with its missing slash."""
    if not request.path.endswith("/"):
        try:
            resolve(request.path + "/")
        except Resolver404:
            pass
        else:
            if request.method in ("GET", "HEAD"):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
            message = f"Not found. Did you mean {request.path}/ (with the slash)?"
            return JsonResponse({"status": 404, "code": "not_found", "message": message, "errors": {}}, status=404)
    body = {"status": 404, "code": "not_found", "message": "Not found. The endpoints are listed at /api/v1/.",
            "errors": {}}
    return JsonResponse(body, status=404)


GUIDE = settings.BASE_DIR / "docs" / "api.md"


@require_safe
@vary_on_headers("Accept")
def guide(request):
    """docs/api.md, the guide the schema's description links to: a page for a browser, the text for a program.

    A browser (it asks for text/html) gets the guide as an HTML page, in English, with its headings, lists and
    tables as such, under the docs' CSP; anything else gets the Markdown as it is.
    """
    text = GUIDE.read_text(encoding="utf-8")
    if "text/html" not in request.headers.get("Accept", ""):
        return HttpResponse(text.encode(), content_type="text/plain; charset=utf-8",
                            headers={"Content-Disposition": 'inline; filename="api.md"'})
    response = render(request, "api/guide.html", {"guide": markdown_html(text)})
    response["Content-Security-Policy"] = DOCS_CSP
    return response


# --- the guide as HTML: the Markdown that docs/api.md uses, no more (headings, paragraphs, "- " lists, tables,
# indented code; `code`, **strong**, *em*, [links](...)). Every piece of text is escaped before it is marked up.

def markdown_html(text: str) -> SafeString:
    blocks, lines = [], text.splitlines()
    at = 0
    while at < len(lines):
        line = lines[at]
        if not line.strip():
            at += 1
            continue
        for starts, read in BLOCKS:
            if starts(line):
                html, at = read(lines, at)
                blocks.append(html)
                break
    return mark_safe("\n".join(blocks))  # noqa: S308 - built from escaped text only (_inline, escape)


def _heading(lines: list[str], at: int) -> tuple[str, int]:
    marks, _, title = lines[at].partition(" ")
    return f"<h{len(marks)}>{_inline(title)}</h{len(marks)}>", at + 1


def _code(lines: list[str], at: int) -> tuple[str, int]:
    end = at
    while end < len(lines) and (lines[end].startswith("    ") or (not lines[end].strip() and end + 1 < len(lines)
                                                                  and lines[end + 1].startswith("    "))):
        end += 1
    return f"<pre><code>{escape(chr(10).join(line[4:] for line in lines[at:end]))}</code></pre>", end


def _table(lines: list[str], at: int) -> tuple[str, int]:
    end = at
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines[at:end]]
    head = "".join(f'<th scope="col">{_inline(cell)}</th>' for cell in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>" for row in rows[2:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>", end


def _list(lines: list[str], at: int) -> tuple[str, int]:
    items: list[str] = []
    while at < len(lines) and (lines[at].startswith("- ") or (items and lines[at].startswith("  "))):
        if lines[at].startswith("- "):
            items.append(lines[at][2:])
        else:
            items[-1] += " " + lines[at].strip()
        at += 1
    return "<ul>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + "</ul>", at


def _paragraph(lines: list[str], at: int) -> tuple[str, int]:
    end = at
    while end < len(lines) and lines[end].strip() and not any(starts(lines[end]) for starts, _ in BLOCKS[:-1]):
        end += 1
    return f"<p>{_inline(' '.join(line.strip() for line in lines[at:end]))}</p>", max(end, at + 1)


BLOCKS = [
    (lambda line: re.match(r"#{1,6} ", line) is not None, _heading),
    (lambda line: line.startswith("    "), _code),
    (lambda line: line.startswith("|"), _table),
    (lambda line: line.startswith("- "), _list),
    (lambda line: True, _paragraph),
]


def _inline(text: str) -> str:
    """`code` as is; elsewhere **strong**, *em* and [links](address), after escaping."""
    parts = text.split("`")
    return "".join(f"<code>{escape(part)}</code>" if odd else _emphasis(escape(part))
                   for odd, part in zip(itertools.cycle((False, True)), parts, strict=False))


def _emphasis(escaped: str) -> str:
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    escaped = re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", escaped)
    return re.sub(r"\[([^\]]+)\]\(((?:https?://|/|#)[^)\s]*)\)", r'<a href="\2">\1</a>', escaped)
