"""django-import-export resources built from the kinds' canonical columns (one definition of the columns).

Export goes through the same `column_value` as `export_rows`, so an admin export (which respects the
changelist's filters) re-imports to the same database. `import_data` hands the dataset to `run_import`,
so code written against django-import-export still goes through the one pipeline (fast path,
all-or-nothing, zone-editor checks, batches) instead of the library's row-by-row import.
"""

from __future__ import annotations

import io

from import_export import fields, resources
from import_export.results import Error, Result, RowResult


class AtlasResource(resources.ModelResource):
    """Base class; `resource_for` fills in the kind, the model and one field per canonical column."""

    kind = ""

    def filter_export(self, queryset, **kwargs):
        from . import registry

        spec = registry.get(self.kind)
        return spec.export_queryset().filter(pk__in=queryset.values("pk"))

    def export(self, queryset=None, **kwargs):
        """The same rows as `export_rows` (the admin passes its filtered changelist queryset)."""
        import tablib

        from .exporting import export_rows

        header, rows = export_rows(self.kind, queryset)
        wanted = kwargs.get("export_fields")
        if wanted:
            keep = [i for i, name in enumerate(header) if name in wanted]
            header = [header[i] for i in keep]
            rows = ([row[i] for i in keep] for row in rows)
        return tablib.Dataset(*rows, headers=header)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        from .engine import run_import

        data = dataset.export("csv").encode("utf-8")
        outcome = run_import(
            self.kind,
            io.BytesIO(data),
            file_name=kwargs.get("file_name") or f"{self.kind}.csv",
            dry_run=dry_run,
            user=kwargs.get("user"),
        )
        result = Result()
        result.atlas = outcome  # the pipeline's own result: errors by row and column, preview, batch
        result.totals[RowResult.IMPORT_TYPE_NEW] = outcome.created
        result.totals[RowResult.IMPORT_TYPE_UPDATE] = outcome.updated
        result.totals[RowResult.IMPORT_TYPE_SKIP] = outcome.unchanged
        result.total_rows = outcome.rows
        for error in outcome.errors:
            result.append_base_error(Error(ValueError(str(error)), number=error.row or None))
        if raise_errors and outcome.errors:
            raise ValueError("; ".join(str(e) for e in outcome.errors[:20]))
        return result


def resource_for(spec_class, class_name: str, model=None):
    """A ModelResource whose fields are `spec_class`'s canonical columns, in order."""
    from .exporting import column_value

    attrs = {"kind": spec_class.kind, "__module__": spec_class.__module__}
    for column in spec_class.columns:
        attrs[column.name] = fields.Field(
            attribute=None,
            column_name=column.name,
            dehydrate_method=(lambda col: lambda obj: column_value(col, obj))(column),
        )
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "model": model or spec_class.model,
            "fields": tuple(col.name for col in spec_class.columns),
            "export_order": tuple(col.name for col in spec_class.columns),
        },
    )
    resource = type(class_name, (AtlasResource,), attrs)
    # A column may itself be called "kind" (zones): the metaclass then took attrs["kind"] as that field.
    resource.kind = spec_class.kind
    return resource
