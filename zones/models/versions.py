from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A token that changes, inside the writing transaction, whenever a tracked table's data changes.

    Written only by database triggers (``atlas.change_tracking``), never by Python code, so bulk
    writes (COPY, ``bulk_create``, ``QuerySet.update``) and cascades change it too. Readers such as
    ``atlas.facet_index`` compare it to the token their in-memory copy was built under. The token is
    random rather than a counter so that a rolled-back change can never reuse a token another
    change later gets.
    """

    name = models.CharField(max_length=100, primary_key=True)
    token = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.name}: {self.token}"
