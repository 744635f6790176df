"""The filters of a faceted list: facets (choices, related objects), search, year bounds and sort."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..languages import is_chinese
from .cache import cached_rows


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

    def index_values(self, value) -> list:
        """The selected values as the facet index stores the column (see ``atlas.facet_index``)."""
        return list(value)

    def filter(self, qs, value):
        if not value:
            return qs
        lookup = {f"{self.field_name}__in": list(value)}
        if self.is_many_to_many():
            # A subquery over the link table alone (no join back to the model) keeps one row per object,
            # so the list needs no DISTINCT.
            m2m = self.model._meta.get_field(self.field_name)
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            links = through._default_manager.filter(**{f"{target}__in": list(value)})
            return qs.filter(pk__in=links.values(source))
        return qs.filter(**lookup)


class ChoiceFacet(FacetMixin, django_filters.MultipleChoiceFilter):
    """A facet over a field with fixed choices (kind, level, status, board...)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("“%(value)s” is not one of the known values")}
        )
        super().__init__(*args, **kwargs)

    def count_query(self, base):
        return base.values(self.field_name).annotate(n=Count("*")).values_list(self.field_name, "n")

    def options(self, counts: dict, selected: set[str]) -> list[tuple[str, str, str, int]]:
        """(value, label, secondary label, count) in the order the choices are declared."""
        return [
            (str(value), str(label), "", counts.get(value, 0))
            for value, label in self.extra["choices"]
            if counts.get(value) or str(value) in selected
        ]

    def label_for(self, value) -> str:
        return str(dict(self.extra["choices"]).get(value, value))


class ModelFacet(FacetMixin, django_filters.ModelMultipleChoiceFilter):
    """A facet over a foreign key or many-to-many field, addressed by the related object's slug."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("“%(value)s” is not one of the known values")}
        )
        super().__init__(*args, **kwargs)

    def count_query(self, base):
        """Counts keyed by the related object's pk, grouped on the foreign key column itself (no join)."""
        if not self.is_many_to_many():
            return base.values(self.field_name).annotate(n=Count("*")).values_list(self.field_name, "n")
        # Many-to-many: count rows of the join table, where each (object, option) pair is unique,
        # restricted to the filtered objects only when there is a filter at all.
        m2m = self.model._meta.get_field(self.field_name)
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        rows = through._default_manager.all()
        if base.query.where:
            rows = rows.filter(**{f"{source}__in": base.values("pk")})
        return rows.values(target).annotate(n=Count("*")).order_by().values_list(target, "n")

    def options(self, counts: dict, selected_objects) -> list[tuple[str, str, str, int]]:
        """The options worth showing (most results first, at most ``limit``, selected always), labelled."""
        selected_pks = {obj.pk for obj in selected_objects or ()}
        # Ties broken by pk, so the options kept at ``limit`` do not depend on the order rows came back in.
        ranked = sorted((n, pk) for pk, n in counts.items() if pk is not None and n)
        ranked.sort(key=lambda t: -t[0])
        keep = [pk for _n, pk in (ranked[: self.limit] if self.limit else ranked)]
        keep += [pk for pk in selected_pks if pk not in keep]
        to_field = self.extra["to_field_name"]
        related = self.queryset.model
        rows = related._default_manager.filter(pk__in=sorted(keep)).values("pk", to_field, *self.label_fields)
        labels = {row["pk"]: row for row in cached_rows(rows)} if keep else {}
        options = []
        for pk in keep:
            row = labels.get(pk)
            if row is None:
                continue
            label, label_zh = self._labels(row)
            options.append((str(row[to_field]), label or str(row[to_field]), label_zh, counts.get(pk, 0)))
        options.sort(key=lambda o: (-o[3], o[1]))
        return options

    def _labels(self, row) -> tuple[str, str]:
        """(English-or-other label, Chinese label) of a row, whatever order label_fields gives them in;
        the template shows the one of the active language (components/_facet_option.html)."""
        zh = next((row[f] for f in self.label_fields if f.endswith("_zh")), "") or ""
        other = next((row[f] for f in self.label_fields if not f.endswith("_zh")), "") or ""
        return other or zh, zh

    def label_for(self, obj) -> str:
        """A selected value's chip label, in the active language."""
        if not self.label_fields:
            return str(obj)
        label, label_zh = self._labels({f: getattr(obj, f, "") for f in self.label_fields})
        return (label_zh or label) if is_chinese() else label

    def index_values(self, value) -> list:
        return [obj.pk for obj in value]


# Facets whose counts group one column as is (a subclass that counts otherwise sets counts_column = False,
# one that groups its own column in another shape may set counts_column = True).
PLAIN_COUNT_QUERIES = (ChoiceFacet.count_query, ModelFacet.count_query)


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
        "invalid": _("not a year (write four digits, e.g. 1984)"),
        "min_value": _("the year must be %(limit_value)s or later"),
        "max_value": _("the year must be %(limit_value)s or earlier"),
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

    def index_mask(self, index, value):
        bounds = (int(value), None) if self.lookup_expr == "gte" else (None, int(value))
        return index.year_between(self.field_name, *bounds)


class SortFilter(django_filters.ChoiceFilter):
    """``sort=<key>`` from a whitelist; ``options`` maps key → (label, order_by fields)."""

    def __init__(self, *args, options, **kwargs):
        self.options = options
        kwargs["choices"] = [(key, label) for key, (label, _fields) in options.items()]
        kwargs.setdefault("label", _("Sort by"))
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("“%(value)s” is not a sort order this list offers")}
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or value not in self.options:
            return qs
        return qs.order_by(*self.options[value][1])
