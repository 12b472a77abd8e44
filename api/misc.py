"""The API's root, its token endpoint, its 404 and the benchmark's baseline view."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
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
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"  # drf-spectacular's, without its Google Fonts links

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
def guide(request):
    """docs/api.md, the guide the schema's description links to: as text (a browser shows it as it is)."""
    return HttpResponse(GUIDE.read_bytes(), content_type="text/plain; charset=utf-8",
                        headers={"Content-Disposition": 'inline; filename="api.md"'})
