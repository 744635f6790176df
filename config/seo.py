"""What search engines read: sitemap.xml (every public page in both languages) and robots.txt."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from enterprises.models import Enterprise
from policies.models import PolicyDocument
from zones.models import Industry, Province, Zone


class I18nSitemap(Sitemap):
    """Each page once per language, with hreflang alternates and x-default (the Chinese page)."""

    i18n = True
    alternates = True
    x_default = True
    # 50,000 URLs a file is the protocol's limit; each item gives one URL per language.
    limit = 20000


class PagesSitemap(I18nSitemap):
    priority = 1.0

    def items(self):
        return ["home", "zones:list", "enterprises:list", "zones:industries", "policies:list"]

    def location(self, item):
        return reverse(item)


class ModelSitemap(I18nSitemap):
    """Rows with a public page, in a stable order so sitemap pages do not shift between requests."""

    model = None

    def items(self):
        return self.model.objects.only("pk", "slug").order_by("pk")


class ZoneSitemap(ModelSitemap):
    model = Zone


class ProvinceSitemap(ModelSitemap):
    model = Province


class IndustrySitemap(ModelSitemap):
    model = Industry


class EnterpriseSitemap(ModelSitemap):
    model = Enterprise


class PolicySitemap(ModelSitemap):
    model = PolicyDocument


SITEMAPS = {
    "pages": PagesSitemap,
    "zones": ZoneSitemap,
    "provinces": ProvinceSitemap,
    "industries": IndustrySitemap,
    "enterprises": EnterpriseSitemap,
    "policies": PolicySitemap,
}


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Everything public may be crawled except the staff pages; the sitemap says where the pages are."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
