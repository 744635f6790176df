"""The home page: what the portal is, national figures, counts and the newest policies."""

from django.db.models import F
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.generic import TemplateView

from enterprises.models import Enterprise
from policies.models import PolicyDocument
from zones.faceting import cached_count
from zones.models import Industry, Province, Zone, ZoneStatistic


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            national=ZoneStatistic.objects.national().for_home(),
            kind_counts=Zone.objects.kind_counts(),
            # The note under the counts: national ETDZs held against the number the source reports.
            etdz_count=Zone.objects.national_etdz_count(),
            reported_etdz=ZoneStatistic.objects.reported_etdz_count(),
            provinces=Province.objects.with_zone_counts(),
            # Newest first; documents without a date last on every database.
            policies=PolicyDocument.objects.order_by(F("issued").desc(nulls_last=True), "title_en")[:5],
            totals={
                "zones": cached_count(Zone.objects.all()),
                "enterprises": cached_count(Enterprise.objects.all()),
                "industries": cached_count(Industry.objects.all()),
                "policies": cached_count(PolicyDocument.objects.all()),
            },
        )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static SVG (hashed name)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
