"""Public enterprise pages. Reads live on the QuerySets (enterprises/querysets.py)."""

from django.views.generic import DetailView

from zones.faceting import FacetedListView

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
        return super().get_context_data(
            **kwargs, zone_links=Enterprise.objects.zone_link_counts(), zone_facet_limit=ZONE_FACET_LIMIT
        )


class EnterpriseDetailView(DetailView):
    template_name = "enterprises/enterprise_detail.html"

    def get_queryset(self):
        return Enterprise.objects.for_detail()
