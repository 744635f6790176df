from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from .about import AboutView
from .compare import ZoneCompareView
from .views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("about-the-data/", AboutView.as_view(), name="about"),
    path("zones/", include("zones.urls")),
    path("provinces/", include("places.urls")),
    path("industries/", include("industries.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    # Import batches were the zones app's until the imports app took them: old bookmarks still work.
    re_path(
        r"^admin/zones/(?P<rest>import(?:batch|change)/.*)$",
        RedirectView.as_view(url="/admin/imports/%(rest)s", permanent=True, query_string=True),
    ),
    path("compare/", ZoneCompareView.as_view(), name="compare"),
    path("api/", include("api.urls")),
    path("downloads/", include("api.download_urls")),
    path("admin/", admin.site.urls),
]
