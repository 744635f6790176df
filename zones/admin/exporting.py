"""Exports from the admin through django-import-export, with the pipeline's own resources.

The resources live in each app's ``resources.py`` (written with the import pipeline); they are named by
dotted path and imported on first use so that an admin module never fails to load because a resource
for a minor kind does not exist. import-export builds the export queryset from the changelist, so an
export honours the admin's current search and filters, and ``get_queryset`` (a zone editor's scope).
"""

from functools import cache

from django.utils.module_loading import import_string
from import_export.admin import ExportActionMixin


@cache
def _resource(path: str):
    try:
        return import_string(path)
    except ImportError:
        return None


class ExportAdminMixin(ExportActionMixin):
    export_resource: str | None = None

    def get_export_resource_classes(self, request):
        resource = _resource(self.export_resource) if self.export_resource else None
        return [resource] if resource else []

    def has_export_permission(self, request):
        # Exporting shows every row the user can see, so it needs the view permission, and a resource.
        return bool(self.get_export_resource_classes(request)) and self.has_view_permission(request)
