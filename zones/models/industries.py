from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from atlas.search_keys import SearchKeysMixin

from ..querysets import IndustryQuerySet
from .sources import Source


class Industry(SearchKeysMixin, models.Model):
    """A node of an industry classification tree."""

    class Scheme(models.TextChoices):
        SEI_2018 = "sei2018", _("Strategic Emerging Industries (2018)")
        GBT_4754 = "gbt4754", _("GB/T 4754-2017 National Industries")

    scheme = models.CharField(max_length=10, choices=Scheme.choices, default=Scheme.SEI_2018)
    code = models.CharField(max_length=12)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_en_derived = models.BooleanField(
        _("English name derived"), default=True, help_text=_("True when we translated the name ourselves.")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField(default=1)
    slug = models.SlugField(max_length=40, unique=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="industries")

    objects = IndustryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="industry_unique_scheme_code")]

    def __str__(self):
        return f"{self.code} {self.name_en or self.name_zh}"

    def get_absolute_url(self):
        return reverse("industries:detail", kwargs={"slug": self.slug})

    def ancestors(self) -> list["Industry"]:
        """The broader industries containing this one, root first. Free of queries when the parent
        chain is select_related() (``Industry.objects.for_detail()`` does)."""
        chain, node = [], self
        while node.parent_id is not None:
            node = node.parent
            chain.append(node)
        return chain[::-1]
