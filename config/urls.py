from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from .about import AboutView
from .compare import ZoneCompareView
from .health import healthz
from .seo import SITEMAPS, robots_txt
from .views import HomeView, favicon

# The admin's modules are found here, not at start-up (settings use SimpleAdminConfig): a process that
# serves no page, such as an import run or the task worker, then never loads the admin and what it
# pulls in (django-import-export, tablib, openpyxl: ~10 MB).
admin.autodiscover()

# Language-neutral addresses: crawlers' files, the language switch's POST target, the staff admin (its
# language follows the language cookie set by the switch, then Accept-Language), and the open data (the
# read API and the list downloads are for programs: their field names are the same in every language).
urlpatterns = [
    # Import batches were the zones app's until the imports app took them: old bookmarks still work.
    re_path(
        r"^admin/zones/(?P<rest>import(?:batch|change)/.*)$",
        RedirectView.as_view(url="/admin/imports/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("downloads/", include("api.download_urls")),
    path("robots.txt", robots_txt, name="robots"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
    # An index of one sitemap per section (each paginated at 20,000 rows × 2 languages).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Every page exists once per language: /zh-hans/zones/… and /en/zones/…. The prefix is kept for the
# default language too, so "/" can honour Accept-Language on a first visit (LocaleMiddleware redirects)
# and every page has one canonical address per language for hreflang.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("about-the-data/", AboutView.as_view(), name="about"),
    path("compare/", ZoneCompareView.as_view(), name="compare"),
    path("zones/", include("zones.urls")),
    path("provinces/", include("places.urls")),
    path("industries/", include("industries.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("policies/", include("policies.urls")),
    path("search/", include("search.urls")),
)
