from django.urls import path

from dashboard import feeds, views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("regions/", views.regions, name="regions"),
    path("regions/<str:code>/", views.region, name="region"),
    path("compare/", views.compare, name="compare"),
    path("meetings/", views.meetings, name="meetings"),
    path("articles/", views.articles, name="articles"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("people/<int:pk>/", views.person, name="person"),
    path("sectors/", views.sectors, name="sectors"),
    path("sectors/<slug:slug>/", views.sector, name="sector"),
    # Atom feeds for readers who follow one thing (dashboard/feeds.py); a district or an oblast is a region code.
    path("regions/<str:code>/feed/", feeds.RegionFeed(), name="region-feed"),
    path("sectors/<slug:slug>/feed/", feeds.SectorFeed(), name="sector-feed"),
    path("people/<int:pk>/feed/", feeds.PersonFeed(), name="person-feed"),
]
