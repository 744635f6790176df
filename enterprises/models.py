"""Enterprises located in (or not yet linked to) development zones."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.dates import partial_date_display
from atlas.search_keys import SearchKeysMixin
from zones.models import Industry, Prefecture, Province, Source, Zone

from .querysets import EnterpriseQuerySet
from .validators import validate_credit_code


class Enterprise(SearchKeysMixin, models.Model):
    """A company. Matched on import by credit code, else stock code, else exact Chinese registered name."""

    class Board(models.TextChoices):
        SSE_MAIN = "sse-main", _("Shanghai main board")
        SZSE_MAIN = "szse-main", _("Shenzhen main board")
        CHINEXT = "chinext", _("ChiNext (Shenzhen)")
        STAR = "star", _("STAR Market (Shanghai)")
        BSE = "bse", _("Beijing Stock Exchange")

    class ZoneBasis(models.TextChoices):
        SOURCE = "source", _("stated by a source or an import")
        STAFF = "staff", _("entered by staff")
        ADDRESS = "address", _("derived from the registered address")

    class ZoneReview(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        CONFIRMED = "confirmed", _("confirmed by staff")
        REJECTED = "rejected", _("rejected by staff")

    name_zh = models.CharField(_("Chinese registered name"), max_length=200, db_index=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    stock_code = models.CharField(max_length=12, unique=True, null=True, blank=True)
    board = models.CharField(max_length=10, choices=Board.choices, blank=True, db_index=True)
    zone = models.ForeignKey(
        Zone, null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprises"
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    prefecture = models.ForeignKey(
        Prefecture, null=True, blank=True, on_delete=models.SET_NULL, related_name="enterprises"
    )
    registered_address = models.CharField(_("registered address"), max_length=300, blank=True)
    address_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the registered address comes from."),
    )
    address_year = models.PositiveSmallIntegerField(
        _("address vintage"), null=True, blank=True, help_text=_("The year the address source describes.")
    )
    office_address = models.CharField(_("office address"), max_length=300, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    main_business = models.TextField(_("main business"), blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (10,000 yuan)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    # How `zone` was set, and the evidence for a link derived from the address (zones.address_matching).
    # Indexed: the home page counts the links derived from addresses on every request.
    zone_basis = models.CharField(max_length=10, choices=ZoneBasis.choices, blank=True, db_index=True)
    zone_method = models.CharField(_("matching method"), max_length=20, blank=True)
    zone_matched_text = models.CharField(_("matched text"), max_length=100, blank=True)
    zone_review = models.CharField(max_length=10, choices=ZoneReview.choices, blank=True, db_index=True)
    proposed_zone = models.ForeignKey(
        Zone,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_enterprises",
        help_text=_("A zone the address names with less than full confidence, waiting for review."),
    )
    industries = models.ManyToManyField(Industry, blank=True, related_name="enterprises")
    sector_label = models.CharField(
        max_length=40, blank=True, help_text=_("The data provider's own sector label (not a GB/T code).")
    )
    founded = models.DateField(null=True, blank=True)
    # Sources often give only a year ("1992") or a month: the date is its period's first day, and the
    # precision says how much of it is known (empty = a full date), as Zone.approved_precision does.
    founded_precision = models.CharField(max_length=5, choices=Zone.Precision.choices, blank=True)
    listed = models.DateField(_("listing date"), null=True, blank=True, db_index=True)
    listed_precision = models.CharField(max_length=5, choices=Zone.Precision.choices, blank=True)
    high_tech = models.BooleanField(
        _("national high-tech enterprise"), null=True, blank=True, help_text=_("Empty when no source says.")
    )
    website = models.URLField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="enterprises")

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            # The public list's default order and deep pages: an index-only scan for the page's ids.
            models.Index(fields=["name_zh", "id"], name="enterprise_name_id"),
            models.Index(fields=["high_tech"], name="enterprise_high_tech"),
            # A zone's or a province's enterprises in list order: the zone page panel and the list filtered
            # by province read one index range instead of walking the name index past other rows.
            models.Index(fields=["zone", "name_zh", "id"], name="enterprise_zone_name_id"),
            models.Index(fields=["province", "name_zh", "id"], name="enterprise_province_name_id"),
        ]

    def __str__(self):
        return self.name_zh

    def save(self, *args, **kwargs):
        # A date entered without a precision (admin form, code) is a full date, as the importer records it.
        for date_field in ("founded", "listed"):
            if getattr(self, date_field) and not getattr(self, f"{date_field}_precision"):
                setattr(self, f"{date_field}_precision", Zone.Precision.DAY)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enterprises:detail", kwargs={"slug": self.slug})

    @property
    def founded_display(self) -> str:
        """The founding date at the precision its source gives (1992, 1992-05 or 1992-05-12)."""
        return partial_date_display(self.founded, self.founded_precision)

    @property
    def listed_display(self) -> str:
        """The listing date at the precision its source gives."""
        return partial_date_display(self.listed, self.listed_precision)


class ZoneLinkProposal(Enterprise):
    """The review queue: enterprises whose address names a zone with less than full confidence."""

    class Meta:
        proxy = True
        verbose_name = _("zone link proposal")
        verbose_name_plural = _("zone link proposals")
