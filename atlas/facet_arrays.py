"""The arrays of a facet index (see ``atlas.facet_index`` for what it is and how it is kept fresh).

Kept apart from the index's bookkeeping so that only a process that counts facets imports NumPy
(~23 MB): an import run or the task worker loads the models, and with them ``atlas.facet_index``, but
never builds an index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from django.db import connections
from django.db.models import BooleanField
from django.db.models.functions import ExtractYear

from .cycle_collection import without_cycle_collection

if TYPE_CHECKING:
    from .facet_index import IndexSpec


class Column:
    """One column as small integer codes into ``values`` (None is a value of its own, as in GROUP BY)."""

    def __init__(self, values: list, codes: np.ndarray):
        self.values = values
        self.codes = codes
        self.position = {value: code for code, value in enumerate(values)}

    @classmethod
    def of_keys(cls, raw) -> Column:
        """Primary or foreign keys (positive integers or None), numbered by NumPy."""
        keys = np.array([-1 if key is None else key for key in raw], dtype=np.int64)
        distinct, codes = np.unique(keys, return_inverse=True)
        return cls([None if key == -1 else int(key) for key in distinct], codes.astype(np.int32))

    @classmethod
    def of_values(cls, raw) -> Column:
        """Any hashable values (choices, flags), numbered in order of first sight."""
        position: dict = {}
        codes = np.fromiter(
            (position.setdefault(v, len(position)) for v in raw), dtype=np.int32, count=len(raw)
        )
        return cls(list(position), codes)

    def code_mask(self, values) -> np.ndarray:
        """Boolean array over codes: True for the codes of ``values`` (unknown values match nothing)."""
        wanted = np.zeros(len(self.values) + 1, dtype=bool)  # +1 keeps an empty column's array non-empty
        for value in values:
            code = self.position.get(value)
            if code is not None:
                wanted[code] = True
        return wanted

    def counts(self, codes: np.ndarray) -> dict:
        tally = np.bincount(codes, minlength=len(self.values))
        return {self.values[code]: int(tally[code]) for code in np.flatnonzero(tally)}


def _fetch_columns(qs, width: int) -> list[list]:
    """The columns of a values_list() queryset, fetched in one round trip; Django's row-by-row
    iteration (and converters, which these integer, text and year columns do not need) cost more
    than the fetch itself at 100,000 rows."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor, without_cycle_collection():
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        # One list per column; zip(*rows) would build an iterator for each of the 100,000 rows.
        return [[row[i] for row in rows] for i in range(width)]


class FacetIndex:
    """The copy itself; built by ``facet_index()``, read-only afterwards (shared between threads)."""

    def __init__(self, spec: IndexSpec, using: str):
        model = spec.model
        fields = [model._meta.get_field(name) for name in spec.columns]
        years = {f"_year_{name}": ExtractYear(name) for name in spec.years}
        qs = model._base_manager.using(using).annotate(**years).order_by("pk")
        ids, *columns = _fetch_columns(
            qs.values_list("pk", *(f.attname for f in fields), *years), 1 + len(fields) + len(years)
        )
        self.ids = np.array(ids, dtype=np.int64)
        self.size = len(self.ids)
        self.columns = {}
        for field, values in zip(fields, columns[: len(fields)], strict=True):
            if field.is_relation:
                self.columns[field.name] = Column.of_keys(values)
            elif isinstance(field, BooleanField):  # SQLite hands back 0/1
                self.columns[field.name] = Column.of_values([None if v is None else bool(v) for v in values])
            else:
                self.columns[field.name] = Column.of_values(values)
        self.years = {
            name: np.array([int(year or 0) for year in values], dtype=np.int32)
            for name, values in zip(spec.years, columns[len(fields) :], strict=True)
        }
        self.links: dict[str, tuple[np.ndarray, Column]] = {}
        for name in spec.many:
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            pairs = (
                through._default_manager.using(using).order_by().values_list(f"{source}_id", f"{target}_id")
            )
            owners, targets = _fetch_columns(pairs, 2)
            owners = np.array(owners, dtype=np.int64)
            rows_of = np.searchsorted(self.ids, owners)
            # Rows and links are read by two statements; a link whose row arrived in between is left out
            # (the token changed with it, so the next request rebuilds anyway).
            known = rows_of < self.size
            known[known] = self.ids[rows_of[known]] == owners[known]
            self.links[name] = (rows_of[known].astype(np.int32), Column.of_keys(np.array(targets)[known]))

    # ---------------------------------------------------------------- masks (one bool per row)
    def everything(self) -> np.ndarray:
        return np.ones(self.size, dtype=bool)

    def isin(self, name: str, values) -> np.ndarray:
        """Rows whose column ``name`` (or one of whose ``name`` links) holds one of ``values``."""
        if name in self.links:
            rows, targets = self.links[name]
            mask = np.zeros(self.size, dtype=bool)
            mask[rows[targets.code_mask(values)[targets.codes]]] = True
            return mask
        column = self.columns[name]
        return column.code_mask(values)[column.codes]

    def year_between(self, name: str, first: int | None, last: int | None) -> np.ndarray:
        """Rows whose date ``name`` falls in [first, last] by year (a missing date never does)."""
        years = self.years[name]
        mask = years != 0
        if first is not None:
            mask &= years >= first
        if last is not None:
            mask &= years <= last
        return mask

    def matching(self, queryset) -> np.ndarray:
        """Rows the database puts in ``queryset`` (a filter the copy cannot evaluate, such as text search)."""
        (pks,) = _fetch_columns(queryset.order_by().values_list("pk"), 1)
        wanted = np.array(pks, dtype=np.int64)
        mask = np.zeros(self.size, dtype=bool)
        at = np.searchsorted(self.ids, wanted)
        inside = at < self.size
        at, wanted = at[inside], wanted[inside]
        mask[at[self.ids[at] == wanted]] = True
        return mask

    # ---------------------------------------------------------------- counts
    def year_counts(self, name: str, mask: np.ndarray) -> dict[int, int]:
        """{year: rows} of date ``name`` under ``mask``; rows without the date are left out."""
        years = self.years[name][mask]
        found, counts = np.unique(years[years != 0], return_counts=True)
        return {int(year): int(n) for year, n in zip(found, counts, strict=True)}

    def counts(self, name: str, mask: np.ndarray) -> dict:
        """{value: rows} under ``mask``; for links, {target: rows linked to it}."""
        if name in self.links:
            rows, targets = self.links[name]
            return targets.counts(targets.codes[mask[rows]])
        column = self.columns[name]
        return column.counts(column.codes[mask])
