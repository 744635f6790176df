"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models


class ProvinceQuerySet(models.QuerySet):
    pass


class IndustryQuerySet(models.QuerySet):
    pass


class ZoneQuerySet(models.QuerySet):
    pass


class ZoneStatisticQuerySet(models.QuerySet):
    def national(self):
        """Figures for all national ETDZs together (rows without a zone)."""
        return self.filter(zone__isnull=True).select_related("source")
