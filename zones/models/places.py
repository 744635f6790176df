from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..querysets import ProvinceQuerySet
from .sources import Source


class Province(models.Model):
    """A province-level division, keyed by its 2-digit NBS code."""

    code = models.CharField(max_length=2, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=30)
    name_en = models.CharField(_("English name"), max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="provinces")

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return f"{self.name_en} {self.name_zh}"

    def get_absolute_url(self):
        return reverse("places:detail", kwargs={"slug": self.slug})


class Prefecture(models.Model):
    """A prefecture-level division, keyed by its 4-digit NBS code."""

    code = models.CharField(max_length=4, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="prefectures")
    name_zh = models.CharField(_("Chinese name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=80)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="prefectures")

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")

    def __str__(self):
        return f"{self.name_en} {self.name_zh}"
