"""Policy-measure panels for zone and industry pages.

PLACEHOLDER written by PAGES-A so the zone and industry pages render; PAGES-B owns this file and replaces it.
The tag names and arguments are the agreed interface.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from policies.models import Measure

register = template.Library()


def _panel(measures):
    rows = list(measures.select_related("document")[:20])
    if not rows:
        return mark_safe('<p class="muted">No measure we hold applies.</p>')
    items = format_html_join(
        "",
        '<li>{} (<a href="{}">{}</a>)</li>',
        ((m.text, m.document.get_absolute_url(), m.document) for m in rows),
    )
    return format_html("<ul>{}</ul>", items)


@register.simple_tag
def zone_measures_panel(zone):
    return _panel(Measure.objects.for_zone(zone))


@register.simple_tag
def industry_measures_panel(industry):
    return _panel(industry.measures.all())
