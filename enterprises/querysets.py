"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models

from zones.faceting import cached_count

# Every list order ends with the primary key so that pages never overlap or skip rows when the
# leading column has ties (many companies share a listing date; a few share a name in Chinese).
LIST_ORDER = ("name_zh", "pk")


class EnterpriseQuerySet(models.QuerySet):
    def for_public_list(self):
        """Enterprises list and panels: the province and zone named on each row, only the columns shown."""
        return (
            self.select_related("province", "zone")
            .only(
                "name_zh",
                "name_en",
                "short_name",
                "slug",
                "stock_code",
                "board",
                "listed",
                "high_tech",
                "province__name_en",
                "province__name_zh",
                "province__slug",
                "zone__name_zh",
                "zone__name_en",
                "zone__slug",
            )
            .order_by(*LIST_ORDER)
        )

    def for_detail(self):
        """Enterprise page: province, prefecture, zone (with its province), the proposed zone and the address
        source (the zone evidence names both), industries (with parents) and sources."""
        return self.select_related(
            "province", "prefecture", "zone__province", "proposed_zone", "address_source"
        ).prefetch_related(
            models.Prefetch(
                "industries",
                queryset=self.model.industries.rel.model.objects.select_related("parent").order_by(
                    "scheme", "code"
                ),
            ),
            "sources",
        )

    def for_zone(self, zone):
        """Zone page panel: the enterprises a source places in the zone."""
        return self.for_public_list().filter(zone=zone)

    def for_industry(self, industry, subtree=None):
        """Industry page panel: enterprises linked to the industry or to one below it (the list's facet
        with every industry of the subtree selected gives the same rows). ``subtree``: its pks, if known."""
        if subtree is None:
            subtree = industry.__class__.objects.subtree_of(industry).values("pk")
        links = self.model.industries.through.objects.filter(industry__in=subtree)
        return self.for_public_list().filter(pk__in=links.values("enterprise_id"))

    def zone_link_counts(self) -> dict:
        """Enterprises list note: how many enterprises a source links to a zone, of how many.

        Cached like the facet counts (they change only when data does); two plain counts rather than
        one aggregate, so each can use an index.
        """
        return {"linked": cached_count(self.filter(zone__isnull=False)), "total": cached_count(self.all())}
