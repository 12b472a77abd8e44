"""CORS for the API's reads (django-cors-headers decides the headers; this decides which requests get them).

A page on another origin may read every part of /api/v1/ (GET, HEAD, and the preflight of either) when
its origin is in API_CORS_ALLOWED_ORIGINS (default `*`: any). A write (POST from another origin, or the
preflight of one) gets no CORS header at all, so the browser refuses it: editors write from the admin
or with a token from a program, never from a third-party page.
"""

from __future__ import annotations

from corsheaders.signals import check_request_enabled
from django.conf import settings
from django.dispatch import receiver

READS = ("GET", "HEAD")


def allows(request) -> bool:
    if not request.path_info.startswith("/api/v1/"):
        return False
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "GET").upper()
    if method not in READS:
        return False
    origins = settings.API_CORS_ALLOWED_ORIGINS
    return "*" in origins or request.headers.get("Origin", "") in origins


@receiver(check_request_enabled)
def api_reads(sender, request, **kwargs) -> bool:
    return allows(request)
