"""Filters of the public policy list (facet contract: see ``atlas.faceting``).

Policies are few (tens of documents, each with a handful of measures), so the facets that look
through the measures count documents with ``COUNT(DISTINCT ...)``: a document with three R&D
measures is one result, not three. The enterprise list, which is large, avoids that.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from atlas.faceting import ChoiceFacet, FacetedFilterSet, ModelFacet, SearchFilter, SortFilter, YearFilter
from enterprises.filters import zone_codes_to_slugs
from zones.models import Industry, Zone

from .models import Measure, PolicyDocument


def documents_with(measures):
    """Documents holding at least one of the measures (a subquery, so no duplicate rows)."""
    return Q(pk__in=measures.values("document_id"))


def applies_to_zones(zones):
    """Measures naming one of the zones or applying to the kind of one of them."""
    condition = Q(pk__in=Measure.zones.through.objects.filter(zone__in=zones).values("measure_id"))
    for kind in {zone.kind for zone in zones}:
        condition |= Q(zone_kinds__contains=f",{kind},")
    return Measure.objects.filter(condition)


class PolicySearchFilter(SearchFilter):
    """Text in the document's titles, number or summary, or in one of its measures."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        in_document = super().filter(qs, value).values("pk")
        in_measures = Measure.objects.filter(text__icontains=value)
        return qs.filter(Q(pk__in=in_document) | documents_with(in_measures))


class IssuerChoices:
    """The issuers the documents name, read when a form validates (one small query). Also callable:
    the OpenAPI schema generator leaves callable choices alone instead of reading the database."""

    def __iter__(self):
        issuers = PolicyDocument.objects.order_by("issuer").values_list("issuer", flat=True).distinct()
        return iter([(issuer, issuer) for issuer in issuers])

    def __call__(self):
        return list(self)


class IssuerFacet(ChoiceFacet):
    """The issuing body, as written in the data (no separate table of issuers exists)."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = IssuerChoices()
        super().__init__(*args, **kwargs)

    def options(self, counts, selected):
        return [
            (issuer, issuer, "", counts.get(issuer, 0))
            for issuer in sorted(set(counts) | set(selected))
            if counts.get(issuer) or issuer in selected
        ]

    def label_for(self, value):
        return str(value)


class CategoryFacet(ChoiceFacet):
    """Documents holding a measure of the category."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = Measure.Category.choices
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(documents_with(Measure.objects.filter(category__in=list(value))))

    def count_query(self, base):
        rows = Measure.objects.filter(document__in=base.values("pk"))
        return (
            rows.values("category")
            .annotate(n=Count("document_id", distinct=True))
            .values_list("category", "n")
        )


class MeasureIndustryFacet(ModelFacet):
    """Documents holding a measure that names the industry."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(documents_with(Measure.objects.filter(industries__in=list(value))))

    def count_query(self, base):
        links = Measure.industries.through.objects.filter(measure__document__in=base.values("pk"))
        return (
            links.values("industry_id")
            .annotate(n=Count("measure__document_id", distinct=True))
            .order_by()
            .values_list("industry_id", "n")
        )


class ApplicableZoneFacet(ModelFacet):
    """Documents with a measure that applies to the zone: naming it, or naming its kind.

    The options are the zones some measure names explicitly, plus any selected zone; listing all
    2,600 zones (most of which a measure reaches only through its kind) would say nothing.
    Counts: one query, a correlated count per option zone over the (small) policy table.
    """

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(documents_with(applies_to_zones(list(value))))

    def count_query(self, base):
        selected = self.parent._valid_values().get(self.field_name) or []
        applies = Measure.objects.filter(document=OuterRef("pk")).filter(
            Q(zones=OuterRef(OuterRef("pk")))
            | Q(zone_kinds__contains=Concat(Value(","), OuterRef(OuterRef("kind")), Value(",")))
        )
        per_zone = (
            base.filter(Exists(applies)).order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")
        )
        named = Measure.zones.through.objects.values("zone_id")
        return (
            Zone.objects.filter(Q(pk__in=named) | Q(pk__in=[zone.pk for zone in selected]))
            .annotate(n=Coalesce(Subquery(per_zone), 0))
            .order_by()
            .values_list("pk", "n")
        )


class PolicyFilter(FacetedFilterSet):
    q = PolicySearchFilter(
        fields=["title_zh", "title_en", "document_number", "summary"],
        label=_("Search policies"),
        help_text=_("Title, document number, summary or the text of a measure"),
    )
    issuer = IssuerFacet(label=_("Issuing body"))
    category = CategoryFacet(label=_("Measure category"))
    zone = ApplicableZoneFacet(
        field_name="zone",
        queryset=Zone.objects.all(),
        label=_("Applies to zone"),
        label_fields=("name_zh", "name_en"),
    )
    industry = MeasureIndustryFacet(
        field_name="industry", queryset=Industry.objects.all(), label=_("Applies to industry"), limit=20
    )
    issued_from = YearFilter(field_name="issued", lookup_expr="gte", label=_("Issued from (year)"))
    issued_to = YearFilter(field_name="issued", lookup_expr="lte", label=_("Issued to (year)"))
    sort = SortFilter(
        options={
            # Documents without a known date go last either way, on SQLite as on PostgreSQL.
            "-issued": (_("Newest first"), [F("issued").desc(nulls_last=True), "title_en", "pk"]),
            "issued": (_("Oldest first"), [F("issued").asc(nulls_last=True), "title_en", "pk"]),
            "title": (_("English title"), ["title_en", "pk"]),
        }
    )

    class Meta:
        model = PolicyDocument
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(zone_codes_to_slugs(data), *args, **kwargs)
