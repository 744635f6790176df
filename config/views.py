"""The home page: what the portal is, national figures, counts and the newest policies."""

from django.db.models import F
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.utils.translation import gettext
from django.views.generic import TemplateView

from atlas.faceting import cached_count
from enterprises.models import Enterprise
from policies.models import PolicyDocument
from zones import charts
from zones.models import Industry, Province, Zone, ZoneStatistic


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        provinces = list(Province.objects.with_zone_counts())
        kind_counts = list(Zone.objects.kind_counts())
        enterprises = cached_count(Enterprise.objects.all())
        return super().get_context_data(
            **kwargs,
            national=ZoneStatistic.objects.national().for_home(),
            kind_counts=kind_counts,
            # Charts: the same numbers as the tables beside them (zones/charts.py).
            province_map={"regions": charts.province_regions(provinces), "unit": gettext("zones")},
            kind_chart=charts.kind_series(kind_counts),
            approvals=charts.approvals_by_year(Zone.objects.approvals_by_year()),
            # The note under the counts: national ETDZs held against the number the source reports.
            etdz_count=Zone.objects.national_etdz_count(),
            reported_etdz=ZoneStatistic.objects.reported_etdz_count(),
            provinces=provinces,
            # Newest first; documents without a date last on every database.
            policies=PolicyDocument.objects.order_by(F("issued").desc(nulls_last=True), "title_en")[:5],
            totals={
                "zones": cached_count(Zone.objects.all()),
                "enterprises": enterprises,
                "industries": cached_count(Industry.objects.all()),
                "policies": cached_count(PolicyDocument.objects.all()),
                # Linked-enterprise coverage, said plainly (cached counts like the totals above). Linked =
                # all minus the rows without a zone: a short index range where most rows have one.
                "linked": enterprises - cached_count(Enterprise.objects.filter(zone__isnull=True)),
                "linked_by_address": cached_count(Enterprise.objects.filter(zone_basis="address")),
                "pending": cached_count(Enterprise.objects.filter(zone_review="pending")),
            },
        )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static SVG (hashed name)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
