"""Pagination for long enterprise lists (100,000 rows and more)."""

from atlas.faceting import CachedCountPaginator


class IdsFirstPaginator(CachedCountPaginator):
    """Fetch a page's primary keys first, then the rows with their related names (a "deferred join").

    ``OFFSET 99950`` over the full rows makes the database read (and join) every skipped row; the
    first query here selects only ``id`` in list order, which PostgreSQL answers from an index on the
    sort columns plus ``id`` (an index-only scan), and the second fetches just the 50 rows shown.
    Two queries whatever the page, so deep pages cost about what the first page does.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        qs = self.object_list
        if not hasattr(qs, "values_list"):
            return super().page(number)
        ids = list(qs.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in qs.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
