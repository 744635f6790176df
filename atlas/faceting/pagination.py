"""Paginators of faceted lists: totals from the cache, or from the facet counts when they already know it."""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator

from .cache import cached_count


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from ``cached_count``, or is given (``count=``) by a caller that
    already knows it, e.g. from the facet counts (``FacetedFilterSet.total_from_facets()``): one
    ``COUNT(*)`` less. Django's ``Paginator`` has no public way to be told its count."""

    def __init__(self, object_list, per_page, *args, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count
