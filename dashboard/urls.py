from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("regions/", views.regions, name="regions"),
    path("regions/<str:code>/", views.region, name="region"),
    path("compare/", views.compare, name="compare"),
    path("articles/<int:pk>/", views.article, name="article"),
]
