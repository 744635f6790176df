"""Shared by the query-count tests: how many queries one GET of a page runs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, params=None) -> int:
    """Queries of one GET, in the steady state: a first, unmeasured GET lets the enterprise facet
    index (atlas.facet_index) catch up with the rows just written -- a rebuild runs a fixed number of
    queries of its own, pinned by tests/atlas/test_facet_index.py."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(make, client, url_of, params=None) -> tuple[int, int]:
    """Queries for the page with one row, then with fifty: ``make(n, first)`` adds n rows (``first`` is
    what the first call returned, None then); ``url_of(first)`` gives the page's URL."""
    first = make(1)
    small = count_queries(client, url_of(first), params)
    make(49, first)
    large = count_queries(client, url_of(first), params)
    return small, large
