"""Pages of the API lists: ?page=N like the public pages, ?page_size up to 200."""

from rest_framework.pagination import PageNumberPagination


class AtlasPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
