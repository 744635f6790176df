"""Helpers for reading what a test got back: a page's text, a filter set's facet counts."""

import re


def text(response) -> str:
    """The page's HTML with every run of whitespace made one space, so assertions ignore layout."""
    return re.sub(r"\s+", " ", response.content.decode())


def counts(filterset, facet_name: str) -> dict[str, int]:
    """{option value: count} of one facet of a filter set."""
    facet = next(f for f in filterset.facets if f.name == facet_name)
    return {option.value: option.count for option in facet.options}
