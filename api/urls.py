"""/api/v1/: mounted by config/urls.py."""

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import article_views, fact_views, misc, stats, views

app_name = "api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("people", views.PersonViewSet, basename="person")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("trade-figures", views.TradeFigureViewSet, basename="tradefigure")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("articles", article_views.ArticleViewSet, basename="article")
for kind, basename in (("regions", "fact-region"), ("sectors", "fact-sector"), ("people", "fact-person"),
                       ("meetings", "fact-meeting"), ("trade-figures", "fact-trade"), ("agreements", "fact-agreement")):
    router.register(f"facts/{kind}", fact_views.review_viewset(kind), basename=basename)

urlpatterns = [
    path("", misc.RootView.as_view(), name="root"),
    path("stats/trade/", stats.TradeStatsView.as_view(), name="stats-trade"),
    path("stats/top-regions/", stats.TopRegionsView.as_view(), name="stats-top-regions"),
    path("auth/token/", misc.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", misc.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("docs/redoc/", misc.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("docs/guide/", misc.guide, name="guide"),
    path("", include(router.urls)),
]
if settings.API_BENCH_ENDPOINT:
    urlpatterns.append(path("bench/constant/", misc.ConstantView.as_view(), name="bench-constant"))
urlpatterns.append(re_path(r"^(?P<path>[\s\S]*)$", misc.not_found))
