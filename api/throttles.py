"""Throttles: anonymous reads, signed-in users, uploads, token log-ins and failed admin log-ins.

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


class AdminLoginThrottle(RatesFromSettings, throttling.SimpleRateThrottle):
    """Failed log-ins at the admin, by address (ADMIN_LOGIN_THROTTLE).

    Only failures count, so an editor signing in many times a day is never
    held up; once the rate is reached the password is not even tried. The
    admin is not DRF, so the check and the count are two calls, made by the
    admin's login form (config/sites.py).
    """

    scope = "admin_login"

    def get_rate(self):
        return settings.ADMIN_LOGIN_THROTTLE

    def blocked(self, request) -> bool:
        """Too many recent failures from this address (counts nothing)."""
        self.key = self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        self.blocked(request)
        self.throttle_success()  # DRF's name for "count this request"
