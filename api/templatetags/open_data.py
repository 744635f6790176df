"""Template helpers of the open-data links: the download cap as the settings declare it."""

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.simple_tag
def download_cap() -> str:
    """ATLAS_DOWNLOAD_MAX_ROWS, written as the pages write numbers (50,000)."""
    return intcomma(settings.ATLAS_DOWNLOAD_MAX_ROWS)
