from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Source(models.Model):
    """Where a fact shown to the public comes from. Rows point here instead of carrying URLs of their own."""

    url = models.URLField(_("URL"), max_length=500, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    accessed = models.DateField(null=True, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title or self.url
