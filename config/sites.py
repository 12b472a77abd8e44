"""The admin site: Django's, with failed log-ins limited by address and a banner when parsing is stalled.

It is the default site (`admin.site`) through config.admin_app.AdminConfig
in INSTALLED_APPS, so every app's `admin.register` lands here.
"""

from __future__ import annotations

import math

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from api.throttles import AdminLoginThrottle
from config import health


class ThrottledLoginForm(AdminAuthenticationForm):
    """Does not try a password from an address with too many recent failures; counts each failure."""

    retry_after: int | None = None

    def clean(self):
        throttle = AdminLoginThrottle()
        if throttle.blocked(self.request):
            self.retry_after = max(1, math.ceil(throttle.wait() or 1))
            raise ValidationError(
                "Too many failed log-ins from your address: try again in %(seconds)s seconds.",
                code="throttled", params={"seconds": self.retry_after},
            )
        try:
            return super().clean()
        except ValidationError:
            throttle.record_failure(self.request)
            raise


class AdminSite(admin.AdminSite):
    site_header = gettext_lazy("belregions administration")
    site_title = "belregions"
    login_form = ThrottledLoginForm
    index_template = "admin/belregions_index.html"

    def index(self, request, extra_context=None):
        """The index says so while the broker is unreachable or no worker answers (config/health.py)."""
        return super().index(request, {"health_problems": health.problems(), **(extra_context or {})})

    def login(self, request, extra_context=None):
        """A refused try says so: 429 with Retry-After, the login page showing why."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "retry_after", None):
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response
