"""Enterprise panels for zone and industry pages.

PLACEHOLDER written by PAGES-A so the zone and industry pages render; PAGES-B owns this file and replaces it
with the paginated, filterable panels. The tag names and arguments are the agreed interface.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _panel(enterprises, list_url):
    rows = list(enterprises.order_by("name_zh")[:20])
    if not rows:
        return mark_safe('<p class="muted">No source we hold places an enterprise here.</p>')
    items = format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((e.get_absolute_url(), e.name_zh) for e in rows)
    )
    return format_html('<ul>{}</ul><p><a href="{}">All enterprises</a></p>', items, list_url)


@register.simple_tag
def zone_enterprises_panel(zone, request):
    return _panel(zone.enterprises.all(), f"/enterprises/?zone={zone.slug}")


@register.simple_tag
def industry_enterprises_panel(industry, request):
    return _panel(industry.enterprises.all(), f"/enterprises/?industry={industry.slug}")
