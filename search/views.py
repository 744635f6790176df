"""The header search: one results page for every kind of row, and its as-you-type suggestions."""

from django.http import JsonResponse
from django.views.generic import TemplateView

from zones.templatetags.localized import local_name

from .matching import site_search


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")
        results = site_search(query)
        return super().get_context_data(
            **kwargs, query=query.strip(), groups=results.groups, places=results.places
        )


def suggest(request):
    """Suggestions for the header box (static/js/site.js): the top three of each kind, as JSON."""
    groups = site_search(request.GET.get("q", ""), limit=3).groups
    items = [
        {
            "kind": kind,
            "label": local_name(row, "title" if kind == "policies" else "name"),
            "url": row.get_absolute_url(),
        }
        for kind, group in groups.items()
        for row in group.rows
    ]
    return JsonResponse({"items": items})
