from django.contrib import admin
from django.urls import include, path

from .about import AboutView
from .views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("about-the-data/", AboutView.as_view(), name="about"),
    path("", include("zones.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    path("admin/", admin.site.urls),
]
