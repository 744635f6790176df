"""FacetedListView: the list flow (queryset → filterset.qs → paginate) that survives bad parameters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from .pagination import CachedCountPaginator


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
            self.page_problem = _("There is no page “%(asked)s” of this list; showing page %(number)s.") % {
                "asked": asked,
                "number": page.number,
            }
        return paginator, page, page.object_list, page.has_other_pages()

    def get_paginator(self, queryset, *args, **kwargs):
        """The filtered list's total comes from a facet's counts when one can give it (one query less)."""
        filterset = getattr(self, "filterset", None)
        if filterset is not None and queryset is filterset.qs:
            kwargs["count"] = filterset.total_from_facets()
        return super().get_paginator(queryset, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # paginates, which may set page_problem
        context["page_problem"] = getattr(self, "page_problem", "")
        return context
