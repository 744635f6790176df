from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"
router = SimpleRouter()
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("policies", views.PolicyViewSet, basename="policy")

urlpatterns = [
    path("", views.ApiHomeView.as_view(), name="home"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a file, so no inline script is needed (CSP);
    # its page does carry one inline <style> block, so this page alone allows inline styles.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    *router.urls,
]
