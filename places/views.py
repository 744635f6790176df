"""Public pages of places. Reads live on the QuerySets; see zones/querysets.py."""

from django.views.generic import DetailView

from zones import charts
from zones.models import Province, Zone


class ProvinceDetailView(DetailView):
    template_name = "places/province_detail.html"

    def get_queryset(self):
        return Province.objects.for_detail()

    def get_context_data(self, **kwargs):
        zones = Zone.objects.filter(province=self.object)
        kind_counts = list(zones.kind_counts())
        return super().get_context_data(
            **kwargs,
            kind_counts=kind_counts,
            kind_chart=charts.kind_series(kind_counts),
            approvals=charts.approvals_by_year(zones.approvals_by_year()),
            map=charts.map_data(zones.for_map(), focus=self.object.code),
        )
