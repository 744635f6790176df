"""Public enterprise pages. Reads live on the QuerySets (enterprises/querysets.py)."""

from django.views.generic import DetailView

from atlas.faceting import FacetedListView

from .filters import ZONE_FACET_LIMIT, EnterpriseFilter
from .models import Enterprise
from .pagination import IdsFirstPaginator


class EnterpriseListView(FacetedListView):
    filterset_class = EnterpriseFilter
    template_name = "enterprises/enterprise_list.html"
    paginator_class = IdsFirstPaginator
    paginate_by = 50

    def get_queryset(self):
        return Enterprise.objects.for_public_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs, zone_facet_limit=ZONE_FACET_LIMIT)
        context["zone_links"] = self.zone_links()
        return context

    def zone_links(self) -> dict:
        """The zone-link note (all enterprises, whatever the filters), off the facet index if it has it."""
        counts = self.filterset.unfiltered_counts("zone")
        if counts is None:
            return Enterprise.objects.zone_link_counts()
        total = sum(counts.values())
        return {"linked": total - counts.get(None, 0), "total": total}


class EnterpriseDetailView(DetailView):
    template_name = "enterprises/enterprise_detail.html"

    def get_queryset(self):
        return Enterprise.objects.for_detail()
