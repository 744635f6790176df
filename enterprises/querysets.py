"""Read queries for the public pages, each named for the page that uses it."""

from django.db import models


class EnterpriseQuerySet(models.QuerySet):
    pass
