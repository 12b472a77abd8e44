from django.contrib import admin
from django.urls import include, path

from belregions.views import healthz

admin.site.site_header = "belregions administration"
admin.site.site_title = "belregions"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path("", include("dashboard.urls")),
]
