from django.contrib import admin
from django.urls import include, path

from .compare import ZoneCompareView
from .views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("zones.urls")),
    path("compare/", ZoneCompareView.as_view(), name="compare"),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    path("api/", include("api.urls")),
    path("downloads/", include("api.download_urls")),
    path("admin/", admin.site.urls),
]
