"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models


class PolicyDocumentQuerySet(models.QuerySet):
    pass


class MeasureQuerySet(models.QuerySet):
    def for_zone(self, zone):
        """Measures naming the zone itself or every zone of its kind."""
        return self.filter(models.Q(zones=zone) | models.Q(zone_kinds__contains=f",{zone.kind},")).distinct()
