"""Shared by the query-count tests: how many queries one GET of a page runs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
