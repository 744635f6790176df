"""Facet panel helpers: long option lists show their first options and fold the rest."""

from django import template

register = template.Library()

VISIBLE_OPTIONS = 8


@register.filter
def fold_options(options, visible: int = VISIBLE_OPTIONS) -> dict:
    """{"head": first options, "tail": the rest, "open": a selected option is in the tail}.

    Folding keeps a 1366×768 screen's filter panel short enough to reach the Apply button; a selected
    option in the folded part opens the fold so the visitor sees every active choice."""
    options = list(options)
    head, tail = options[:visible], options[visible:]
    return {"head": head, "tail": tail, "open": any(option.selected for option in tail)}
