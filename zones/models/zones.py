from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.dates import partial_date_display
from atlas.search_keys import SearchKeysMixin

from ..querysets import ZoneQuerySet, ZoneStatisticQuerySet
from .industries import Industry
from .places import Prefecture, Province
from .sources import Source


class Zone(SearchKeysMixin, models.Model):
    """A development zone as listed in GB/T 37028-2018 (or added later by a State Council document)."""

    class Kind(models.TextChoices):
        ETDZ = "etdz", _("Economic and technological development zone")
        NEW_AREA = "new-area", _("State-level new area")
        HIGH_TECH = "high-tech", _("High-tech industrial development zone")
        CUSTOMS = "customs", _("Customs special supervision zone")
        BORDER = "border", _("Border economic cooperation zone")
        CROSS_BORDER = "cross-border", _("Cross-border economic cooperation zone")
        INNOVATION = "innovation", _("National innovation demonstration zone")
        PILOT = "pilot", _("Key development and opening-up pilot zone")
        INLAND_OPEN = "inland-open", _("Inland open economy pilot zone")
        FTZ = "ftz", _("Pilot free trade zone")
        SUSTAINABLE = "sustainable", _("Sustainable development innovation demonstration zone")
        OTHER_NATIONAL = "other-national", _("Other national zone")
        PROVINCIAL = "provincial", _("Provincial development zone")
        PROVINCIAL_HIGH_TECH = "provincial-high-tech", _("Provincial high-tech industrial park")
        OTHER_PROVINCIAL = "other-provincial", _("Other provincial zone")

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RENAMED = "renamed", _("Renamed")
        UPGRADED = "upgraded", _("Upgraded")
        REVOKED = "revoked", _("Revoked")

    class Precision(models.TextChoices):
        YEAR = "year", _("Year")
        MONTH = "month", _("Month")
        DAY = "day", _("Day")

    class LocationBasis(models.TextChoices):
        CATALOGUE = "catalogue", _("the 2018 catalogue's geocode of the zone")
        COUNTY = "county", _("the centre of its county")
        PREFECTURE = "prefecture", _("the centre of its prefecture")
        PROVINCE = "province", _("the centre of its province")

    code = models.CharField(_("GB/T 37028 code"), max_length=8, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, db_index=True)
    short_name = models.CharField(max_length=60, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_en_derived = models.BooleanField(
        _("English name derived"),
        default=True,
        help_text=_("True unless the name is an official translation."),
    )
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, db_index=True)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="zones")
    prefecture = models.ForeignKey(
        Prefecture, null=True, blank=True, on_delete=models.SET_NULL, related_name="zones"
    )
    approved = models.DateField(_("approval date"), null=True, blank=True, db_index=True)
    approved_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    area_ha = models.DecimalField(
        _("approved area (ha)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="核准面积 as the 2018 catalogue gives it, in hectares.",
    )
    catalogue_code = models.CharField(
        _("2018 catalogue code"),
        max_length=8,
        blank=True,
        db_index=True,
        help_text=_("The zone's code in 《中国开发区审核公告目录》(2018), e.g. G321090."),
    )
    catalogue_approved = models.CharField(
        _("catalogue approval dates"),
        max_length=40,
        blank=True,
        help_text=_("Both approval months where the catalogue gives two (2000-04/2002-12)."),
    )
    leading_industries = models.CharField(
        max_length=300, blank=True, help_text=_("主导产业 as the 2018 catalogue words them, ';'-separated.")
    )
    website = models.URLField(max_length=300, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location_approximate = models.BooleanField(
        default=True, help_text=_("True when the point is only the prefecture's or province's centre.")
    )
    location_basis = models.CharField(
        max_length=12, choices=LocationBasis.choices, blank=True, help_text=_("Whose point the location is.")
    )
    description = models.TextField(blank=True)
    industries = models.ManyToManyField(Industry, blank=True, related_name="zones")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    former_name = models.CharField(max_length=100, blank=True)
    status_document = models.CharField(_("status changed by"), max_length=100, blank=True)
    status_date = models.DateField(_("status changed on"), null=True, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="zones")

    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_zones",
        help_text=_("Zone editors who may change this zone, its statistics and its enterprises."),
    )

    objects = ZoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self):
        return f"{self.name_zh} ({self.code})"

    def get_absolute_url(self):
        return reverse("zones:detail", kwargs={"slug": self.slug})

    @property
    def approved_display(self) -> str:
        """The approval date at the precision the source gives (1984, 1984-09 or 1984-09-01)."""
        return partial_date_display(self.approved, self.approved_precision)

    @property
    def leading_industry_words(self) -> list[str]:
        """The catalogue's leading industries, one word per item, as worded there."""
        return [word for word in self.leading_industries.split(";") if word]

    @property
    def approximate_centre(self) -> str:
        """Whose centre an approximate point is: "prefecture", "province", or "" when it is neither.

        The point is compared with the places' own points rather than assumed from whether a prefecture
        is set: the bundled data falls back to the province's centre for zones whose prefecture has no
        point (see data/SOURCES.md), and an editor may enter any point. Costs no query on the zone page,
        whose queryset select_related()s both places.
        """
        point = (self.longitude, self.latitude)
        if None in point:
            return ""
        for kind, place in (("prefecture", self.prefecture), ("province", self.province)):
            if place is not None and (place.longitude, place.latitude) == point:
                return kind
        return ""


class ZoneStatistic(models.Model):
    """One indicator for one year, for a zone or (zone empty) for all national ETDZs together."""

    class Indicator(models.TextChoices):
        ZONE_COUNT = "zone_count", _("Number of national ETDZs")
        GDP = "gdp", _("Regional GDP")
        FOREIGN_TRADE = "foreign_trade", _("Foreign trade")
        FOREIGN_TRADE_SHARE = "foreign_trade_share", _("Share of national foreign trade")
        FDI = "fdi", _("Actual use of foreign investment")
        FDI_SHARE = "fdi_share", _("Share of national foreign investment")
        HIGH_TECH_ENTERPRISES = "high_tech_enterprises", _("High-tech enterprises")
        HIGH_TECH_SHARE = "high_tech_share", _("Share of national high-tech enterprises")
        MOFCOM_RANK = "mofcom_rank", _("MOFCOM evaluation rank")

    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.CASCADE, related_name="statistics")
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=30, choices=Indicator.choices)
    value = models.DecimalField(max_digits=20, decimal_places=4)
    unit = models.CharField(max_length=40, blank=True)
    qualifier = models.CharField(
        max_length=20, blank=True, help_text=_("How the source states it: 'about', 'more than', 'nearly'.")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statistics")

    objects = ZoneStatisticQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "indicator"]
        verbose_name = _("zone statistic")
        verbose_name_plural = _("zone statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "indicator"],
                condition=models.Q(zone__isnull=False),
                name="statistic_unique_zone_year_indicator",
            ),
            models.UniqueConstraint(
                fields=["year", "indicator"],
                condition=models.Q(zone__isnull=True),
                name="statistic_unique_national_year_indicator",
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}"
