"""Filters of the public industry list (see atlas.faceting for the facet contract)."""

from django.utils.translation import gettext_lazy as _

from atlas.faceting import ChoiceFacet, FacetedFilterSet, SearchFilter
from zones.models import Industry


class IndustryFilter(FacetedFilterSet):
    q = SearchFilter(fields=["name_zh", "name_en", "code"], label=_("Search industries"))
    # A facet like the zone list's: each classification with its count, the chip named, not "gbt4754";
    # ?scheme=gbt4754 (the industry pages' breadcrumbs) still selects one.
    scheme = ChoiceFacet(choices=Industry.Scheme.choices, label=_("Classification"))

    class Meta:
        model = Industry
        fields = []
