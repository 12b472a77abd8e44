from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import include, path, re_path

from config.views import healthz


def english_unprefixed(request: HttpRequest, rest: str) -> HttpResponsePermanentRedirect:
    """/en/regions/?q=x -> /regions/?q=x: English lives at the unprefixed addresses every shared link uses."""
    query = request.META.get("QUERY_STRING", "")
    # lstrip: /en//evil.example must not become the protocol-relative //evil.example.
    return HttpResponsePermanentRedirect("/" + rest.lstrip("/\\") + (f"?{query}" if query else ""))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    re_path(r"^en/(?P<rest>.*)$", english_unprefixed),
]
# The dashboard and the editors' admin in each language of settings.LANGUAGES: /ru/regions/RU-NVS/ and /ru/admin/
# in Russian, /regions/RU-NVS/ and /admin/ in English (every bookmark and test). The API and /healthz stay English.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("dashboard.urls")),
    prefix_default_language=False,
)
