"""What every API view shares: permissions, the SQL time limit, JSON errors, CSV downloads."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers
from rest_framework import permissions
from rest_framework.exceptions import MethodNotAllowed, NotAcceptable, ParseError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api import cache as api_cache
from api.renderers import CSVRenderer


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

    def initial(self, request, *args, **kwargs):
        # PostgreSQL refuses NUL in text: say so instead of failing in the database.
        if any("\x00" in key or "\x00" in value for key, values in request.query_params.lists() for value in values):
            raise ParseError("Query parameters must not contain NUL characters.")
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise MethodNotAllowed(request.method)  # before anything about its parameters
        super().initial(request, *args, **kwargs)

    def read(self, request, compute: Callable[[], HttpResponseBase]) -> HttpResponseBase:
        """A cached answer when there is one; else `compute()` within the SQL time limit, kept for next time."""
        representation = request.accepted_renderer.format
        key = api_cache.key_for(request, representation) if self.cached and api_cache.enabled() \
            and representation in ("json", "csv") else None
        hit = api_cache.get(key) if key else None
        if hit is not None:
            content, headers = hit
            return HttpResponse(content, headers=headers)
        with time_limit():
            response = compute()
        request._api_cache_key = key
        return response

    def perform_content_negotiation(self, request, force=False):
        # DRF answers an unknown ?format= with a 404; it is a representation nobody has: 406.
        fmt = request.query_params.get("format")
        if fmt is not None and not force and fmt not in {r.format for r in self.get_renderers()} - {"api"}:
            raise NotAcceptable(f"format must be one of json, csv, got {fmt[:20]!r}.")
        return super().perform_content_negotiation(request, force)

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.request.method in permissions.SAFE_METHODS:
            return renderers
        return [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in permissions.SAFE_METHODS:
            api_cache.forget_version()  # this process's next read sees what this request wrote
        else:
            patch_vary_headers(response, ["Accept"])  # JSON or CSV at one address
        if isinstance(response.accepted_renderer, CSVRenderer) if isinstance(response, Response) else False:
            if response.status_code >= 400:  # errors are JSON whatever was asked
                response.accepted_renderer, response.accepted_media_type = JSONRenderer(), "application/json"
            else:
                response["Content-Disposition"] = f'attachment; filename="{self.csv_name}.csv"'
        key = getattr(request, "_api_cache_key", None)
        if key and response.status_code == 200 and isinstance(response, Response):
            response.render()
            kept = {name: value for name, value in response.items() if name in CACHED_HEADERS}
            api_cache.put(key, (response.content, kept))
        return response


class CachedList:
    """Put before the class that lists (ListModelMixin): its answers go through ApiMixin.read."""

    def list(self, request, *args, **kwargs):
        return self.read(request, lambda: super(CachedList, self).list(request, *args, **kwargs))


class CachedRetrieve:
    def retrieve(self, request, *args, **kwargs):
        return self.read(request, lambda: super(CachedRetrieve, self).retrieve(request, *args, **kwargs))


CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Link", "X-Total-Count", "Allow", "Vary")


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
