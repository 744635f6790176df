"""Filters of the public zone list (see atlas.faceting for the facet contract)."""

from django.db.models import F

from atlas.faceting import ChoiceFacet, FacetedFilterSet, ModelFacet, SearchFilter, SortFilter, YearFilter

from .models import Industry, Prefecture, Province, Zone


class ZoneFilter(FacetedFilterSet):
    q = SearchFilter(
        fields=["name_zh", "name_en", "short_name", "code", "catalogue_code"], label="Search zones"
    )
    province = ModelFacet(queryset=Province.objects.all(), label="Province")
    # Prefectures have no slug; their 4-digit NBS code is the readable value (?prefecture=3205).
    prefecture = ModelFacet(
        queryset=Prefecture.objects.all(), to_field_name="code", label="Prefecture", limit=15
    )
    kind = ChoiceFacet(choices=Zone.Kind.choices, label="Kind")
    level = ChoiceFacet(choices=Zone.Level.choices, label="Level")
    status = ChoiceFacet(choices=Zone.Status.choices, label="Status")
    industry = ModelFacet(
        field_name="industries", queryset=Industry.objects.all(), label="Leading industry", limit=25
    )
    approved_from = YearFilter(field_name="approved", lookup_expr="gte", label="Approved from (year)")
    approved_to = YearFilter(field_name="approved", lookup_expr="lte", label="Approved to (year)")
    sort = SortFilter(
        options={
            "code": ("Code", ["code"]),
            "name": ("Chinese name", ["name_zh", "code"]),
            "name_en": ("English name", ["name_en", "code"]),
            # Zones without a known approval date go last either way, on SQLite as on PostgreSQL.
            "approved": ("Approval (oldest first)", [F("approved").asc(nulls_last=True), "code"]),
            "-approved": ("Approval (newest first)", [F("approved").desc(nulls_last=True), "code"]),
        }
    )

    class Meta:
        model = Zone
        fields = []
