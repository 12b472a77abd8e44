"""What every API view shares: permissions, the SQL time limit, JSON errors, CSV downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework import permissions
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable, ParseError, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api import cache as api_cache
from api.renderers import CSVRenderer, NDJSONRenderer
from api.shape import Shaper
from belregions import read_cache
from belregions.params import CODE

# Every read takes these; lists also take their filters, `page`, `page_size` and (where offered) `facets`.
READ_PARAMETERS = ("format", "strict")
PAGE_PARAMETERS = ("page", "page_size", "count")
# Representations whose answers get an ETag and are cached (the browsable API's page shows the user).
VALIDATED = ("json", "csv", "ndjson")
# One region or district (not RU or BY as a whole, whose answers no parse's version moves): `data_version`.
ONE_REGION = re.compile(rf"(?=[A-Za-z]{{2}}-){CODE}")


class EditorPermission(permissions.BasePermission):
    """Anyone reads; a write needs the model permission the admin asks for (the `editors` group has them).

    A view names the permission of each write action in `write_permissions`.
    """

    message = "Only editors may do this (the `editors` group or a superuser)."

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        needed = getattr(view, "write_permissions", {}).get(getattr(view, "action", None))
        return bool(needed) and request.user.has_perm(needed)


# Mixed into every API view (no docstring: the schema would show it as every operation's description).
class ApiMixin:
    permission_classes = [EditorPermission]
    write_permissions: dict[str, str] = {}
    csv_name = "belregions"
    cached = True  # GET answers are kept until the data changes (api/cache.py)
    expansions: dict = {}  # expand=: name → api.shape.Expansion
    facet_columns: dict = {}  # facets=: name → api.shape facet
    list_view = False  # a list without a ViewSet's "list" action (stats)
    extra_parameters: tuple[str, ...] = ()  # a view's own query parameters, beside its filterset's

    def initial(self, request, *args, **kwargs):
        # PostgreSQL refuses NUL in text: say so instead of failing in the database.
        if any("\x00" in key or "\x00" in value for key, values in request.query_params.lists() for value in values):
            raise ParseError("Query parameters must not contain NUL characters.")
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise MethodNotAllowed(request.method)  # before anything about its parameters
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            self.check_parameters(request)

    def is_list(self) -> bool:
        return self.list_view or getattr(self, "action", None) == "list"

    def accepted_parameters(self) -> list[str]:
        """What this read takes: an unknown name is a 400 that lists these (`strict=0` lets it pass)."""
        names = list(READ_PARAMETERS)
        if self.is_list():
            filterset = getattr(self, "filterset_class", None)
            if filterset is not None and self.filter_backends:
                names += list(filterset.base_filters)
            names += PAGE_PARAMETERS
            if self.facet_columns:
                names.append("facets")
        names += self.extra_parameters
        if getattr(self, "action", None) in ("list", "retrieve") or self.list_view:
            names.append("fields")
            if self.expansions:
                names.append("expand")
        return list(dict.fromkeys(names))

    def check_parameters(self, request) -> None:
        strict = request.query_params.get("strict")
        if strict not in (None, "1", "0"):
            raise ValidationError({"strict": ["Give 1 (the default: unknown parameters are refused) or 0."]})
        if strict == "0":
            return
        accepted = self.accepted_parameters()
        unknown = [name for name in request.query_params if name not in accepted]
        if unknown:
            listed = ", ".join(sorted(accepted))
            raise ValidationError({name[:60]: [f"Unknown parameter. This endpoint accepts: {listed} "
                                               f"(strict=0 ignores unknown ones)."] for name in unknown})

    def read(self, request, compute: Callable[[], HttpResponseBase]) -> HttpResponseBase:
        """A cached answer when there is one; else `compute()` within the SQL time limit, kept for next time.

        Every answer carries an ETag and a Last-Modified from the data version (api/cache.py); a request
        whose If-None-Match (or, without one, If-Modified-Since) matches gets 304 without a body.
        """
        representation = request.accepted_renderer.format
        if representation not in VALIDATED:
            with time_limit():
                return compute()
        version = self.data_version(request)
        tag, modified = api_cache.etag(request, representation, version), api_cache.last_modified(version)
        request._api_validators = (tag, modified)
        if not_modified(request, tag, modified):
            return HttpResponseNotModified()
        key = api_cache.key_for(request, representation, version) if self.cached and read_cache.api_enabled() \
            and representation in ("json", "csv") else None
        hit = read_cache.api_get(key) if key else None
        if hit is not None:
            content, headers = hit
            return HttpResponse(content, headers=headers)
        with time_limit():
            response = compute()
        request._api_cache_key = key
        return response

    def data_version(self, request) -> str:
        """The answer's data version: a region's own when the answer is about one region (`?region=` one
        region's or district's code, on a list whose filters all narrow it), so that another region's parse
        leaves it cached; else the whole data's."""
        codes = request.query_params.getlist("region")
        filters = getattr(getattr(self, "filterset_class", None), "base_filters", {})
        if "region" in filters and len(codes) == 1 and ONE_REGION.fullmatch(codes[0]):
            return read_cache.region_data_version(codes[0].upper())
        return read_cache.process_data_version()

    def shaper(self, names: list[str]) -> Shaper:
        return Shaper(self.request, names, self.expansions)

    def perform_content_negotiation(self, request, force=False):
        # DRF answers an unknown ?format= with a 404; it is a representation nobody has: 406.
        fmt = request.query_params.get("format")
        formats = [r.format for r in self.get_renderers() if r.format != "api"]
        if fmt is not None and not force and fmt not in formats:
            raise NotAcceptable(f"format must be one of {', '.join(formats)}, got {fmt[:20]!r}.")
        return super().perform_content_negotiation(request, force)

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.request.method not in permissions.SAFE_METHODS:
            return [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]
        if any(isinstance(renderer, CSVRenderer) for renderer in renderers):  # the data's reads: NDJSON too
            renderers.insert(2, NDJSONRenderer())
        return renderers

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in permissions.SAFE_METHODS:
            read_cache.forget_version()  # this process's next read sees what this request wrote
        else:
            patch_vary_headers(response, ["Accept"])  # JSON or CSV at one address
            validators = getattr(request, "_api_validators", None)
            if validators and response.status_code in (200, 304):
                add_validators(request, response, *validators)
        renderer = response.accepted_renderer if isinstance(response, Response) else None
        if isinstance(renderer, CSVRenderer | NDJSONRenderer):
            if response.status_code >= 400:  # errors are JSON whatever was asked
                response.accepted_renderer, response.accepted_media_type = JSONRenderer(), "application/json"
            elif isinstance(renderer, CSVRenderer):
                response["Content-Disposition"] = f'attachment; filename="{self.csv_name}.csv"'
            else:  # DRF drops the Content-Type of an empty body; no rows is still NDJSON
                response.render()
                response["Content-Type"] = "application/x-ndjson; charset=utf-8"
        key = getattr(request, "_api_cache_key", None)
        if key and response.status_code == 200 and isinstance(response, Response):
            response.render()
            kept = {name: value for name, value in response.items() if name in CACHED_HEADERS}
            read_cache.api_put(key, (response.content, kept))
        return response


class CachedList:
    """Put before the class that lists (ListModelMixin): its answers go through ApiMixin.read."""

    def list(self, request, *args, **kwargs):
        return self.read(request, lambda: super(CachedList, self).list(request, *args, **kwargs))


class CachedRetrieve:
    """Put before the class that retrieves: through ApiMixin.read, with `fields=` and `expand=` applied."""

    def retrieve(self, request, *args, **kwargs):
        def compute():
            response = super(CachedRetrieve, self).retrieve(request, *args, **kwargs)
            if isinstance(response.data, dict):
                response.data = self.shaper(list(response.data)).apply([dict(response.data)])[0]
            return response
        return self.read(request, compute)


CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Link", "X-Total-Count", "Allow", "Vary")


def not_modified(request, tag: str, modified: int) -> bool:
    """RFC 9110: If-None-Match (weak comparison) decides when given; else If-Modified-Since."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        tags = parse_etags(if_none_match)
        bare = tag.removeprefix("W/")
        return "*" in tags or any(t.removeprefix("W/") == bare for t in tags)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and modified <= since


def add_validators(request, response: HttpResponseBase, tag: str, modified: int) -> None:
    response["ETag"] = tag
    response["Last-Modified"] = http_date(modified)
    scope = "private" if request.user and request.user.is_authenticated else "public"
    response["Cache-Control"] = f"{scope}, max-age={settings.API_HTTP_MAX_AGE}"


@contextmanager
def time_limit():
    """Datasette-style: a read's SQL stops after API_QUERY_TIMEOUT_MS (PostgreSQL; 0 turns it off)."""
    limit = settings.API_QUERY_TIMEOUT_MS
    if not limit or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = %s", [limit])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = DEFAULT")
        except DatabaseError:  # an aborted transaction (a cancelled query in one) rolls the SET back itself
            if not connection.in_atomic_block:
                raise
