from django.contrib import admin
from django.urls import include, path

from .health import healthz
from .views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("healthz", healthz, name="healthz"),
    path("", include("zones.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    path("admin/", admin.site.urls),
]
