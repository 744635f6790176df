"""FacetedFilterSet: a django-filter FilterSet whose facets also report counts, problems and chips."""

from __future__ import annotations

from functools import cached_property

import django_filters
from django.db import connections

from atlas.facet_index import IndexSpec

from .cache import cached_rows
from .counts import FacetCountsMixin
from .filters import ChoiceFacet, ModelFacet, SortFilter, YearFilter
from .forms import FacetForm
from .results import ActiveFilter, Facet, FacetOption, Problem


class FacetedFilterSet(FacetCountsMixin, django_filters.FilterSet):
    """A FilterSet whose facet filters also report option counts, problems and removable chips."""

    # GET parameters that are not filters but belong to the page (kept out of error messages).
    passthrough = ("page",)
    # An IndexSpec: facet counts and the total come from that in-memory copy of the facet columns
    # (atlas.facet_index), for tables too large to count in SQL on every request. Needs change-tracking
    # triggers on the copied columns (atlas.change_tracking); ATLAS_FACET_INDEX=False turns it off.
    index_spec: IndexSpec | None = None
    # (copied column, values): the base queryset's own restriction stated so the copy can apply it
    # without asking the database (an industry page: "linked to one of these industries").
    index_restriction: tuple[str, list] | None = None

    def __init__(self, data=None, *args, **kwargs):
        # "?province=" (an empty checkbox value, a hand-edited link) means no value, not a bad one.
        if data is not None and hasattr(data, "getlist"):
            blank = [
                name
                for name, f in self.base_filters.items()
                if getattr(f, "is_facet", False) and "" in data.getlist(name)
            ]
            if blank:
                data = data.copy()
                for name in blank:
                    data.setlist(name, [value for value in data.getlist(name) if value != ""])
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        years: dict[str, dict[str, str]] = {}
        for name, f in self.filters.items():
            if isinstance(f, YearFilter):
                years.setdefault(f.field_name, {})[f.lookup_expr] = name
        ranges = tuple((pair["gte"], pair["lte"]) for pair in years.values() if {"gte", "lte"} <= set(pair))
        base = super().get_form_class()
        return type(base.__name__, (FacetForm, base), {"year_ranges": ranges})

    def facet_names(self) -> list[str]:
        return [name for name, f in self.filters.items() if getattr(f, "is_facet", False)]

    def _valid_values(self) -> dict:
        self.errors  # noqa: B018 -- runs validation so cleaned_data holds only valid fields
        return dict(self.form.cleaned_data) if self.is_bound else {}

    def _filtered_except(self, excluded: str):
        qs = self.queryset.all()
        for name, value in self._valid_values().items():
            if name == excluded or isinstance(self.filters[name], SortFilter):
                continue
            qs = self.filters[name].filter(qs, value)
        return qs

    def _selected(self, name: str) -> list[str]:
        """The values of ``name`` in the address that the list applies (unknown ones left out)."""
        if not (self.is_bound and hasattr(self.data, "getlist")):
            return []
        ignored = getattr(self.form, "ignored_values", {}).get(name, ())
        return [str(v) for v in self.data.getlist(name) if str(v) not in ignored]

    @cached_property
    def facets(self) -> list[Facet]:
        """The facets with their options and counts (plus one label lookup per model facet).

        With an ``index_spec``, every count comes from the facet index (one token query; a rebuild after a
        write). Otherwise one aggregate query per facet, cached briefly; when a filter is in use on
        PostgreSQL, the facets not in use that count a plain column share one GROUPING SETS query.
        """
        result = []
        valid = self._valid_values()
        self.facet_counts: dict[str, dict] = {}  # raw {value: count} per facet, for total_from_facets()
        shared: dict[str, dict] = {}
        filtered = any(v and not isinstance(self.filters[n], SortFilter) for n, v in valid.items())
        if self._index_enabled():
            shared = self._index_counts(valid)
        elif filtered and connections[self.queryset.db].vendor == "postgresql":
            names = self._column_facets(valid)
            if len(names) > 1:
                shared = self._grouped_counts(names)
        for name in self.facet_names():
            facet_filter = self.filters[name]
            if name in shared:
                counts = shared[name]
            else:
                base = self._filtered_except(name).order_by().prefetch_related(None).select_related(None)
                counts = dict(cached_rows(facet_filter.count_query(base)))
            self.facet_counts[name] = counts
            if isinstance(facet_filter, ModelFacet):
                options = facet_filter.options(counts, valid.get(name))
                hidden = sum(1 for pk, n in counts.items() if n and pk is not None) - sum(
                    1 for o in options if o[3]
                )
            else:
                options = facet_filter.options(counts, set(self._selected(name)) if name in valid else set())
                hidden = 0
            selected = {str(v) for v in self._selected(name)} if name in valid else set()
            facet = Facet(name=name, label=str(facet_filter.label or name), hidden_count=hidden)
            facet.options = [FacetOption(v, label, zh, n, v in selected) for v, label, zh, n in options]
            result.append(facet)
        return result

    def unfiltered_counts(self, name: str) -> dict | None:
        """{value: count} of facet ``name`` over the whole unrestricted table, read off the facet index
        the facets were counted with (no query); None when there is none to read."""
        self.facets  # noqa: B018 -- reads the facet index, if any
        index = getattr(self, "_facet_index", None)
        if index is None or self.queryset.query.where:
            return None
        return index.counts(self.filters[name].field_name, index.everything())

    def active_filter_names(self) -> set[str]:
        """Names of the valid filters in use (sort excluded)."""
        return {
            name
            for name, value in self._valid_values().items()
            if (value or value is False or value == 0) and not isinstance(self.filters[name], SortFilter)
        }

    def total_from_facets(self) -> int | None:
        """The number of rows of ``qs``, read off the counts of a facet not in use, or None.

        A facet not in use counts over every filter in use, i.e. over exactly the rows of ``qs``; when it
        groups a column of the model itself (not many-to-many), its counts -- NULL group included --
        add up to the list total, which saves the paginator's ``COUNT(*)``."""
        facets = self.facets  # noqa: F841 -- computes facet_counts
        if getattr(self, "index_total", None) is not None:
            return self.index_total
        active = self.active_filter_names()
        for name, counts in self.facet_counts.items():
            if name not in active and self._groups_own_column(name):
                return sum(counts.values())
        return None

    def _value_label(self, name: str, value: str) -> str:
        f = self.filters[name]
        cleaned = self._valid_values().get(name)
        if isinstance(f, ModelFacet) and cleaned:
            to_field = f.extra["to_field_name"]
            for obj in cleaned:
                if str(getattr(obj, to_field)) == value:
                    return f.label_for(obj)
        if isinstance(f, (ChoiceFacet, SortFilter)):
            return str(dict(f.extra["choices"]).get(value, value))
        return value

    @cached_property
    def problems(self) -> list[Problem]:
        """Every parameter the list ignored, with why."""
        if not self.is_bound:
            return []
        problems = []
        ignored = getattr(self.form, "ignored_values", {})
        for name, errors in self.errors.items():
            label = str(self.filters[name].label or name) if name in self.filters else name
            values = ignored.get(name) or (self.data.getlist(name) if hasattr(self.data, "getlist") else [])
            messages = [str(e) for e in errors]
            problems.append(
                Problem(
                    name=name, label=label, value=", ".join(values), messages=messages, partly=name in ignored
                )
            )
        return problems

    @cached_property
    def active(self) -> list[ActiveFilter]:
        """Each applied value with the query string that removes it (page dropped)."""
        if not self.is_bound:
            return []
        chips = []
        valid = self._valid_values()
        ignored = getattr(self.form, "ignored_values", {})  # shown in the error box, not as applied
        for name, f in self.filters.items():
            if name not in valid or isinstance(f, SortFilter) or valid[name] in (None, "", [], ()):
                continue
            for raw in self.data.getlist(name):
                if raw == "" or raw in ignored.get(name, ()):
                    continue
                data = self.data.copy()
                data.setlist(name, [v for v in self.data.getlist(name) if v != raw])
                for key in self.passthrough:
                    data.pop(key, None)
                query = data.urlencode()
                chips.append(
                    ActiveFilter(
                        name=name,
                        label=str(f.label or name),
                        value_label=self._value_label(name, raw),
                        remove_query=f"?{query}" if query else "?",
                    )
                )
        return chips

    @property
    def plain_fields(self):
        """Bound form fields that are not facets (search box, year range, sort), for the form."""
        facets = set(self.facet_names())
        return [self.form[name] for name in self.filters if name not in facets]

    @property
    def sort_field(self):
        for name, f in self.filters.items():
            if isinstance(f, SortFilter):
                return self.form[name]
        return None
