"""Public pages of zones. Reads live on the QuerySets; see zones/querysets.py."""

from django.views.generic import DetailView, ListView

from atlas.faceting import FacetedListView

from . import charts
from .filters import ZoneFilter
from .models import Zone, ZoneStatistic


class ZoneListView(FacetedListView):
    filterset_class = ZoneFilter
    template_name = "zones/zone_list.html"

    def get_queryset(self):
        return Zone.objects.for_public_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            **kwargs,
            etdz_count=Zone.objects.national_etdz_count(),
            reported_etdz=ZoneStatistic.objects.reported_etdz_count(),
        )
        if self.request.GET.get("view") == "map":  # the map view of the same filtered rows
            context["map"] = charts.map_data(self.filterset.qs.for_map(), self.request.GET)
        return context


class ZoneDetailView(DetailView):
    template_name = "zones/zone_detail.html"

    def get_queryset(self):
        return Zone.objects.for_detail()

    def get_context_data(self, **kwargs):
        zone = self.object
        statistics = zone.statistics.all()  # prefetched: ranks apart from the other figures
        return super().get_context_data(
            **kwargs,
            successors=list(Zone.objects.successors_of(zone)),
            predecessors=list(Zone.objects.predecessors_of(zone)),
            location=charts.zone_location(zone),
            ranks=charts.rank_history(statistics),
            figures=[s for s in statistics if s.indicator != ZoneStatistic.Indicator.MOFCOM_RANK],
        )


class RankingListView(ListView):
    """MOFCOM's yearly evaluation ranks of national ETDZs, as news reports give them."""

    template_name = "zones/ranking_list.html"
    context_object_name = "ranks"

    def get_queryset(self):
        return ZoneStatistic.objects.for_rankings()
