"""The compare page: /compare/?zones=a,b,c shows 2 to 4 zones side by side.

It lives beside the home page, above the subject apps, because it reads all three (zones, their
enterprises, the policies that apply), which none of them may do. Every value says where it comes
from; a value no source gives says so ("not held") instead of a blank or a guess.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.views.generic import TemplateView

from enterprises.models import Enterprise
from policies.models import Measure
from zones.compare_selection import MAX_ZONES, parse_selection
from zones.models import Industry, Zone, ZoneStatistic

TOP_INDUSTRIES = 10


@dataclass
class Comparison:
    """What the compare page shows: the zones in the order asked, and per zone its derived figures."""

    zones: list
    unknown: list[str]
    enterprises: dict = field(default_factory=dict)  # zone pk -> {"total", "listed"}
    industry_rows: list = field(default_factory=list)  # [(industry, [count per zone])]
    policies: dict = field(default_factory=dict)  # zone pk -> [documents]


def zone_comparison(*, slugs: list[str]) -> Comparison:
    """The zones of ``slugs`` with their enterprise counts (total, listed, by industry) and the policy
    documents holding a measure that applies to them: a fixed number of queries for 2 or 4 zones."""
    found = {zone.slug: zone for zone in Zone.objects.for_detail().filter(slug__in=slugs)}
    zones = [found[slug] for slug in slugs if slug in found]
    comparison = Comparison(zones=zones, unknown=[slug for slug in slugs if slug not in found])
    if not zones:
        return comparison
    ids = [zone.pk for zone in zones]
    for row in (
        Enterprise.objects.filter(zone__in=ids)
        .values("zone")
        .annotate(total=Count("pk"), listed=Count("stock_code"))
        .order_by()
    ):
        comparison.enterprises[row["zone"]] = row
    comparison.industry_rows = _industry_rows(ids)
    comparison.policies = _policies(zones)
    return comparison


def _industry_rows(ids: list[int]) -> list:
    """The industries most named by the zones' enterprises, with each zone's count (two queries)."""
    links = (
        Enterprise.industries.through.objects.filter(enterprise__zone__in=ids)
        .values("industry", "enterprise__zone")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for link in links:
        counts.setdefault(link["industry"], {})[link["enterprise__zone"]] = link["n"]
    top = sorted(counts, key=lambda pk: (-sum(counts[pk].values()), pk))[:TOP_INDUSTRIES]
    industries = Industry.objects.in_bulk(top)
    return [(industries[pk], [counts[pk].get(zone_id, 0) for zone_id in ids]) for pk in top]


def _policies(zones) -> dict:
    """Per zone, the documents with a measure naming it or its kind (as on the zone page)."""
    kinds = Q()
    for kind in {zone.kind for zone in zones}:
        kinds |= Q(zone_kinds__contains=f",{kind},")
    named = Measure.zones.through.objects.filter(zone__in=zones)
    measures = (
        Measure.objects.filter(Q(pk__in=named.values("measure_id")) | kinds)
        .select_related("document")
        .prefetch_related("zones")
        .order_by("document__title_en", "position")
    )
    documents: dict = {zone.pk: {} for zone in zones}
    for measure in measures:
        named_ids = {zone.pk for zone in measure.zones.all()}
        for zone in zones:
            if zone.pk in named_ids or zone.kind in measure.zone_kind_list:
                documents[zone.pk].setdefault(measure.document_id, measure.document)
    return {pk: list(docs.values()) for pk, docs in documents.items()}


class ZoneCompareView(TemplateView):
    template_name = "zones/zone_compare.html"

    def get_context_data(self, **kwargs):
        raw = self.request.GET.get("zones", "")
        comparison = zone_comparison(slugs=parse_selection(raw))
        return super().get_context_data(
            **kwargs,
            comparison=comparison,
            columns=[_column(zone, comparison) for zone in comparison.zones],
            dropped=len([p for p in raw.split(",") if p.strip()]) > MAX_ZONES,
            max_zones=MAX_ZONES,
            top=TOP_INDUSTRIES,
            selection=",".join(zone.slug for zone in comparison.zones),
        )


def _column(zone, comparison: Comparison) -> dict:
    """One zone's values beyond its own fields: its MOFCOM ranks apart from its other figures (both
    from the prefetched statistics, so no query), its approved area in km² converted from the
    catalogue's hectares, enterprise counts, applying policies, the selection without it."""
    counts = comparison.enterprises.get(zone.pk, {"total": 0, "listed": 0})
    statistics = list(zone.statistics.all())
    rank = ZoneStatistic.Indicator.MOFCOM_RANK
    return {
        "zone": zone,
        "ranks": sorted((s for s in statistics if s.indicator == rank), key=lambda s: -s.year),
        "figures": [s for s in statistics if s.indicator != rank],
        "area_km2": None if zone.area_ha is None else (zone.area_ha / 100).quantize(Decimal("0.01")),
        "enterprises": counts,
        "policies": comparison.policies.get(zone.pk, []),
        "others": ",".join(z.slug for z in comparison.zones if z.pk != zone.pk),
    }
