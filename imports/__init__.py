"""The one import pipeline behind the admin, the command line and the bundled data loader.

Contract (agreed across the team; implementations live in the modules named):

    run_import(kind, source, *, file_name=None, dry_run=False, encoding=None, sheet=None,
               user=None, progress=None, allow_partial=False, mapping=None) -> ImportResult  [engine.py]
        kind      one of registry.kinds(): sources, provinces, prefectures, industries, zones,
                  statistics, enterprises, policies
        source    a path or a binary file object (CSV in UTF-8 / UTF-8-BOM / GB18030, XLSX, JSON)
        user      the acting user; None for the command line and the bundled loader (trusted).
                  A user who is a zone editor (not a ministry editor / superuser) may only touch rows
                  of their zones: any other row rejects the whole file, naming the rows.
        progress  optional callable(rows_done, rows_total) for progress bars
        allow_partial  False = all-or-nothing (default); True = write the good rows, report the bad
        sheet     the XLSX sheet; default the only sheet, else the only one with the kind's header
        mapping   {header cell: canonical column or "" (ignore)}, chosen by hand in the admin preview
        Limits (settings ATLAS_IMPORT_MAX_*) are enforced while the file streams (reading.py).
        Every error is collected (never stops at the first); if any, nothing is written.
        A non-dry run records an ImportBatch (who, when, file name, SHA-256, counts, status)
        and ImportChange rows so the batch can be rolled back.

    ImportResult: .kind, .file_name, .created, .updated, .unchanged, .errors (list[RowError]),
        .ok (no errors), .warnings (ignored columns, sheets not read, apostrophes dropped),
        .sheet/.sheets, .header/.mapping (how each header cell was read), .batch (ImportBatch | None),
        .preview (dry runs: list of RowChange with row number, key, action "new"/"update"/"unchanged"
        and {column: (old, new)} diffs (a new row: ("", value) for each of its values), values
        written as in a file — zone codes, industry codes; at most PREVIEW_LIMIT = 1000 rows,
        .preview_truncated tells), .rows (data rows read), .summary() (one line).

    RowError: .file, .row (1-based data row; header is row 1, so first data row is 2; 0 = whole file),
        .column, .value, .message (says what would be valid / the closest match), str() reads
        "file.csv, row 7, column zone_code: '32101099' is not a known zone; did you mean 32101009?"

    rollback_batch(batch, *, user=None, force=False) -> ImportBatch             [rollback.py]
        Removes rows the batch created, restores previous values of rows it updated, records the
        rollback as its own ImportBatch. Raises RollbackConflict (listing rows changed after the
        batch) unless force=True.

    export_rows(kind, queryset=None) -> (columns, iterator of row lists)             [exporting.py]
    write_export(kind, path, queryset=None) -> rows written (.csv / .xlsx / .json)   [exporting.py]
        Canonical columns, values formatted so that re-importing the export changes nothing.
        Text cells starting with = + - @ (formula injection) are neutralised on export (prefixed with
        an apostrophe, which the import strips again); numbers are left alone.

    registry.register(kind, spec) / registry.get(kind) / registry.kinds()           [registry.py]
        Each app registers its kinds from its AppConfig.ready() (so `zones` never imports the others).
        A spec's `columns` (imports/columns.Column) are the one definition of a kind's
        canonical columns: header check, parsing, export and the resources in each app's
        resources.py (ZoneResource, EnterpriseResource, PolicyResource, …) all use them.

    Modules: reading.py (files → rows, limits), columns.py (cell parsing, Chinese and published
    headers), header.py (header cells → columns), messages.py (how errors read), engine.py
    (run_import, ModelSpec, the checks on every row, the chunked compare-and-write), writer.py
    (COPY / bulk_create), admin/tasks.py (confirmed imports and rollbacks as Django tasks),
    zones/importing/lookups.py (zones, provinces, industries, sources loaded once),
    zones/importing/specs.py (the zones app's kinds),
    resource.py (django-import-export bridge), exporting.py, rollback.py. See docs/import-formats.md.
"""

_EXPORTS = {
    "run_import": "engine",
    "ImportResult": "engine",
    "RowError": "engine",
    "RowChange": "engine",
    "rollback_batch": "rollback",
    "RollbackConflict": "rollback",
    "export_rows": "exporting",
    "write_export": "exporting",
}


def __getattr__(name):
    # Lazy, so that importing the package (e.g. from AppConfig.ready) does not load models early.
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
