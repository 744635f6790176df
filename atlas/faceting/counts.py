"""How a faceted filter set counts its options: one aggregate per facet, one GROUPING SETS query for
the plain-column facets on PostgreSQL, or the in-memory facet index (``atlas.facet_index``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db.models import F

from atlas.facet_index import facet_index

from .cache import cached_raw
from .filters import PLAIN_COUNT_QUERIES


class FacetCountsMixin:
    """The counting half of ``FacetedFilterSet`` (which provides ``filters``, ``queryset``,
    ``facet_names()``, ``active_filter_names()`` and ``_filtered_except()``)."""

    def _column_facets(self, valid: dict) -> list[str]:
        """Facets not in use whose counts group one column of the model itself.

        They all count over the same fully filtered rows, so on PostgreSQL one GROUPING SETS query
        over those rows answers them together (one scan of the filter instead of one per facet)."""
        return [
            name
            for name in self.facet_names()
            if not (name in valid and valid[name]) and self._groups_own_column(name)
        ]

    def _groups_own_column(self, name: str) -> bool:
        """Whether facet ``name`` counts by grouping one concrete, single-valued column of the model
        (so its counts, NULL group included, add up to the rows counted). Facets that count through
        other tables (a policy's measure categories) or declare ``counts_column = False`` do not."""
        f = self.filters[name]
        if not getattr(f, "counts_column", type(f).count_query in PLAIN_COUNT_QUERIES):
            return False
        try:
            field = self.queryset.model._meta.get_field(f.field_name)
        except FieldDoesNotExist:
            return False
        return field.concrete and not field.many_to_many

    def _grouped_counts(self, names: list[str]) -> dict[str, dict]:
        """{facet: {value: count}} for `names` from one GROUPING SETS query over the filtered rows."""
        base = self._filtered_except("").order_by().prefetch_related(None).select_related(None)
        model = self.queryset.model
        attnames = [model._meta.get_field(self.filters[n].field_name).attname for n in names]
        inner = base.values(**{f"f{i}": F(a) for i, a in enumerate(attnames)})
        try:
            sql, params = inner.query.sql_with_params()
        except EmptyResultSet:
            return {name: {} for name in names}
        cols = [f"f{i}" for i in range(len(names))]
        grouped = (
            f"SELECT {', '.join(cols)}, {', '.join(f'GROUPING({c})' for c in cols)}, COUNT(*) "
            f"FROM ({sql}) AS filtered GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in cols)})"
        )
        rows = cached_raw(grouped, params, inner.db)
        counts: dict[str, dict] = {name: {} for name in names}
        width = len(names)
        for row in rows:
            for i, name in enumerate(names):
                if row[width + i] == 0:  # this row groups column i
                    counts[name][row[i]] = row[-1]
        return counts

    def _index_enabled(self) -> bool:
        return self.index_spec is not None and settings.ATLAS_FACET_INDEX

    def _index_counts(self, valid: dict) -> dict[str, dict]:
        """{facet: {value: count}} for every facet, from the facet index; sets ``index_total``.

        Facets and year ranges become masks over the copy; any other filter in use (free-text search)
        and the base queryset's own restriction (a panel's zone or industry) are asked of the database
        once, as the list of primary keys they match."""
        index = self._facet_index = facet_index(self.index_spec, using=self.queryset.db)
        masks, by_database = {}, {}
        for name in self.active_filter_names():
            f, value = self.filters[name], valid[name]
            if getattr(f, "is_facet", False):
                masks[name] = index.isin(f.field_name, f.index_values(value))
            elif hasattr(f, "index_mask"):
                masks[name] = f.index_mask(index, value)
            else:
                by_database[name] = value
        base = index.everything()
        restriction = self.index_restriction
        if restriction is not None:  # the base queryset's restriction, as the copy can read it
            base = index.isin(*restriction)
        if (self.queryset.query.where and restriction is None) or by_database:
            qs = self.queryset.all()
            for name, value in by_database.items():
                qs = self.filters[name].filter(qs, value)
            base &= index.matching(qs)
        everything = base.copy()
        for mask in masks.values():
            everything &= mask
        self.index_total = int(everything.sum())
        counts = {}
        for name in self.facet_names():
            if name not in masks:  # not in use: counted under every filter
                counts[name] = index.counts(self.filters[name].field_name, everything)
                continue
            others = base.copy()
            for other, mask in masks.items():
                if other != name:
                    others &= mask
            counts[name] = index.counts(self.filters[name].field_name, others)
        return counts
