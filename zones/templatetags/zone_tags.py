"""Template helpers for the public pages: breadcrumbs, industry trees, kind labels, page links."""

from django import template

from zones.models import Zone

register = template.Library()

KIND_LABELS = dict(Zone.Kind.choices)


@register.simple_tag
def crumbs(*parts):
    """{% crumbs "Zones" url "Suzhou" "" as crumbs %} → [("Zones", url), ("Suzhou", "")]."""
    return list(zip(parts[::2], parts[1::2], strict=False))


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def industry_tree(industries, max_level=0):
    """Industries in depth-first order as (node, depth) pairs; deeper than max_level left out (0: all).

    Codes do not sort into tree order across levels (GB/T sections are letters, divisions digits),
    so the order comes from the parent links of the rows given.
    """
    nodes = list(industries)
    ids = {node.pk for node in nodes}
    children = {}
    roots = []
    for node in nodes:
        if node.parent_id in ids:
            children.setdefault(node.parent_id, []).append(node)
        else:
            roots.append(node)
    ordered = []

    def walk(node, depth):
        if max_level and depth > int(max_level):
            return
        ordered.append((node, depth))
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 1)
    return ordered


@register.simple_tag(takes_context=True)
def page_query(context, param: str, number) -> str:
    """The current query string with `param` set to `number`: {% querystring %} for a page
    parameter whose name is a variable (lists use `page`, panels their own, e.g. `ent_page`)."""
    query = context.request.GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
