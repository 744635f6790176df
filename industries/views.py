"""Public pages of industries. Reads live on the QuerySets; see zones/querysets.py."""

from urllib.parse import urlencode

from django.utils.translation import gettext
from django.views.generic import DetailView

from atlas.faceting import FacetedListView
from zones import charts
from zones.models import Industry, Zone

from .filters import IndustryFilter


class IndustryListView(FacetedListView):
    filterset_class = IndustryFilter
    template_name = "industries/industry_list.html"
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
    template_name = "industries/industry_detail.html"

    def get_queryset(self):
        return Industry.objects.for_detail()

    def get_context_data(self, **kwargs):
        industry = self.object
        subtree_query = urlencode({"industry": Industry.objects.subtree_slugs(industry)}, doseq=True)
        regions = charts.industry_regions(Zone.objects.province_counts_for_industry(industry), subtree_query)
        return super().get_context_data(
            **kwargs,
            children=Industry.objects.children_of(industry),
            zones=Zone.objects.for_industry(industry),
            subtree_query=subtree_query,
            province_map={"regions": regions, "unit": gettext("zones")},
        )
