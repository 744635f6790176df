"""Enterprise panels embedded in zone and industry pages.

``{% zone_enterprises_panel zone request %}`` and ``{% industry_enterprises_panel industry request %}``
render the enterprises of a zone or an industry with their own search and facets, paginated with
``ent_page`` so the host page's parameters survive, and a link to the full list filtered the same way.
A fixed number of queries whatever the number of enterprises (see the query-count tests).
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from atlas.faceting import CachedCountPaginator
from zones.models import Industry

from ..filters import IndustryEnterpriseFilter, ZoneEnterpriseFilter
from ..models import Enterprise

register = template.Library()

PANEL_PAGE_SIZE = 20


def _panel(filterset, request, *, list_query: dict, empty: str, entity: str):
    # The facet counts often know the total already: no COUNT(*) then.
    paginator = CachedCountPaginator(filterset.qs, PANEL_PAGE_SIZE, count=filterset.total_from_facets())
    page = paginator.get_page(request.GET.get("ent_page"))
    filtered = bool(filterset.active)
    # Only an empty filtered page needs to know whether anything exists without the filters.
    has_any = page.paginator.count > 0 or (filtered and filterset.queryset.exists())
    query = dict(list_query)
    for name in filterset.filters:
        values = [v for v in request.GET.getlist(name) if v]
        if values and name not in filterset.errors:
            query[name] = values
    return {
        "filter": filterset,
        "page_obj": page,
        "filtered": filtered,
        "has_any": has_any,
        "empty": empty,
        "entity": entity,
        "list_url": f"{reverse('enterprises:list')}?{urlencode(query, doseq=True)}",
    }


@register.inclusion_tag("enterprises/_enterprise_panel.html")
def zone_enterprises_panel(zone, request):
    """The enterprises a source places in the zone, filterable by industry, board and text."""
    filterset = ZoneEnterpriseFilter(request.GET, queryset=Enterprise.objects.for_zone(zone), request=request)
    return _panel(
        filterset,
        request,
        list_query={"zone": zone.slug},
        empty=_("No enterprise in this zone is linked by a source yet."),
        entity="zone",
    )


@register.inclusion_tag("enterprises/_enterprise_panel.html")
def industry_enterprises_panel(industry, request):
    """Enterprises linked to the industry or one below it, filterable by province, board and text."""
    nodes = Industry.objects.subtree_nodes(industry)  # one query serves the rows, counts and link
    subtree = [pk for pk, _slug in nodes]
    filterset = IndustryEnterpriseFilter(
        request.GET, queryset=Enterprise.objects.for_industry(industry, subtree), request=request
    )
    filterset.index_restriction = ("industries", subtree)  # the same rows, read off the facet index
    return _panel(
        filterset,
        request,
        list_query={"industry": Industry.objects.subtree_slugs(industry, nodes)},
        empty=_("No enterprise is linked to this industry or one below it by a source yet."),
        entity="industry",
    )
