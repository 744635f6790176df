"""Public policy pages. Reads live on the QuerySets (policies/querysets.py)."""

from django.views.generic import DetailView

from atlas.faceting import FacetedListView

from .filters import PolicyFilter
from .models import PolicyDocument


class PolicyListView(FacetedListView):
    filterset_class = PolicyFilter
    template_name = "policies/policy_list.html"
    paginate_by = 50

    def get_queryset(self):
        return PolicyDocument.objects.for_public_list()


class PolicyDetailView(DetailView):
    template_name = "policies/policy_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return PolicyDocument.objects.for_detail()

    def get_context_data(self, **kwargs):
        groups = {}
        for measure in self.object.measures.all():  # prefetched, in position order
            groups.setdefault(measure.get_category_display(), []).append(measure)
        return super().get_context_data(**kwargs, measure_groups=list(groups.items()))
