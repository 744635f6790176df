"""The "add to compare" links of the zone list and zone page. The selection travels in the address
(?compare=a,b on the list and on the zone pages opened from it, ?zones=a,b on /compare/), so it needs no
login, survives paging (the pagination keeps every parameter) and can be shared. At most four zones, as
the compare page shows."""

from django import template

from ..compare_selection import MAX_ZONES, parse_selection

register = template.Library()


def _selection(request) -> list[str]:
    return parse_selection(request.GET.get("compare", ""))


@register.simple_tag(takes_context=True)
def compare_selection(context) -> list[str]:
    """The zones (slugs) chosen so far on this list."""
    return _selection(context["request"])


@register.simple_tag(takes_context=True)
def compare_toggle(context, slug: str) -> str:
    """The list's query string with ``slug`` added to the selection, or taken out if it is in it."""
    request = context["request"]
    chosen = _selection(request)
    chosen = [s for s in chosen if s != slug] if slug in chosen else [*chosen, slug][-MAX_ZONES:]
    query = request.GET.copy()
    if chosen:
        query["compare"] = ",".join(chosen)
    else:
        query.pop("compare", None)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def compare_with(context, slug: str) -> str:
    """The zone page's selection with this zone added, as /compare/ takes it (?zones=a,b,c)."""
    chosen = [s for s in _selection(context["request"]) if s != slug]
    return ",".join([*chosen, slug][-MAX_ZONES:])
