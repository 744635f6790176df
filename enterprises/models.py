"""Enterprises located in (or not yet linked to) development zones."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zones.models import Industry, Province, Source, Zone
from zones.search_keys import SearchKeysMixin

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
    industries = models.ManyToManyField(Industry, blank=True, related_name="enterprises")
    sector_label = models.CharField(
        max_length=40, blank=True, help_text=_("The data provider's own sector label (not a GB/T code).")
    )
    founded = models.DateField(null=True, blank=True)
    listed = models.DateField(_("listing date"), null=True, blank=True, db_index=True)
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

    def get_absolute_url(self):
        return reverse("enterprises:detail", kwargs={"slug": self.slug})
