"""Filters of the public zone list (see atlas.faceting for the facet contract)."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from atlas.faceting import ChoiceFacet, FacetedFilterSet, ModelFacet, SearchFilter, SortFilter, YearFilter

from .models import Industry, Prefecture, Province, Zone


class ZoneFilter(FacetedFilterSet):
    q = SearchFilter(
        fields=["name_zh", "name_en", "short_name", "code", "catalogue_code"], label=_("Search zones")
    )
    province = ModelFacet(queryset=Province.objects.all(), label=_("Province"))
    # Prefectures have no slug; their 4-digit NBS code is the readable value (?prefecture=3205).
    prefecture = ModelFacet(
        queryset=Prefecture.objects.all(), to_field_name="code", label=_("Prefecture"), limit=15
    )
    kind = ChoiceFacet(choices=Zone.Kind.choices, label=_("Kind"))
    level = ChoiceFacet(choices=Zone.Level.choices, label=_("Level"))
    status = ChoiceFacet(choices=Zone.Status.choices, label=_("Status"))
    industry = ModelFacet(
        field_name="industries", queryset=Industry.objects.all(), label=_("Leading industry"), limit=25
    )
    approved_from = YearFilter(field_name="approved", lookup_expr="gte", label=_("Approved from (year)"))
    approved_to = YearFilter(field_name="approved", lookup_expr="lte", label=_("Approved to (year)"))
    sort = SortFilter(
        options={
            "code": (_("Code"), ["code"]),
            "name": (_("Chinese name"), ["name_zh", "code"]),
            "name_en": (_("English name"), ["name_en", "code"]),
            # Zones without a known approval date go last either way, on SQLite as on PostgreSQL.
            "approved": (_("Approval (oldest first)"), [F("approved").asc(nulls_last=True), "code"]),
            "-approved": (_("Approval (newest first)"), [F("approved").desc(nulls_last=True), "code"]),
        }
    )

    class Meta:
        model = Zone
        fields = []
