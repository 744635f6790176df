from django.contrib import admin
from django.urls import include, path

from .views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("zones/", include("zones.urls")),
    path("provinces/", include("places.urls")),
    path("industries/", include("industries.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    path("admin/", admin.site.urls),
]
