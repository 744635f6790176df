"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models
from django.db.models.functions import ExtractYear


def _sources_model(qs):
    """The Source model, reached through the queryset's model (this module cannot import the models)."""
    return qs.model.sources.rel.model


class ProvinceQuerySet(models.QuerySet):
    def for_detail(self):
        """Province page: its prefectures are listed and its sources cited, each fetched in one go."""
        return self.prefetch_related("prefectures", "sources")

    def with_zone_counts(self):
        """Home page: provinces with how many zones each holds (one grouped query)."""
        return self.annotate(zone_count=models.Count("zones")).filter(zone_count__gt=0).order_by("code")


class IndustryQuerySet(models.QuerySet):
    def for_api(self):
        """API and downloads of industries: each node with its parent's slug and its sources' URLs."""
        return self.select_related("parent").prefetch_related(
            models.Prefetch("sources", queryset=_sources_model(self).objects.only("url"))
        )

    def for_tree(self, max_level=None):
        """Industries list: every node with zone and child counts, SEI 2018 (the primary scheme) first."""
        return self.tree_nodes(max_level).with_tree_counts()

    def tree_nodes(self, max_level=None):
        """Industries list, before filtering: the nodes down to ``max_level``, SEI 2018 (the primary
        scheme) first. Without the counts: the list's facets group these rows, and the joins the
        counts need would multiply them (see with_tree_counts)."""
        primary_first = models.Case(
            models.When(scheme=self.model.Scheme.SEI_2018, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        nodes = self.filter(level__lte=max_level) if max_level else self
        return nodes.order_by(primary_first, "code")

    def with_tree_counts(self):
        """Industries list, after filtering: how many zones name each node and how many children it has."""
        return self.annotate(
            zone_count=models.Count("zones", distinct=True),
            child_count=models.Count("children", distinct=True),
        )

    def for_detail(self):
        """Industry page: the node with its ancestors (trees are at most 4 deep) for the breadcrumbs."""
        return self.select_related("parent__parent__parent").prefetch_related("sources")

    def subtree_of(self, industry):
        """Industry page: the industry and every industry below it (trees are at most 4 deep)."""
        below = models.Q(pk=industry.pk)
        for hops in ("parent", "parent__parent", "parent__parent__parent"):
            below |= models.Q(**{hops: industry.pk})
        return self.filter(below)

    def subtree_nodes(self, industry) -> list[tuple[int, str]]:
        """Industry page: (pk, slug) of the industry and of every industry below it, in code order."""
        return list(self.subtree_of(industry).order_by("code").values_list("pk", "slug"))

    def subtree_slugs(self, industry, nodes=None, limit=40) -> list[str]:
        """Industry page links: the list facet values that give the page's rows (the industry and those
        below it, several values OR), from ``nodes`` when already fetched. A whole GB/T section has
        hundreds, too many for a link: then the industry alone."""
        slugs = [slug for _pk, slug in (self.subtree_nodes(industry) if nodes is None else nodes)]
        return slugs if len(slugs) <= limit else [industry.slug]

    def children_of(self, industry):
        """Industry page: direct children with how many zones and children each has."""
        return (
            self.filter(parent=industry)
            .annotate(
                zone_count=models.Count("zones", distinct=True),
                child_count=models.Count("children", distinct=True),
            )
            .order_by("code")
        )


def coverage_counts(queryset, fields: dict) -> dict:
    """{name: count} of rows where each condition holds, plus "total", in one aggregate query."""
    # Aliases get a prefix: an aggregate may not share a name with a field (zone, prefecture, website).
    counts = {f"n_{name}": models.Count("pk", filter=condition) for name, condition in fields.items()}
    row = queryset.aggregate(n_total=models.Count("pk"), **counts)
    return {name.removeprefix("n_"): value for name, value in row.items()}


class ZoneQuerySet(models.QuerySet):
    def for_api(self):
        """API and downloads of zones: every column, province and prefecture joined, industry slugs and
        source URLs in one prefetch query each (so a page or a streamed file costs the same per row)."""
        return self.select_related("province", "prefecture").prefetch_related(
            models.Prefetch("industries", queryset=self.model.industries.rel.model.objects.only("slug")),
            models.Prefetch("sources", queryset=_sources_model(self).objects.only("url")),
        )

    def coverage_for_about(self) -> dict:
        """About the data: how many zones have each field (one query; linked industries by an EXISTS)."""
        Q = models.Q
        linked = self.model.industries.through.objects.filter(zone_id=models.OuterRef("pk"))
        return coverage_counts(
            self.annotate(has_industry=models.Exists(linked)),
            {
                "approved": Q(approved__isnull=False),
                "approved_month": Q(approved_precision__in=["month", "day"]),
                "catalogue_code": ~Q(catalogue_code=""),
                "area_ha": Q(area_ha__isnull=False),
                "leading_industries": ~Q(leading_industries=""),
                "industries": Q(has_industry=True),
                "prefecture": Q(prefecture__isnull=False),
                "location_catalogue": Q(location_basis="catalogue"),
                "location_county": Q(location_basis="county"),
                "location_prefecture": Q(location_basis="prefecture"),
                "location_province": Q(location_basis="province") | Q(location_basis=""),
                "website": ~Q(website=""),
            },
        )

    def for_public_list(self):
        """Zones list: every column shown per row comes with the row (no per-row queries)."""
        return self.select_related("province", "prefecture").only(
            "code",
            "name_zh",
            "name_en",
            "name_en_derived",
            "short_name",
            "slug",
            "kind",
            "level",
            "approved",
            "approved_precision",
            "status",
            "province__name_en",
            "province__name_zh",
            "province__slug",
            "prefecture__name_en",
            "prefecture__name_zh",
        )

    def for_detail(self):
        """Zone page: province, prefecture, industries, statistics (with sources) and sources."""
        return self.select_related("province", "prefecture").prefetch_related(
            "industries",
            "sources",
            models.Prefetch(
                "statistics",
                queryset=self.model.statistics.rel.related_model.objects.select_related("source"),
            ),
        )

    def successors_of(self, zone):
        """Zone page of an upgraded or renamed zone: the zones that carry it on.

        The data records the link on the newer row only, as its former name (GB/T 37028 names the old zone,
        the State Council letter gives the former name as spelled there; data/SOURCES.md), so the match is
        by that name within the province. No query for a zone whose status did not end it."""
        if zone.status not in (self.model.Status.UPGRADED, self.model.Status.RENAMED):
            return self.none()
        return self._status_link(zone).filter(former_name=zone.name_zh)

    def predecessors_of(self, zone):
        """Zone page of a zone with a former name: the upgraded or renamed zone(s) of that name in its
        province (the standard lists some names twice, so possibly more than one). No query without one."""
        if not zone.former_name:
            return self.none()
        ended = [self.model.Status.UPGRADED, self.model.Status.RENAMED]
        return self._status_link(zone).filter(name_zh=zone.former_name, status__in=ended)

    def _status_link(self, zone):
        return (
            self.filter(province_id=zone.province_id)
            .exclude(pk=zone.pk)
            .only("code", "name_zh", "slug", "kind", "level")
            .order_by("code")
        )

    def for_industry(self, industry):
        """Industry page: zones naming the industry or one below it a leading one (101 at most: 100
        shown, one to tell)."""
        subtree = industry.__class__.objects.subtree_of(industry).values("pk")
        links = self.model.industries.through.objects.filter(industry__in=subtree).values("zone_id")
        return self.filter(pk__in=links).select_related("province").order_by("code")[:101]

    def for_map(self):
        """Map views (zones list, province page): the point, its precision and basis (whose point it is)
        and the place it stands for of each zone, as plain values (one query; the map groups zones
        sharing a point)."""
        return self.order_by("code").values(
            "name_zh", "longitude", "latitude", "location_approximate", "location_basis", "prefecture__code",
            "prefecture__name_en", "prefecture__name_zh", "province__code", "province__slug",
            "province__name_en", "province__name_zh",
        )  # fmt: skip

    def approvals_by_year(self):
        """Home and province charts: zones approved per year and kind (one grouped query; zones
        without an approval date are left out, and the page says how many)."""
        return (
            self.filter(approved__isnull=False)
            .annotate(year=ExtractYear("approved"))
            .order_by()
            .values("year", "kind")
            .annotate(n=models.Count("pk"))
            .order_by("year", "kind")
        )

    def province_counts_for_industry(self, industry):
        """Industry page map: per province, how many zones name the industry or one below it a
        leading industry (one grouped query)."""
        subtree = industry.__class__.objects.subtree_of(industry).values("pk")
        links = self.model.industries.through.objects.filter(industry__in=subtree).values("zone_id")
        return (
            self.filter(pk__in=links)
            .order_by()
            .values("province__code", "province__name_en", "province__name_zh", "province__slug")
            .annotate(n=models.Count("pk"))
            .order_by("province__code")
        )

    def kind_counts(self):
        """Home and province pages: how many zones of each kind (one grouped query)."""
        return self.order_by().values("kind").annotate(n=models.Count("pk")).order_by("-n")

    def national_etdz_count(self):
        """Zones list and home page notes: active national ETDZs in the data (one query)."""
        return self.filter(kind="etdz", level="national").exclude(status="revoked").count()


class ZoneStatisticQuerySet(models.QuerySet):
    def national(self):
        """Figures for all national ETDZs together (rows without a zone)."""
        return self.filter(zone__isnull=True).select_related("source")

    def reported_etdz_count(self):
        """Zones list and home page notes: the latest reported number of national ETDZs, or None (1 query)."""
        return self.national().filter(indicator=self.model.Indicator.ZONE_COUNT).order_by("-year").first()

    def for_home(self):
        """Home page: national figures, newest year first, indicators in the order they are declared."""
        order = models.Case(
            *[
                models.When(indicator=value, then=position)
                for position, value in enumerate(self.model.Indicator.values)
            ],
            default=len(self.model.Indicator.values),
        )
        return self.order_by("-year", order)

    def for_rankings(self):
        """Rankings page: every MOFCOM evaluation rank with its zone and the report it comes from, newest
        assessment first, then by rank (one query)."""
        return (
            self.filter(indicator=self.model.Indicator.MOFCOM_RANK, zone__isnull=False)
            .select_related("zone", "source")
            .order_by("-year", "value", "zone__code")
        )
