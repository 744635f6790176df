"""Exports from the admin through django-import-export, with the pipeline's own resources.

The resources (each app's ``resources.py``) are built from the import pipeline's column definitions, so
an admin export has the canonical columns and re-imports unchanged. import-export builds the export
queryset from the changelist, so an export honours the admin's current search and filters, and
``get_queryset`` (a zone editor's scope).
"""

from import_export.admin import ExportActionMixin


class ExportAdminMixin(ExportActionMixin):
    # With a BOM, Excel (on Chinese Windows too) opens CSV/TSV exports as UTF-8 instead of mojibake; the
    # importer reads the BOM back.
    to_encoding = "utf-8-sig"

    def has_export_permission(self, request):
        # An export holds every row the user can see: the view permission is the right gate.
        return self.has_view_permission(request)
