"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models
from django.db.models.functions import ExtractYear

from atlas.faceting import cached_count
from zones.querysets import coverage_counts

# Every list order ends with the primary key so that pages never overlap or skip rows when the
# leading column has ties (many companies share a listing date; a few share a name in Chinese).
LIST_ORDER = ("name_zh", "pk")


class EnterpriseQuerySet(models.QuerySet):
    def for_api(self):
        """API and downloads of enterprises: province, prefecture, zone and the address's source joined,
        industry slugs and source URLs in one prefetch query each, in the list's order."""
        related = self.model.industries.rel.model
        return (
            self.select_related("province", "prefecture", "zone", "address_source")
            .prefetch_related(
                models.Prefetch("industries", queryset=related.objects.only("slug")),
                models.Prefetch("sources", queryset=self.model.sources.rel.model.objects.only("url")),
            )
            .order_by(*LIST_ORDER)
        )

    def coverage_for_about(self) -> dict:
        """About the data and the home page: how many companies have each field, and how their zone links
        were made (one aggregate query)."""
        Q = models.Q
        linked = self.model.industries.through.objects.filter(enterprise_id=models.OuterRef("pk"))
        fields = {
            "prefecture": Q(prefecture__isnull=False),
            "province": Q(province__isnull=False),
            "registered_address": ~Q(registered_address=""),
            "address_2015": Q(address_year__lt=2020),
            "address_recent": Q(address_year__gte=2020),
            "office_address": ~Q(office_address=""),
            "website": ~Q(website=""),
            "credit_code": Q(credit_code__isnull=False),
            "employees": Q(employees__isnull=False),
            "registered_capital": Q(registered_capital__isnull=False),
            "main_business": ~Q(main_business=""),
            "introduction": ~Q(introduction=""),
            "industries": Q(has_industry=True),
            "zone": Q(zone__isnull=False),
            "zone_source": Q(zone__isnull=False, zone_basis__in=["source", ""]),
            "zone_staff": Q(zone_basis="staff", zone__isnull=False),
            "zone_address": Q(zone_basis="address"),
            "zone_confirmed": Q(zone_review="confirmed"),
            "zone_pending": Q(zone_review="pending"),
            "zone_rejected": Q(zone_review="rejected"),
        }
        for method in ("full-name", "city-kind", "alias", "city-district", "common-name"):
            fields[f"method_{method.replace('-', '_')}"] = Q(zone_basis="address", zone_method=method)
        return coverage_counts(self.annotate(has_industry=models.Exists(linked)), fields)

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
                "listed_precision",
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

    def industry_counts_for_zone(self, zone, limit=15):
        """Zone page chart: the industries most named by the zone's enterprises, with how many name
        each (one grouped query over the link table; an enterprise with two industries counts in both)."""
        return (
            self.model.industries.through.objects.filter(enterprise__zone=zone)
            .values("industry")
            .annotate(n=models.Count("pk"))
            .order_by("-n", "industry")[:limit]
        )

    def listing_years_for_industry(self, industry):
        """Industry page chart: the industry's enterprises (as its panel lists them) by listing year;
        those without a listing date are left out and counted apart by the page."""
        return (
            self.for_industry(industry)
            .filter(listed__isnull=False)
            .order_by()
            .annotate(year=ExtractYear("listed"))
            .values("year")
            .annotate(n=models.Count("pk"))
            .order_by("year")
        )

    def zone_link_counts(self) -> dict:
        """Enterprises list note: how many enterprises a source links to a zone, of how many.

        Cached like the facet counts (they change only when data does); two plain counts rather than
        one aggregate, so each can use an index.
        """
        return {"linked": cached_count(self.filter(zone__isnull=False)), "total": cached_count(self.all())}
