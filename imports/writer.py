"""Bulk writes of plain rows (dicts / tuples of field values), without building model instances.

On PostgreSQL rows go in with COPY: new rows get their ids from the table's sequence first (one query),
updates are COPYed into a temporary table and applied with one UPDATE … FROM. On SQLite (no network, so
a prepared statement run per row is cheap) rows go in with executemany: new rows with ids taken under
the transaction's write lock, updates as one UPDATE per row. Any other database falls back to Django's
bulk_create (`update_conflicts=True` on the pk for updates). Values are converted with Django's own
adapters per field type, without model instances; JSON fields are serialised here.
"""

from __future__ import annotations

import json
from functools import cache

from django.db import connection, models

BATCH = 1000


@cache
def _json_attnames(model) -> frozenset:
    return frozenset(f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField))


@cache
def _defaults(model) -> dict:
    """Values for columns a new row does not set (field defaults; callables evaluated per model once)."""
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now_add", False) and not getattr(f, "auto_now", False)
    }


@cache
def _adapters(model) -> dict:
    """attname → function turning a Python value into what the database driver stores, for the field
    types the driver cannot take as they are (Django's own adapters, without a model instance)."""
    ops = connection.ops
    adapters = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.JSONField):
            adapters[f.attname] = lambda v: json.dumps(v, ensure_ascii=False)
        elif isinstance(f, models.DateTimeField):
            adapters[f.attname] = ops.adapt_datetimefield_value
        elif isinstance(f, models.DateField):
            adapters[f.attname] = ops.adapt_datefield_value
        elif isinstance(f, models.DecimalField):
            adapters[f.attname] = (
                lambda field: (
                    lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
                )
            )(f)
    return adapters


def _column(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.column
    raise KeyError(attname)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def postgres() -> bool:
    return connection.vendor == "postgresql"


def _copy(table: str, columns: list[str], rows, json_positions=()) -> None:
    sql = f"COPY {_quote(table)} ({', '.join(_quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if json_positions:
                row = list(row)
                for i in json_positions:
                    if row[i] is not None:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
            copy.write_row(row)


def insert(model, rows: list[dict]) -> list:
    """Insert new rows (dicts of attname → value, no pk); returns their pks in order."""
    if not rows:
        return []
    defaults = _defaults(model)
    if postgres():
        pk_column = model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk_column, len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
        attnames = list(defaults)
        columns = [pk_column] + [_column(model, a) for a in attnames]
        json_positions = [i + 1 for i, a in enumerate(attnames) if a in _json_attnames(model)]
        _copy(
            model._meta.db_table,
            columns,
            ((pk, *[row.get(a, defaults[a]) for a in attnames]) for pk, row in zip(ids, rows, strict=True)),
            json_positions,
        )
        return ids
    if connection.vendor == "sqlite" and connection.in_atomic_block:
        return _sqlite_insert(model, rows, defaults)
    objs = [model(**row) for row in rows]
    model._default_manager.bulk_create(objs, batch_size=BATCH)
    return [obj.pk for obj in objs]


def _sqlite_insert(model, rows: list[dict], defaults: dict) -> list:
    """Ids handed out by us, rows written by executemany. Safe because the first statement takes
    SQLite's write lock for the rest of the transaction, so no other writer can take these ids, and
    the AUTOINCREMENT counter is respected (ids are never reused)."""
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sqlite_sequence SET seq = seq WHERE name = %s", [table])  # take the lock
        cursor.execute(f"SELECT MAX({_quote(pk_column)}) FROM {_quote(table)}")
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        first = max(highest, found[0] if found else 0) + 1
    ids = list(range(first, first + len(rows)))
    attnames = list(defaults)
    insert_plain(
        model,
        [model._meta.pk.attname, *attnames],
        [(pk, *[row.get(a, defaults[a]) for a in attnames]) for pk, row in zip(ids, rows, strict=True)],
    )
    return ids


def update(model, rows: list[dict], attnames: list[str]) -> None:
    """Set `attnames` of existing rows; each row holds the pk under 'id' and at least `attnames`."""
    if not rows or not attnames:
        return
    if postgres():
        _pg_update(model, rows, attnames)
        return
    if connection.vendor == "sqlite":
        _sqlite_update(model, rows, attnames)
        return
    fields = [f.name for f in model._meta.concrete_fields if f.attname in set(attnames)]
    # This path writes whole rows: the columns the caller did not read come from the table.
    full = fetch_rows(model, [f.attname for f in model._meta.concrete_fields], [row["id"] for row in rows])
    rows = [{**full[row["id"]], **row} for row in rows]
    model._default_manager.bulk_create(
        [model(**row) for row in rows],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["pk"],
        update_fields=fields,
    )


def _pg_update(model, rows: list[dict], attnames: list[str]) -> None:
    """COPY the new values into a temporary table, then one UPDATE … FROM."""
    table = model._meta.db_table
    stage = f"_atlas_stage_{table}"
    columns = [_column(model, a) for a in attnames]
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_quote(stage)}")
        cursor.execute(
            f"CREATE TEMP TABLE {_quote(stage)} AS SELECT {_quote(pk_column)}, "
            f"{', '.join(_quote(c) for c in columns)} FROM {_quote(table)} WITH NO DATA"
        )
    json_positions = [i + 1 for i, a in enumerate(attnames) if a in _json_attnames(model)]
    _copy(
        stage,
        [pk_column, *columns],
        ((row["id"], *[row[a] for a in attnames]) for row in rows),
        json_positions,
    )
    assignments = ", ".join(f"{_quote(c)} = s.{_quote(c)}" for c in columns)
    with connection.cursor() as cursor:
        # A chunk is a few thousand rows of a big table: probing the primary key per staged row beats
        # the hash join (a full scan of the table) that the planner picks for an unanalysed temp table.
        cursor.execute("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
        cursor.execute(
            f"UPDATE {_quote(table)} AS t SET {assignments} FROM {_quote(stage)} AS s "
            f"WHERE t.{_quote(pk_column)} = s.{_quote(pk_column)}"
        )
        cursor.execute("RESET enable_hashjoin; RESET enable_mergejoin")
        cursor.execute(f"DROP TABLE {_quote(stage)}")


def _sqlite_update(model, rows: list[dict], attnames: list[str]) -> None:
    """One prepared UPDATE run per row: SQLite has no network round trip, and this skips building a
    model instance per row."""
    adapt = _adapters(model)
    assignments = ", ".join(f"{_quote(_column(model, a))} = %s" for a in attnames)
    where = f"{_quote(model._meta.pk.column)} = %s"
    sql = f"UPDATE {_quote(model._meta.db_table)} SET {assignments} WHERE {where}"
    converters = [adapt.get(a) for a in attnames]
    params = [
        [
            conv(row[a]) if conv and row[a] is not None else row[a]
            for a, conv in zip(attnames, converters, strict=True)
        ]
        + [row["id"]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert_plain(model, attnames: list[str], rows: list[tuple], *, ignore_conflicts: bool = False) -> None:
    """Insert rows whose pk the caller does not need (M2M pairs, history rows, import changes)."""
    if not rows:
        return
    if postgres() and not ignore_conflicts:
        json_positions = [i for i, a in enumerate(attnames) if a in _json_attnames(model)]
        _copy(model._meta.db_table, [_column(model, a) for a in attnames], rows, json_positions)
        return
    if connection.vendor == "sqlite":
        adapt = _adapters(model)
        converters = [(i, adapt[a]) for i, a in enumerate(attnames) if a in adapt]
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, conv in converters:
                    if row[i] is not None:
                        row[i] = conv(row[i])
        verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
        columns = ", ".join(_quote(_column(model, a)) for a in attnames)
        marks = ", ".join(["%s"] * len(attnames))
        sql = f"{verb} INTO {_quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        return
    model._default_manager.bulk_create(
        [model(**dict(zip(attnames, row, strict=True))) for row in rows],
        batch_size=BATCH,
        ignore_conflicts=ignore_conflicts,
    )


def _pk_array(pks) -> str:
    """A PostgreSQL array literal of integer keys ("{1,2,3}"): psycopg adapts a Python list item by item,
    which cost ~0.7 s of a 100,000-row re-import's chunked lookups."""
    return "{" + ",".join(map(str, map(int, pks))) + "}"


def fetch_rows(model, attnames: list[str], pks: list) -> dict:
    """{pk: {attname: value}} for `pks`; on PostgreSQL one `= ANY(array)` query (a 5,000-item IN list
    costs more to build and parse than to run)."""
    if postgres():
        fields = [next(f for f in model._meta.concrete_fields if f.attname == a) for a in attnames]
        columns = ", ".join(_quote(f.column) for f in fields)
        pk_column = _quote(model._meta.pk.column)
        converters = [
            (i, f, f.get_db_converters(connection))
            for i, f in enumerate(fields)
            if f.get_db_converters(connection)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {_quote(model._meta.db_table)} WHERE {pk_column} = ANY(%s::bigint[])",
                [_pk_array(pks)],
            )
            rows = cursor.fetchall()
        pk_index = attnames.index(model._meta.pk.attname)
        if not converters:
            return {row[pk_index]: dict(zip(attnames, row, strict=True)) for row in rows}
        result = {}
        for row in rows:
            row = list(row)
            for i, f, field_converters in converters:
                for converter in field_converters:
                    row[i] = converter(row[i], f, connection)
            result[row[pk_index]] = dict(zip(attnames, row, strict=True))
        return result
    manager = model._default_manager
    return {row[model._meta.pk.attname]: row for row in manager.filter(pk__in=pks).values(*attnames)}


def fetch_pairs(through, source: str, target: str, pks: list, *, with_id: bool = True):
    """(through id, source id, target id) of the M2M rows of `pks` ((source, target) without ids)."""
    columns = ["id", source, target] if with_id else [source, target]
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(through._meta.db_table)} "
                f"WHERE {_quote(source)} = ANY(%s::bigint[])",
                [_pk_array(pks)],
            )
            return cursor.fetchall()
    return through.objects.filter(**{f"{source}__in": pks}).values_list(*columns)


@cache
def history_attnames(model) -> list[str]:
    """The model's fields its django-simple-history table copies (in the model's field order)."""
    tracked = {f.attname for f in model.history.model._meta.concrete_fields}
    return [f.attname for f in model._meta.concrete_fields if f.attname in tracked]


def copy_rows_to_history(model, pks: list, *, when, kind: str, reason: str, user_id) -> None:
    """INSERT INTO <history> (fields…, history_date, history_type, history_change_reason, history_user_id)
    SELECT fields…, %s, %s, %s, %s FROM <table> WHERE pk IN pks — the rows as they are now stored.
    `kind` is simple_history's type: "+" created, "~" changed, "-" deleted."""
    if not pks:
        return
    history_model = model.history.model
    attnames = history_attnames(model)
    extra = [when, kind, reason, user_id]
    source_columns = ", ".join(_quote(_column(model, a)) for a in attnames)
    target_columns = ", ".join(_quote(_column(history_model, a)) for a in attnames)
    history_columns = ", ".join(
        _quote(c) for c in ("history_date", "history_type", "history_change_reason", "history_user_id")
    )
    pk_column = _quote(model._meta.pk.column)
    head = (
        f"INSERT INTO {_quote(history_model._meta.db_table)} ({target_columns}, {history_columns}) "
        f"SELECT {source_columns}, %s, %s, %s, %s FROM {_quote(model._meta.db_table)} "
    )
    with connection.cursor() as cursor:
        if postgres():
            cursor.execute(head + f"WHERE {pk_column} = ANY(%s::bigint[])", [*extra, _pk_array(pks)])
            return
        for start in range(0, len(pks), 500):
            part = pks[start : start + 500]
            cursor.execute(
                head + f"WHERE {pk_column} IN ({', '.join(['%s'] * len(part))})",
                [*_adapt(extra), *part],
            )


def delete_rows(model, pks: list) -> int:
    """DELETE the rows `pks` in one statement, without Django's collector. Only for models nothing else
    refers to (the caller checks): QuerySet.delete() would load every instance because
    django-simple-history listens for deletions, and its handler would write a second history row for
    each, where the caller already copied them in bulk."""
    if not pks:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_quote(model._meta.db_table)} WHERE {_quote(model._meta.pk.column)} "
            f"IN ({', '.join(['%s'] * len(pks))})",
            list(pks),
        )
        return cursor.rowcount


def _adapt(values: list) -> list:
    """SQLite has no adapter for aware datetimes: let Django's backend format them."""
    return [connection.ops.adapt_datetimefield_value(v) if hasattr(v, "tzinfo") else v for v in values]
