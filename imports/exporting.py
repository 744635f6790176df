"""export_rows: the canonical columns of a kind, formatted so that re-importing the export changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

from . import registry
from .columns import dump_plain, neutralise


def column_value(column, obj) -> str:
    """One cell of an export: the column's dump (or the field's value), as text, formulas neutralised."""
    if column.dump is not None:
        value = column.dump(obj)
    elif column.extra.get("precision"):
        value = getattr(obj, column.field)
    else:
        value = getattr(obj, column.field)
    text = dump_plain(value)
    return neutralise(text) if column.text else text


def m2m_labels(model, field_name: str) -> dict:
    """{pk: label} of the targets of an M2M field, as export cells write them."""
    from django.apps import apps

    Industry, Source, Zone = (apps.get_model("zones", name) for name in ("Industry", "Source", "Zone"))

    target = model._meta.get_field(field_name).related_model
    if target is Industry:
        return {
            pk: code if scheme == Industry.Scheme.SEI_2018 else f"{scheme}:{code}"
            for pk, scheme, code in Industry.objects.values_list("pk", "scheme", "code")
        }
    if target is Source:
        return dict(Source.objects.values_list("pk", "url"))
    if target is Zone:
        return dict(Zone.objects.values_list("pk", "code"))
    raise ValueError(f"no export labels for {model.__name__}.{field_name}")


def export_rows(kind: str, queryset=None) -> tuple[list[str], Iterator[list[str]]]:
    """(header, rows) for `kind`; `queryset` (e.g. the admin's filtered changelist) narrows the rows."""
    spec = registry.get(kind)
    columns = spec.export_columns()
    base = spec.export_queryset()
    if queryset is not None:
        base = base.filter(pk__in=queryset.values("pk"))

    def rows():
        for obj in spec.export_objects(base):
            yield from spec.export_lines(obj, columns)

    return [col.name for col in columns], rows()


def write_export(kind: str, path, queryset=None) -> int:
    """Write an export file, format from the extension (.csv, .xlsx, .json). Returns rows written."""
    import csv
    import json
    from pathlib import Path

    path = Path(path)
    header, rows = export_rows(kind, queryset)
    count = 0
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # A BOM, so that Excel (on Chinese Windows too) opens the file as UTF-8; the import reads it back.
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(kind)
        sheet.append(header)
        for row in rows:
            # Strings only: a cell stays exactly what the import reads back (no number/date guessing).
            sheet.append(row)
            count += 1
        workbook.save(path)
    elif suffix == ".json":
        with path.open("w", encoding="utf-8") as fh:
            fh.write("[\n")
            for row in rows:
                fh.write(
                    (",\n" if count else "")
                    + json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False)
                )
                count += 1
            fh.write("\n]\n")
    else:
        raise ValueError(f"unknown export format '{suffix}'; use .csv, .xlsx or .json")
    return count
