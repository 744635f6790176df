"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models


class PolicyDocumentQuerySet(models.QuerySet):
    def for_api(self):
        """API and downloads of policies: the list's rows and order, plus the sources' URLs."""
        return self.for_public_list().prefetch_related(
            models.Prefetch("sources", queryset=self.model.sources.rel.model.objects.only("url"))
        )

    def for_public_list(self):
        """Policies list: documents newest first, with their measures' categories (one prefetch query).

        No aggregate annotation here: the facet counts group this queryset and would group by it too.
        """
        measure_model = self.model.measures.rel.related_model
        return self.prefetch_related(
            models.Prefetch("measures", queryset=measure_model.objects.only("document_id", "category"))
        ).order_by(models.F("issued").desc(nulls_last=True), "title_en", "pk")

    def numbered(self, number):
        """Documents with this number ("国办函〔2024〕83号"), for linking a number quoted elsewhere."""
        return self.filter(document_number=number).only("slug", "document_number").order_by("pk")

    def for_detail(self):
        """Policy page: sources and every measure with the zones and industries it names."""
        measure_model = self.model.measures.rel.related_model
        return self.prefetch_related(
            "sources",
            models.Prefetch(
                "measures",
                queryset=measure_model.objects.order_by("position").prefetch_related(
                    models.Prefetch(
                        "zones",
                        queryset=measure_model.zones.rel.model.objects.select_related("province").order_by(
                            "code"
                        ),
                    ),
                    models.Prefetch(
                        "industries",
                        queryset=measure_model.industries.rel.model.objects.order_by("scheme", "code"),
                    ),
                ),
            ),
        )


class MeasureQuerySet(models.QuerySet):
    def for_zone(self, zone):
        """Measures naming the zone itself or every zone of its kind."""
        return self.filter(models.Q(zones=zone) | models.Q(zone_kinds__contains=f",{zone.kind},")).distinct()

    def for_zone_panel(self, zone):
        """Zone page panel: the measures that apply, with their documents, which ones name the zone itself."""
        named = self.model.zones.through.objects.filter(zone=zone, measure=models.OuterRef("pk"))
        return (
            self.filter(
                models.Q(pk__in=self.model.zones.through.objects.filter(zone=zone).values("measure_id"))
                | models.Q(zone_kinds__contains=f",{zone.kind},")
            )
            .annotate(names_zone=models.Exists(named))
            .select_related("document")
            .order_by(models.F("document__issued").desc(nulls_last=True), "document_id", "position")
        )

    def for_industry(self, industry, ancestors=()):
        """Industry page panel: measures naming the industry or one of its ancestors (a measure for a
        whole sector applies to its sub-industries too), with their documents and the industries named."""
        ids = [industry.pk, *(node.pk for node in ancestors)]
        through = self.model.industries.through.objects.filter(industry_id__in=ids)
        return (
            self.filter(pk__in=through.values("measure_id"))
            .select_related("document")
            .prefetch_related("industries")
            .order_by(models.F("document__issued").desc(nulls_last=True), "document_id", "position")
        )
