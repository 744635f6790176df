"""Public pages of places. Reads live on the QuerySets; see zones/querysets.py."""

from django.views.generic import DetailView

from zones.models import Province, Zone


class ProvinceDetailView(DetailView):
    template_name = "places/province_detail.html"

    def get_queryset(self):
        return Province.objects.for_detail()

    def get_context_data(self, **kwargs):
        zones = Zone.objects.filter(province=self.object)
        return super().get_context_data(**kwargs, kind_counts=zones.kind_counts())
