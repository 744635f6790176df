"""Faceted filtering for the public lists, built on django-filter.

The contract, for every public list (zones here; enterprises and policies build on it the same way):

* A **facet** is a multi-value filter whose values live in the URL with readable values:
  ``?province=jiangsu&province=zhejiang&kind=etdz``. Several values of one facet combine with OR,
  different facets (and the other filters such as ``q``) with AND.
* Every facet option carries the number of results it would give under all the OTHER active filters:
  for facet F the count query is the base queryset filtered by every valid filter except F, grouped by
  F's column -- one ``values().annotate(Count("pk"))`` query per facet, whatever the number of rows
  (a model facet groups on the foreign-key column, without a join, then labels the options it shows
  with one small lookup by primary key). Options with no results are hidden, except selected ones
  (shown with 0 so they can be removed).
* A filter set with an ``index_spec`` (the enterprise list and panels: 100,000 rows and more) takes
  its facet counts and total from ``zones.facet_index``, an in-memory copy of the facet columns that a
  trigger-maintained data version keeps exactly as fresh as the database; free-text search and the
  base queryset's own restriction are still evaluated by the database, as primary keys.
* Otherwise (zones, policies: a few thousand rows) each facet is one SQL aggregate. Those counts, the
  facet labels and list totals are cached for ``ATLAS_FACET_CACHE_SECONDS`` (default 60, 0 under
  tests) under a data version bumped by any ORM save/delete/M2M change in the atlas apps; writers that
  send no signals (COPY, bulk_create, queryset.update) call ``facet_cache_clear()``.
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

    # a list page:
    class EnterpriseListView(FacetedListView):      # strict=False, paginate_by=50, cached totals
        filterset_class = EnterpriseFilter
        template_name = "enterprises/enterprise_list.html"
        def get_queryset(self):
            return Enterprise.objects.for_public_list()

    # a panel or a test:
    fs = EnterpriseFilter(request.GET, queryset=Enterprise.objects.for_public_list())
    fs.qs            # filtered (and sorted) rows; invalid parameters ignored, nothing else
    fs.facets        # [Facet(name, label, options=[FacetOption(value, label, label_zh, count, selected)])]
    fs.problems      # [Problem(name, label, value, messages)] for the error box
    fs.active        # [ActiveFilter(label, value_label, remove_query)] for removable chips

``ModelFacet`` takes the related model's slug (``to_field_name="slug"`` by default); ``label_fields``
names the related model's fields shown for each option (the first is the main label, the second a
secondary one such as the Chinese name). ``ChoiceFacet`` takes model choices. ``limit`` keeps the
N options with most results (plus selected ones) for long lists such as industries.
Templates: ``{% include "components/_facets.html" with filter=filter %}`` renders the whole GET form
(optional ``action``, ``anchor`` such as ``"#enterprises"``); ``_active_filters.html`` and
``_filter_errors.html`` take the same ``filter``; ``_pagination.html`` takes ``page_obj``.
A panel embedded in another page paginates with ``CachedCountPaginator(fs.qs, 20)`` (or ``cached_count``).
The base queryset may carry ``select_related``/``prefetch_related`` (facet queries drop them) but not
aggregate annotations, which would change what the facet counts group by.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django_filters.views import FilterView

from .facet_index import IndexSpec, facet_index

__all__ = [
    "CachedCountPaginator",
    "ChoiceFacet",
    "FacetedFilterSet",
    "FacetedListView",
    "ModelFacet",
    "SearchFilter",
    "SortFilter",
    "YearFilter",
    "cached_count",
    "cached_rows",
    "facet_cache_clear",
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
    value: str  # the values ignored
    messages: list[str]
    partly: bool = False  # True: the filter's other values were applied


@dataclass
class ActiveFilter:
    name: str
    label: str
    value_label: str
    remove_query: str  # the query string without this value (and without page), starting with "?"


# ---------------------------------------------------------------- short-lived cache of aggregates
# Facet counts and list totals scan the filtered table; at 100,000 enterprises that is tens of
# milliseconds per aggregate. They are cached for ATLAS_FACET_CACHE_SECONDS (default 60; 0 in tests)
# under a data version that any save/delete/M2M change of the atlas apps bumps, so an edit shows at
# once in this process; other processes (or a locmem cache per worker) see it within the timeout.
# Bulk paths that send no signals (COPY, bulk_create) call ``facet_cache_clear()`` when done.

ATLAS_APPS = {"zones", "enterprises", "policies"}
_VERSION_KEY = "atlas:facets:version"


def _cache_seconds() -> int:
    default = 0 if getattr(settings, "TESTING", False) else 60
    return int(getattr(settings, "ATLAS_FACET_CACHE_SECONDS", default))


def facet_cache_clear() -> None:
    """Make every cached facet count and total stale (call after writes that send no signals)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def _cached(prefix: str, db: str, sql: str, params, compute):
    """``compute()``, cached under the data version and a digest of the SQL it runs."""
    seconds = _cache_seconds()
    if not seconds:
        return compute()
    version = cache.get_or_set(_VERSION_KEY, 1, None)
    digest = hashlib.sha256(f"{db}|{sql}|{params!r}".encode()).hexdigest()
    key = f"atlas:{prefix}:{version}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_rows(qs) -> list:
    """``list(qs)``, cached; qs must be a values()/values_list() aggregate."""
    if not _cache_seconds():
        return list(qs)
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # e.g. a base queryset that is .none(): nothing to count
        return []
    return _cached("rows", qs.db, sql, params, lambda: list(qs))


def cached_count(qs) -> int:
    """``qs.count()``, cached like facet counts (for list totals and paginators)."""
    if not _cache_seconds():
        return qs.count()
    try:
        sql, params = qs.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0
    return _cached("count", qs.db, sql, params, qs.count)


def _cached_raw(sql: str, params, db: str) -> list:
    """Rows of a raw aggregate, cached like ``cached_rows`` under the same data version."""

    def fetch():
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return _cached("grouped", db, sql, params, fetch)


def _data_changed(sender, **kwargs):
    if sender._meta.app_label in ATLAS_APPS:
        # Now, and again once the transaction commits: a request between the two could otherwise
        # cache pre-commit counts under the new version. (Import batches are saved when an import
        # or rollback finishes, so bulk imports invalidate through this too.)
        facet_cache_clear()
        pending = transaction.get_connection().run_on_commit
        if not (pending and pending[-1][1] is facet_cache_clear):  # one callback for a run of saves
            transaction.on_commit(facet_cache_clear)


post_save.connect(_data_changed, dispatch_uid="atlas-facets-save")
post_delete.connect(_data_changed, dispatch_uid="atlas-facets-delete")
m2m_changed.connect(_data_changed, dispatch_uid="atlas-facets-m2m")


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from ``cached_count``."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count


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

    def index_values(self, value) -> list:
        """The selected values as the facet index stores the column (see ``zones.facet_index``)."""
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
        kwargs.setdefault("error_messages", {"invalid_choice": "“%(value)s” is not one of the known values"})
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
        kwargs.setdefault("error_messages", {"invalid_choice": "“%(value)s” is not one of the known values"})
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
            names = [row[name] or "" for name in self.label_fields] + ["", ""]
            options.append((str(row[to_field]), names[0] or str(row[to_field]), names[1], counts.get(pk, 0)))
        options.sort(key=lambda o: (-o[3], o[1]))
        return options

    def label_for(self, obj) -> str:
        return str(getattr(obj, self.label_fields[0], obj)) if self.label_fields else str(obj)

    def index_values(self, value) -> list:
        return [obj.pk for obj in value]


# Facets whose counts group one column as is (a subclass that counts otherwise sets counts_column = False,
# one that groups its own column in another shape may set counts_column = True).
_PLAIN_COUNT_QUERIES = (ChoiceFacet.count_query, ModelFacet.count_query)


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

    def index_mask(self, index, value):
        bounds = (int(value), None) if self.lookup_expr == "gte" else (None, int(value))
        return index.year_between(self.field_name, *bounds)


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


class FacetForm(forms.Form):
    """The filter form of a FacetedFilterSet: keeps a facet's known values when some are not, and checks
    that a year range does not end before it starts."""

    year_ranges: tuple[tuple[str, str], ...] = ()  # (from field, to field) pairs, set per filter set

    def clean(self):
        cleaned = super().clean()
        self.ignored_values: dict[str, list[str]] = {}  # facet -> the values left out, the rest applied
        for name in list(self.errors):
            field = self.fields.get(name)
            raw = self.data.getlist(self.add_prefix(name)) if hasattr(self.data, "getlist") else []
            known = self._known_values(field, raw)
            if known:
                cleaned[name] = field.clean(known)
                self.ignored_values[name] = [value for value in raw if value not in known]
        for start, end in self.year_ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(end, f"the range would end before it starts (from {cleaned[start]})")
        return cleaned

    @staticmethod
    def _known_values(field, raw: list[str]) -> list[str]:
        if isinstance(field, forms.ModelMultipleChoiceField):
            key = field.to_field_name or "pk"
            known = {str(v) for v in field.queryset.filter(**{f"{key}__in": raw}).values_list(key, flat=True)}
        elif isinstance(field, forms.MultipleChoiceField):
            known = {value for value in raw if field.valid_value(value)}
        else:
            return []
        return [value for value in raw if value in known]


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters also report option counts, problems and removable chips."""

    # GET parameters that are not filters but belong to the page (kept out of error messages).
    passthrough = ("page",)
    # An IndexSpec: facet counts and the total come from that in-memory copy of the facet columns
    # (zones.facet_index), for tables too large to count in SQL on every request. Needs change-tracking
    # triggers on the copied columns (zones.change_tracking); ATLAS_FACET_INDEX=False turns it off.
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
        if not getattr(f, "counts_column", type(f).count_query in _PLAIN_COUNT_QUERIES):
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
        rows = _cached_raw(grouped, params, inner.db)
        counts: dict[str, dict] = {name: {} for name in names}
        width = len(names)
        for row in rows:
            for i, name in enumerate(names):
                if row[width + i] == 0:  # this row groups column i
                    counts[name][row[i]] = row[-1]
        return counts

    def _index_enabled(self) -> bool:
        return self.index_spec is not None and getattr(settings, "ATLAS_FACET_INDEX", True)

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


# ---------------------------------------------------------------- the view


class FacetedListView(FilterView):
    """FilterView that shows the rows even when a parameter is bad (the error box says which)."""

    strict = False
    paginate_by = 50
    paginator_class = CachedCountPaginator

    def paginate_queryset(self, queryset, page_size):
        """Like Django's, but a page past the end (say, after the data shrank) or a malformed page shows
        the nearest real page with a note (``page_problem``, rendered by _filter_errors.html), not a 404."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        asked = self.request.GET.get(self.page_kwarg) or "1"
        # get_page() turns junk into page 1 and anything out of range into the last page; below 1 is page 1.
        # Only ASCII digits of sane length count as a number: "²".isdigit() is True but int() refuses it,
        # and int() refuses 5,000 digits too (Python's limit on str-to-int conversion).
        number = asked if asked.isascii() and len(asked) <= 18 else "junk"
        page = paginator.get_page(1 if number.lstrip("-").isdigit() and int(number) < 1 else number)
        if asked not in ("last", str(page.number)):
            self.page_problem = f"There is no page “{asked}” of this list; showing page {page.number}."
        return paginator, page, page.object_list, page.has_other_pages()

    def get_paginator(self, queryset, *args, **kwargs):
        """The filtered list's total comes from a facet's counts when one can give it (one query less)."""
        paginator = super().get_paginator(queryset, *args, **kwargs)
        filterset = getattr(self, "filterset", None)
        if filterset is not None and queryset is getattr(filterset, "_qs", None):
            total = filterset.total_from_facets()
            if total is not None:
                paginator.__dict__["count"] = total  # count is a cached_property
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # paginates, which may set page_problem
        context["page_problem"] = getattr(self, "page_problem", "")
        return context
