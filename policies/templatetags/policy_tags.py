"""Policy-measure panels embedded in zone and industry pages.

``{% zone_measures_panel zone %}``: measures that name the zone or apply to every zone of its kind.
``{% industry_measures_panel industry %}``: measures that name the industry or one of its ancestors.
``{% policy_document number as document %}``: the document a zone's status change cites, to link it.
Each measure links its document; a fixed number of queries whatever the number of measures.
"""

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import Measure, PolicyDocument

register = template.Library()


@register.inclusion_tag("policies/_measures_panel.html")
def zone_measures_panel(zone):
    return {
        "measures": list(Measure.objects.for_zone_panel(zone)),
        "zone": zone,
        "empty": _("No policy measure we hold names this zone or its kind."),
    }


@register.inclusion_tag("policies/_measures_panel.html")
def industry_measures_panel(industry):
    ancestors = industry.ancestors()[::-1]  # nearest first: a measure is shown via its closest match
    measures = list(Measure.objects.for_industry(industry, ancestors))
    via = {node.pk: node for node in ancestors}
    for measure in measures:
        named = {i.pk for i in measure.industries.all()}
        measure.via_ancestor = (
            None if industry.pk in named else next((via[pk] for pk in via if pk in named), None)
        )
    return {
        "measures": measures,
        "industry": industry,
        "empty": _("No policy measure we hold names this industry or a broader one containing it."),
    }


@register.simple_tag
def policy_document(number):
    """The policy document of this number, or None (one query, none for an empty number).

    Zones know the document that changed their status only by its number (``Zone.status_document``),
    and ``zones`` may not import ``policies``, so the zone page resolves the link here."""
    if not number:
        return None
    return PolicyDocument.objects.numbered(number).first()
