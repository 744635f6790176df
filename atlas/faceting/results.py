"""What templates receive from a faceted filter set: facets with options, problems, chips."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FacetOption:
    value: str
    label: str
    label_zh: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    hidden_count: int = 0  # options left out by ``limit``

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


@dataclass
class Problem:
    name: str
    label: str
    value: str  # the values ignored
    messages: list[str]
    partly: bool = False  # True: the filter's other values were applied


@dataclass
class ActiveFilter:
    name: str
    label: str
    value_label: str
    remove_query: str  # the query string without this value (and without page), starting with "?"
