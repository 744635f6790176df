"""Pages of the API lists: ?page=N like the public pages, ?page_size up to 200."""

from rest_framework.pagination import PageNumberPagination


class AtlasPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response_schema(self, schema):
        """DRF writes ``nullable``, an OpenAPI 3.0 word; the schema is 3.1 (JSON Schema), where a link
        that may be missing is of type ["string", "null"]."""
        paginated = super().get_paginated_response_schema(schema)
        for key in ("next", "previous"):
            link = paginated["properties"][key]
            link.pop("nullable", None)
            link["type"] = ["string", "null"]
        return paginated
