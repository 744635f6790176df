"""Public pages of zones, provinces and industries. Reads live on the QuerySets; see zones/querysets.py."""

from urllib.parse import urlencode

from django.views.generic import DetailView, ListView

from .faceting import FacetedListView
from .filters import IndustryFilter, ZoneFilter
from .models import Industry, Province, Zone, ZoneStatistic


class ZoneListView(FacetedListView):
    filterset_class = ZoneFilter
    template_name = "zones/zone_list.html"

    def get_queryset(self):
        return Zone.objects.for_public_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            etdz_count=Zone.objects.national_etdz_count(),
            reported_etdz=ZoneStatistic.objects.reported_etdz_count(),
        )


class ZoneDetailView(DetailView):
    template_name = "zones/zone_detail.html"

    def get_queryset(self):
        return Zone.objects.for_detail()

    def get_context_data(self, **kwargs):
        zone = self.object
        return super().get_context_data(
            **kwargs,
            successors=list(Zone.objects.successors_of(zone)),
            predecessors=list(Zone.objects.predecessors_of(zone)),
        )


class ProvinceDetailView(DetailView):
    template_name = "zones/province_detail.html"

    def get_queryset(self):
        return Province.objects.for_detail()

    def get_context_data(self, **kwargs):
        zones = Zone.objects.filter(province=self.object)
        return super().get_context_data(**kwargs, kind_counts=zones.kind_counts())


class IndustryListView(FacetedListView):
    filterset_class = IndustryFilter
    template_name = "zones/industry_list.html"
    paginate_by = None  # a tree is shown whole: ~170 nodes unsearched, fewer when searched

    def get_queryset(self):
        # Without a search the tree stops at GB/T divisions (level 2); deeper levels are on their parents.
        return Industry.objects.tree_nodes(max_level=None if self.request.GET.get("q") else 2)

    def get_context_data(self, **kwargs):
        # Zone and child counts go on the filtered rows only: on the base queryset they would be grouped
        # (and their joins counted) by the scheme facet too.
        kwargs["object_list"] = kwargs["object_list"].with_tree_counts()
        return super().get_context_data(**kwargs)


class IndustryDetailView(DetailView):
    template_name = "zones/industry_detail.html"

    def get_queryset(self):
        return Industry.objects.for_detail()

    def get_context_data(self, **kwargs):
        industry = self.object
        return super().get_context_data(
            **kwargs,
            children=Industry.objects.children_of(industry),
            zones=Zone.objects.for_industry(industry),
            subtree_query=urlencode({"industry": Industry.objects.subtree_slugs(industry)}, doseq=True),
        )


class RankingListView(ListView):
    """MOFCOM's yearly evaluation ranks of national ETDZs, as news reports give them."""

    template_name = "zones/ranking_list.html"
    context_object_name = "ranks"

    def get_queryset(self):
        return ZoneStatistic.objects.for_rankings()
