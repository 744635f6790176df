"""Faceted filtering for the public lists, built on django-filter.

The contract, for every public list (zones here; enterprises and policies build on it the same way):

* A **facet** is a multi-value filter whose values live in the URL with readable values:
  ``?province=jiangsu&province=zhejiang&kind=etdz``. Several values of one facet combine with OR,
  different facets (and the other filters such as ``q``) with AND.
* Every facet option carries the number of results it would give under all the OTHER active filters:
  for facet F the count query is the base queryset filtered by every valid filter except F, grouped by
  F's field -- one ``values().annotate(Count("pk"))`` query per facet, whatever the number of rows.
  Options with no results are hidden, except selected ones (shown with 0 so they can be removed).
* Many-to-many facets filter through a ``pk IN (subquery)`` rather than a join, so the list never
  holds duplicate rows and needs no ``DISTINCT``; the count for an M2M facet groups over the join
  table, where each (row, option) pair is unique, so it needs no ``COUNT(DISTINCT)`` either.
* A bad value (unknown province slug, ``approved_from=abc``, a year out of range, an unknown sort)
  is a form error shown to the user by ``components/_filter_errors.html``; the list then applies every
  other filter and ignores only the bad parameter, and the message says so.
* ``sort`` (a :class:`SortFilter`) takes one key from a whitelist; it lives in the same GET form as
  the facets, so filters survive sorting and sorting survives filtering, and
  ``components/_pagination.html`` keeps both across pages with ``{% querystring page=n %}``.

Example (what ``enterprises/filters.py`` might hold)::

    from zones.faceting import ChoiceFacet, FacetedFilterSet, ModelFacet, SearchFilter, SortFilter, YearFilter

    class EnterpriseFilter(FacetedFilterSet):
        q = SearchFilter(fields=["name_zh", "name_en", "short_name", "stock_code", "credit_code"])
        province = ModelFacet(queryset=Province.objects.all(), label="Province",
                              label_fields=("name_en", "name_zh"))
        industry = ModelFacet(field_name="industries", queryset=Industry.objects.all(), label="Industry",
                              label_fields=("name_en", "name_zh"), limit=30)
        board = ChoiceFacet(choices=Enterprise.Board.choices, label="Board")
        listed_from = YearFilter(field_name="listed", lookup_expr="gte", label="Listed from (year)")
        listed_to = YearFilter(field_name="listed", lookup_expr="lte", label="Listed to (year)")
        sort = SortFilter(options={"name": ("Name", ["name_zh"]), "listed": ("Listing date", ["-listed"])})

        class Meta:
            model = Enterprise
            fields = []

    # in a view (see FacetedListMixin) or a test:
    fs = EnterpriseFilter(request.GET, queryset=Enterprise.objects.for_public_list())
    fs.qs            # filtered (and sorted) rows; invalid parameters ignored, nothing else
    fs.facets        # [Facet(name, label, options=[FacetOption(value, label, label_zh, count, selected)])]
    fs.problems      # [Problem(name, label, value, messages)] for the error box
    fs.active        # [ActiveFilter(label, value_label, remove_query)] for removable chips

``ModelFacet`` takes the related model's slug (``to_field_name="slug"`` by default); ``label_fields``
names the related model's fields shown for each option (the first is the main label, the second a
secondary one such as the Chinese name). ``ChoiceFacet`` takes model choices. ``limit`` keeps the
N options with most results (plus selected ones) for long lists such as industries.
Templates: ``{% include "components/_facets.html" with filter=filter %}`` renders the whole GET form;
``_active_filters.html`` and ``_filter_errors.html`` take the same ``filter``.
The base queryset may carry ``select_related``/``prefetch_related`` (facet queries drop them) but not
aggregate annotations, which would change what the facet counts group by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django_filters.views import FilterView

__all__ = [
    "ChoiceFacet",
    "FacetedFilterSet",
    "FacetedListView",
    "ModelFacet",
    "SearchFilter",
    "SortFilter",
    "YearFilter",
]


# ---------------------------------------------------------------- what templates receive


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
    value: str
    messages: list[str]


@dataclass
class ActiveFilter:
    name: str
    label: str
    value_label: str
    remove_query: str  # the query string without this value (and without page), starting with "?"


# ---------------------------------------------------------------- filters


class FacetMixin:
    """Marks a filter as a facet and gives it the OR-within, no-DISTINCT filtering."""

    is_facet = True

    def __init__(self, *args, label_fields=("name_en", "name_zh"), limit=None, **kwargs):
        self.label_fields = tuple(label_fields)
        self.limit = limit
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def is_many_to_many(self) -> bool:
        return self.model._meta.get_field(self.field_name).many_to_many

    def filter(self, qs, value):
        if not value:
            return qs
        lookup = {f"{self.field_name}__in": list(value)}
        if self.is_many_to_many():
            # A subquery keeps one row per object, so the list needs no DISTINCT.
            return qs.filter(pk__in=self.model._default_manager.filter(**lookup).values("pk"))
        return qs.filter(**lookup)


class ChoiceFacet(FacetMixin, django_filters.MultipleChoiceFilter):
    """A facet over a field with fixed choices (kind, level, status, board...)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": "“%(value)s” is not one of the known values"})
        super().__init__(*args, **kwargs)

    def count_field(self) -> str:
        return self.field_name

    def options_from_rows(self, rows) -> list[tuple[str, str, str, int]]:
        labels = dict(self.extra["choices"])
        order = {value: position for position, value in enumerate(labels)}
        rows = sorted(rows, key=lambda row: order.get(row[self.field_name], len(order)))
        return [
            (row[self.field_name], str(labels.get(row[self.field_name], row[self.field_name])), "", row["n"])
            for row in rows
            if row[self.field_name] not in (None, "")
        ]

    def label_for(self, value) -> str:
        return str(dict(self.extra["choices"]).get(value, value))


class ModelFacet(FacetMixin, django_filters.ModelMultipleChoiceFilter):
    """A facet over a foreign key or many-to-many field, addressed by the related object's slug."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("error_messages", {"invalid_choice": "“%(value)s” is not one of the known values"})
        super().__init__(*args, **kwargs)

    def _paths(self) -> list[str]:
        to_field = self.extra["to_field_name"]
        return [f"{self.field_name}__{name}" for name in (to_field, *self.label_fields)]

    def count_fields(self) -> list[str]:
        return self._paths()

    def options_from_rows(self, rows) -> list[tuple[str, str, str, int]]:
        value_path, *label_paths = self._paths()
        options = []
        for row in rows:
            if row[value_path] is None:
                continue
            labels = [row[path] or "" for path in label_paths] + ["", ""]
            options.append((row[value_path], labels[0] or row[value_path], labels[1], row["n"]))
        return options

    def label_for(self, obj) -> str:
        return str(getattr(obj, self.label_fields[0], obj)) if self.label_fields else str(obj)


class SearchFilter(django_filters.CharFilter):
    """Free text matched (icontains) against several fields, any of which may match."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", "Search")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        query = Q()
        for name in self.search_fields:
            query |= Q(**{f"{name}__icontains": value})
        return qs.filter(query)


class YearField(forms.IntegerField):
    default_error_messages = {
        "invalid": "not a year (write four digits, e.g. 1984)",
        "min_value": "the year must be %(limit_value)s or later",
        "max_value": "the year must be %(limit_value)s or earlier",
    }


class YearFilter(django_filters.NumberFilter):
    """A year bound on a date field: ``lookup_expr="gte"`` for "from", ``"lte"`` for "to"."""

    field_class = YearField
    MIN_YEAR = 1949

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", self.MIN_YEAR)
        kwargs.setdefault("max_value", timezone.now().year + 1)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.field_name}__year__{self.lookup_expr}": int(value)})


class SortFilter(django_filters.ChoiceFilter):
    """``sort=<key>`` from a whitelist; ``options`` maps key → (label, order_by fields)."""

    def __init__(self, *args, options, **kwargs):
        self.options = options
        kwargs["choices"] = [(key, label) for key, (label, _fields) in options.items()]
        kwargs.setdefault("label", "Sort by")
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "“%(value)s” is not a sort order this list offers"}
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or value not in self.options:
            return qs
        return qs.order_by(*self.options[value][1])


# ---------------------------------------------------------------- the filter set


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters also report option counts, problems and removable chips."""

    # GET parameters that are not filters but belong to the page (kept out of error messages).
    passthrough = ("page",)

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
        return (
            [str(v) for v in self.data.getlist(name)]
            if self.is_bound and hasattr(self.data, "getlist")
            else []
        )

    @cached_property
    def facets(self) -> list[Facet]:
        """One aggregate query per facet: counts under every other active filter."""
        result = []
        valid = self._valid_values()
        for name in self.facet_names():
            facet_filter = self.filters[name]
            base = self._filtered_except(name).order_by().prefetch_related(None).select_related(None)
            if isinstance(facet_filter, ModelFacet):
                group = facet_filter.count_fields()
            else:
                group = [facet_filter.count_field()]
            rows = base.values(*group).annotate(n=Count("pk"))
            options = facet_filter.options_from_rows(rows)
            selected = set(self._selected(name)) if name in valid else set()
            if isinstance(facet_filter, ModelFacet):
                options.sort(key=lambda o: (-o[3], o[1]))
            facet = Facet(name=name, label=str(facet_filter.label or name))
            seen = set()
            for value, label, label_zh, count in options:
                value = str(value)
                seen.add(value)
                if count or value in selected:
                    facet.options.append(FacetOption(value, label, label_zh, count, value in selected))
            for value in selected - seen:
                facet.options.append(FacetOption(value, self._value_label(name, value), "", 0, True))
            if facet_filter.limit and len(facet.options) > facet_filter.limit:
                kept = facet.options[: facet_filter.limit]
                kept += [o for o in facet.options[facet_filter.limit :] if o.selected]
                facet.hidden_count = len(facet.options) - len(kept)
                facet.options = kept
            result.append(facet)
        return result

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
        for name, errors in self.errors.items():
            label = str(self.filters[name].label or name) if name in self.filters else name
            value = ", ".join(self.data.getlist(name)) if hasattr(self.data, "getlist") else ""
            messages = [str(e) for e in errors]
            problems.append(Problem(name=name, label=label, value=value, messages=messages))
        return problems

    @cached_property
    def active(self) -> list[ActiveFilter]:
        """Each applied value with the query string that removes it (page dropped)."""
        if not self.is_bound:
            return []
        chips = []
        valid = self._valid_values()
        for name, f in self.filters.items():
            if name not in valid or isinstance(f, SortFilter) or valid[name] in (None, "", [], ()):
                continue
            for raw in self.data.getlist(name):
                if raw == "":
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


# ---------------------------------------------------------------- the view


class FacetedListView(FilterView):
    """FilterView that shows the rows even when a parameter is bad (the error box says which)."""

    strict = False
    paginate_by = 50
