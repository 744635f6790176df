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
  its facet counts and total from ``atlas.facet_index``, an in-memory copy of the facet columns that a
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

    from atlas.faceting import ChoiceFacet, FacetedFilterSet, ModelFacet, SearchFilter, SortFilter, YearFilter

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

Modules, one job each: ``filters`` (the facet, search, year and sort filters), ``forms`` (partly valid
facets), ``filterset`` (``FacetedFilterSet``: options, problems, chips), ``counts`` (how options are
counted: SQL aggregates, GROUPING SETS, the facet index), ``cache`` (the short-lived count cache and
its data version), ``pagination`` (``CachedCountPaginator``), ``views`` (``FacetedListView``),
``results`` (the dataclasses templates receive).
"""

from .cache import cached_count, cached_rows, facet_cache_clear
from .filters import ChoiceFacet, ModelFacet, SearchFilter, SortFilter, YearFilter
from .filterset import FacetedFilterSet
from .pagination import CachedCountPaginator
from .views import FacetedListView

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
