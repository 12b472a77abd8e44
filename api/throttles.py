"""Throttles: anonymous reads, signed-in users, uploads and token log-ins.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (the API_THROTTLE_*
variables), read on every request rather than once at import as DRF does, so
that a settings change (tests, the benchmark) takes effect. Counters live in
the `api_throttle` cache: Redis when API_THROTTLE_CACHE_URL is set, so that
all gunicorn workers share them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from rest_framework import throttling


class RatesFromSettings:
    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    @property
    def cache(self):
        return caches["api_throttle" if "api_throttle" in settings.CACHES else "default"]


class AnonThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    """Anonymous clients, by address."""


class UserThrottle(RatesFromSettings, throttling.UserRateThrottle):
    """Signed-in users (token or session), by user; anonymous clients have their own throttle."""

    def get_cache_key(self, request, view):
        return super().get_cache_key(request, view) if request.user and request.user.is_authenticated else None


class UploadThrottle(RatesFromSettings, throttling.UserRateThrottle):
    """Uploads and re-parses: each queues a parse task."""

    scope = "upload"


class LoginThrottle(RatesFromSettings, throttling.SimpleRateThrottle):
    """Password guesses at the token endpoint, by address."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
