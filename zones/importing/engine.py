"""run_import: the one pipeline behind the admin, the command line and the bundled data loader.

How a file goes through it (all-or-nothing by default):

1. `reading.open_table` checks size, type and encoding, hashes the file and streams its rows.
2. The header is mapped to canonical columns (Chinese aliases accepted); missing required columns and
   unknown columns reject the file before any row is read (unknown columns are an error, listing the
   valid ones, because a misspelt column would otherwise be silently dropped).
3. The kind's spec loads its lookups once (zones by code, industries by code, existing keys → pk), then
   each row is validated in plain Python: no ORM call per row. Every error is collected.
4. Valid rows are written in chunks inside one `transaction.atomic()` while the file is still being read
   (one streaming pass). For each chunk the existing rows are fetched in one query, compared field by
   field, and only rows that differ are written (`writer.py`): on PostgreSQL with COPY (new rows take
   their ids from the sequence; updates go through a temporary table and one UPDATE … FROM), on SQLite
   with executemany, elsewhere with `bulk_create(update_conflicts=True)` (never `bulk_update`, ~12× slower);
   M2M pairs are inserted in bulk and removed pairs deleted in one statement.
   As soon as one error is found, writing stops (validation continues, to report every error); at the
   end any error rolls the whole transaction back, so a bad file leaves nothing behind.
5. A non-dry run records an ImportBatch (user, file, SHA-256, counts, status; a FAILED batch with the
   errors when rejected) and one ImportChange per created or updated row holding the previous values
   (M2M as lists of primary keys), which is what `rollback_batch` uses.

History: bulk writes bypass django-simple-history's signals, so the pipeline writes the historical rows
itself, one per created or changed row, with one INSERT … SELECT from the table per chunk
(`history_change_reason = "import batch <id>"`, the batch's user as `history_user`). The admin's history
view therefore shows imports like any edit; rows an import leaves unchanged get no history row. This is
the costliest optional part of a big import (about a fifth of the time at 100,000 changed rows) and was
kept because ImportChange alone would leave the per-object history pages blind to imports.
"""

from __future__ import annotations

import datetime as dt
import difflib
import operator
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ..search_keys import add_search_keys
from . import registry, writer
from .columns import Column, Invalid, canonical_header
from .reading import FileProblem, open_table

PREVIEW_LIMIT = 1000
UNCHANGED_PREVIEW_LIMIT = 100
FIELD, M2M, STASH, PRECISION = range(4)  # where a parsed cell goes


# ------------------------------------------------------------------ results
@dataclass
class RowError:
    file: str
    row: int
    column: str
    value: Any
    message: str

    def __str__(self):
        where = ", ".join(
            part
            for part in (
                self.file,
                f"row {self.row}" if self.row else "",
                f"column {self.column}" * bool(self.column),
            )
            if part
        )
        if self.value is None:
            return f"{where}: {self.message}"
        shown = f"'{self.value}'" if self.value != "" else "(empty)"
        return f"{where}: {shown} {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class RowChange:
    row: int
    key: str
    action: str  # "new", "update", "unchanged"
    diff: dict = field(default_factory=dict)  # {column: (old, new)}


@dataclass
class ImportResult:
    kind: str
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preview: list[RowChange] = field(default_factory=list)
    preview_truncated: bool = False
    batch: Any = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{self.kind}: {self.created} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} errors"
        )


class _Abort(Exception):
    """Raised inside the transaction to undo everything written so far."""


# ------------------------------------------------------------------ rows and records
class Row:
    """One data row handed to a spec: its cells by canonical column, and a way to report problems."""

    __slots__ = ("number", "cells", "ctx")

    def __init__(self, number: int, cells: dict[str, str], ctx: Context):
        self.number = number
        self.cells = cells
        self.ctx = ctx

    def get(self, name: str) -> str:
        return self.cells.get(name, "")

    def has(self, name: str) -> bool:
        return name in self.cells

    def error(self, column: str, message: str, value: Any = "__cell__") -> None:
        if value == "__cell__":
            value = self.cells.get(column, "")
        self.ctx.error(self.number, column, value, message)


@dataclass(slots=True)
class Record:
    """A validated row: model field values (attnames), M2M target pks, and the pk it updates (if any)."""

    row: int
    key: str
    values: dict
    m2m: dict = field(default_factory=dict)
    pk: Any = None
    extra: dict | None = None


class Context:
    """Everything one run shares: the result, the acting user's reach, and the write switches."""

    def __init__(self, result: ImportResult, *, user=None, dry_run=False, allow_partial=False):
        self.result = result
        self.user = user
        self.dry_run = dry_run
        self.allow_partial = allow_partial
        self.batch = None
        self.now = timezone.now()
        self.allowed_zones: set | None = zone_scope(user)
        self._changes: list = []
        self._changes_shown = self._unchanged_shown = 0

    @property
    def writing(self) -> bool:
        return not self.dry_run and (self.allow_partial or not self.result.errors)

    def error(self, row: int, column: str, value: Any, message: str) -> None:
        self.result.errors.append(RowError(self.result.file_name, row, column, value, message))

    def change(self, model: type[models.Model], pk, action: str, before: dict | None = None) -> None:
        if self.batch is not None:
            self._changes.append((self.batch.pk, model._meta.label_lower, str(pk), action, before))
            if len(self._changes) >= 5000:
                self.flush_changes()

    def flush_changes(self) -> None:
        from ..models import ImportChange

        if self._changes:
            writer.insert_plain(
                ImportChange, ["batch_id", "model", "object_pk", "action", "before"], self._changes
            )
            self._changes = []

    def preview(self, record: Record, action: str, diff: dict | None = None) -> None:
        """Dry runs list up to PREVIEW_LIMIT new/updated rows (and a few unchanged ones, which must not
        crowd the changes out of the list)."""
        if not self.dry_run:
            return
        if action == "unchanged":
            if self._unchanged_shown < UNCHANGED_PREVIEW_LIMIT:
                self._unchanged_shown += 1
                self.result.preview.append(RowChange(record.row, record.key, action, {}))
            return
        if self._changes_shown < PREVIEW_LIMIT:
            self._changes_shown += 1
            self.result.preview.append(RowChange(record.row, record.key, action, diff or {}))
        else:
            self.result.preview_truncated = True


def zone_scope(user) -> set | None:
    """None when `user` may touch every zone (nobody, superuser, ministry editor), else their zone pks.

    `None` as the user means the command line or the bundled loader, which are trusted."""
    from ..roles import is_zone_restricted, zone_ids_for

    if user is None or not is_zone_restricted(user):
        return None
    return set(zone_ids_for(user))


def closest(value: str, candidates: Iterable[str]) -> str:
    """'; did you mean X?' for the nearest candidate, or '' when nothing is close."""
    candidates = list(candidates)
    if value.isdigit():
        # Codes are hierarchical (province, kind, sequence): the near miss shares the longest prefix,
        # where plain string similarity would happily suggest a zone in another province.
        shared = {c: len(os.path.commonprefix([value, c])) for c in candidates}
        longest = max(shared.values(), default=0)
        if longest >= 2:
            candidates = [c for c, n in shared.items() if n == longest]
    match = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    return f"; did you mean {match[0]}?" if match else ""


# ------------------------------------------------------------------ JSON-able snapshots
def jsonable(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def same(old, new) -> bool:
    if old == new:
        return True
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) <= 1e-9 * max(abs(old), abs(new), 1)
    if isinstance(old, bool) or isinstance(new, bool):  # bool is an int: Decimal("False") would raise
        return False
    if isinstance(old, Decimal | float | int) and isinstance(new, Decimal | float | int):
        return Decimal(str(old)) == Decimal(str(new))
    return False


# ------------------------------------------------------------------ the generic spec
class ModelSpec:
    """How one kind maps to a model. Subclasses declare columns and lookups; this class does the rest."""

    kind = ""
    model: type[models.Model]
    columns: list[Column] = []
    zone_scoped = False  # zone editors may import this kind (rows limited to their zones)
    chunk_size = 2000

    def __init__(self):
        self.names = {c.name for c in self.columns}
        self.column_by_name = {c.name: c for c in self.columns}

    # -- hooks for subclasses
    def load(self, ctx: Context) -> None:
        """Load the lookups clean() needs (one query each)."""

    def clean(self, row: Row, ctx: Context) -> Record | None:
        values, m2m, stash, failed = self._clean_cells(row, row.cells)
        if failed:
            return None
        record = Record(row.number, "", values, m2m, extra=stash)
        # Pinyin search keys follow the Chinese name (zones.search_keys); bulk writes skip save().
        add_search_keys(self.model, values)
        return self.finish_record(row, record, ctx)

    def finish_record(self, row: Row, record: Record, ctx: Context) -> Record | None:
        """Set record.key and record.pk (match an existing row); return None after reporting an error."""
        raise NotImplementedError

    def keys(self, record: Record) -> list[tuple[str, Any]]:
        """(column, value) pairs that must be unique within a file."""
        return [(self.key_column, record.key)]

    key_column = "code"

    def zones_touched(self, record: Record, ctx: Context) -> set:
        return set()

    def prepare_new(self, record: Record, ctx: Context) -> None:
        """Fill in what a new row needs beyond the file (slug, defaults)."""

    def created(self, record: Record, pk, ctx: Context) -> None:
        """Called for each new row with its pk, to keep lookups current."""

    def write(self, records: list[Record], ctx: Context) -> None:
        upsert(ctx, self, self.model, records)

    def finish(self, ctx: Context) -> None:
        """Called once after the last row (e.g. to resolve references to rows of the same file)."""

    def display(self, attname: str, value):
        """A value as the file would write it: links as codes (zone code, province code, industry code)."""
        if value is None:
            return ""
        lookup = {
            "zone_id": lambda: getattr(getattr(self, "zones", None), "codes", None) or self.zone_codes,
            "province_id": lambda: self.provinces.codes,
            "prefecture_id": lambda: self.prefectures.codes,
            "industries": lambda: self.industries.labels,
            "sources": lambda: {pk: url for url, pk in self.sources.by_url.items()},
            "zones": lambda: self.zones.codes,
        }.get(attname)
        if lookup is not None:
            try:
                names = lookup()
            except AttributeError:
                names = {}
            if isinstance(value, list | tuple | set | frozenset):
                return ";".join(sorted(str(names.get(v, v)) for v in value))
            return names.get(value, value)
        return jsonable(value)

    def diff_display(self, diff: dict) -> dict:
        """{column: (old, new)} for a preview: canonical column names, values as in a file."""
        columns = {c.field: c.name for c in self.columns if c.field}
        return {
            columns.get(name, name): (self.display(name, a), self.display(name, b))
            for name, (a, b) in diff.items()
        }

    # -- export
    def export_queryset(self):
        return self.model._default_manager.order_by("pk")

    def export_columns(self) -> list[Column]:
        return list(self.columns)

    def export_objects(self, queryset):
        """The rows in chunks of 2,000, each row's M2M labels attached as `_atlas_<field>` lists.

        Django's prefetch_related costs ~0.3 ms a row here (an instance per related row, a queryset
        clone per object); reading the through table and a label dict is ~20× cheaper."""
        from .exporting import m2m_labels

        labels = {name: m2m_labels(self.model, name) for name in self.export_m2m_fields()}
        chunk = []
        for obj in queryset.prefetch_related(None).iterator(chunk_size=2000):
            chunk.append(obj)
            if len(chunk) == 2000:
                yield from self._with_labels(chunk, labels)
                chunk = []
        yield from self._with_labels(chunk, labels)

    def export_m2m_fields(self) -> list[str]:
        return [
            f.name
            for f in self.model._meta.local_many_to_many
            if f.name in ("industries", "sources", "zones")
        ]

    def _with_labels(self, objs, labels):
        if not objs:
            return objs
        pks = [obj.pk for obj in objs]
        for name, names in labels.items():
            through, source, target = m2m_through(self.model, name)
            found: dict = {}
            for src, tgt in writer.fetch_pairs(through, source, target, pks, with_id=False):
                found.setdefault(src, []).append(names[tgt])
            for obj in objs:
                obj.__dict__[f"_atlas_{name}"] = sorted(found.get(obj.pk, ()), key=_label_order)
        return objs

    def export_lines(self, obj, columns):
        from .exporting import column_value

        yield [column_value(col, obj) for col in columns]

    # -- internals
    def bind(self, header: list[str]) -> None:
        self.present = [self.column_by_name[name] for name in header if name in self.column_by_name]
        self.required = [c for c in self.columns if c.required]
        self._plan = []
        for col in self.present:
            parse = getattr(self, col.parse) if isinstance(col.parse, str) else col.parse
            if col.extra.get("stash"):
                mode, target = STASH, col.extra["stash"]
            elif col.extra.get("m2m"):
                mode, target = M2M, col.field
            elif col.extra.get("precision"):
                mode, target = PRECISION, col.extra["precision"]
            elif col.field:
                mode, target = FIELD, col.field
            else:
                parse = None
                mode = target = None
            self._plan.append((col.name, col, parse, mode, target))
        self._clean_cells = _compile_plan(self._plan)

    def zone_label(self, zone_pk) -> str:
        return "no zone" if zone_pk is None else str(self.zone_codes.get(zone_pk, zone_pk))

    zone_codes: dict = {}


def _compile_plan(plan: list) -> Callable:
    """The per-row cell loop of `clean`, unrolled for the file's columns: `clean_cells(row, cells)` returns
    (values, m2m, stash, failed). Every cell of the row is checked in header order and every problem is
    reported with its column and value, exactly as a loop over `plan` would; unrolled, a row skips the
    loop's per-cell bookkeeping (about a fifth of a 100,000-row re-import's validation)."""
    env: dict[str, Any] = {"Invalid": Invalid}
    lines = ["def clean_cells(row, cells):", "    values, m2m, stash, failed = {}, {}, {}, False"]
    for k, (name, col, parse, mode, target) in enumerate(plan):
        pad = "    "
        lines.append(f"{pad}raw = cells[{name!r}]")
        if col.required:
            missing = "is required" + (f" ({col.help})" if col.help else "")
            lines += [
                f"{pad}if not raw:",
                f"{pad}    row.error({name!r}, {missing!r}, '')",
                f"{pad}    failed = True",
            ]
            if parse is None:
                continue
            lines.append(f"{pad}else:")
            pad += "    "
        if parse is None:
            continue
        env[f"parse{k}"] = parse
        store = {
            FIELD: f"values[{target!r}] = ",
            M2M: f"m2m[{target!r}] = ",
            STASH: f"stash[{target!r}] = ",
            PRECISION: f"values[{col.field!r}], values[{target!r}] = ",
        }[mode]
        lines += [
            f"{pad}try:",
            f"{pad}    {store}parse{k}(raw)",
            f"{pad}except Invalid as exc:",
            f"{pad}    row.error({name!r}, str(exc), raw)",
            f"{pad}    failed = True",
        ]
    lines.append("    return values, m2m, stash, failed")
    exec("\n".join(lines), env)  # noqa: S102 - our own source, built from the spec's column names
    return env["clean_cells"]


def _label_order(label: str):
    """SEI codes before GB/T ones (which carry the `gbt4754:` prefix), then by code."""
    return (label.startswith("gbt4754:"), label)


def concrete_attnames(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def m2m_through(model, field_name: str):
    rel = model._meta.get_field(field_name)
    through = rel.remote_field.through
    source = rel.m2m_field_name() + "_id"
    target = rel.m2m_reverse_field_name() + "_id"
    return through, source, target


_NO_PAIRS: dict = {}


def upsert(ctx: Context, spec: ModelSpec, model, records: list[Record], *, count: bool = True) -> list[str]:
    """Compare `records` with the database and write only what differs (see the module docstring).

    Returns each record's action ("new", "update", "unchanged"), in order."""
    if not records:
        return []
    actions = []
    result = ctx.result
    attnames = concrete_attnames(model)
    existing_pks = [r.pk for r in records if r.pk is not None]
    existing = writer.fetch_rows(model, attnames, existing_pks) if existing_pks else {}
    m2m_fields = sorted({name for r in records for name in r.m2m})
    old_pairs: dict[str, dict] = {}
    for name in m2m_fields:
        through, source, target = m2m_through(model, name)
        pairs: dict = {}
        if existing_pks:
            for through_id, src, tgt in writer.fetch_pairs(through, source, target, existing_pks):
                pairs.setdefault(src, {})[tgt] = through_id
        old_pairs[name] = pairs

    new_records, changed, changed_fields = [], [], set()
    for record in records:
        if record.pk is None:
            new_records.append(record)
            actions.append("new")
            if count:
                result.created += 1
                ctx.preview(record, "new")
            continue
        old = existing[record.pk]
        # The common case, an unchanged row, without building a diff: every value equal to the stored one
        # (a dict items view compares key by key, in C) and every M2M set equal to the stored targets.
        # Anything else takes the field-by-field compare, which also tolerates Decimal/float forms.
        diff = None
        if record.values.items() <= old.items():
            for name, targets in record.m2m.items():
                if old_pairs[name].get(record.pk, _NO_PAIRS).keys() != targets:
                    diff = {}
                    break
        else:
            diff = {}
        if diff is not None:
            diff = {}
            for name, value in record.values.items():
                stored = old[name]
                if stored != value and not same(stored, value):
                    diff[name] = (stored, value)
            for name, targets in record.m2m.items():
                before = set(old_pairs[name].get(record.pk, ()))
                if before != set(targets):
                    diff[name] = (sorted(before), sorted(targets))
        if not diff:
            actions.append("unchanged")
            if count:
                result.unchanged += 1
                ctx.preview(record, "unchanged")
            continue
        actions.append("update")
        record.extra = {**(record.extra or {}), "_diff": diff}
        if count:
            result.updated += 1
            ctx.preview(record, "update", spec.diff_display(diff))
        changed.append((record, old, diff))
        changed_fields.update(name for name in diff if name in record.values)
    if not ctx.writing:
        return actions

    history = getattr(model, "history", None)
    history_rows: list[tuple[str, list]] = []
    user_id = getattr(ctx.user, "pk", None)

    if new_records:
        for record in new_records:
            spec.prepare_new(record, ctx)
        rows = [record.values for record in new_records]
        pks = writer.insert(model, rows)
        if history is not None:
            history_rows.append(("+", pks))
        for record, pk in zip(new_records, pks, strict=True):
            record.pk = pk
            spec.created(record, pk, ctx)
            ctx.change(model, pk, "created")

    if changed:
        rows = []
        for record, old, diff in changed:
            merged = {**old, **record.values}
            rows.append(merged)
            before = {name: jsonable(old[name]) for name in diff if name in record.values}
            before.update({name: a for name, (a, _b) in diff.items() if name not in record.values})
            ctx.change(model, record.pk, "updated", before)
        writer.update(model, rows, sorted(changed_fields))
        if history is not None:
            history_rows.append(("~", [record.pk for record, _old, _diff in changed]))

    for name in m2m_fields:
        through, source, target = m2m_through(model, name)
        add, remove = [], []
        for record, action in zip(records, actions, strict=True):
            if action == "unchanged" or name not in record.m2m:
                continue  # an unchanged row has exactly its stored pairs: nothing to add or remove
            before = old_pairs[name].get(record.pk, {}) if record.pk in existing else {}
            wanted = record.m2m[name]
            add.extend((record.pk, t) for t in wanted if t not in before)
            remove.extend(through_id for t, through_id in before.items() if t not in wanted)
        writer.insert_plain(through, [source, target], add)
        for start in range(0, len(remove), 2000):
            through.objects.filter(pk__in=remove[start : start + 2000]).delete()

    if history_rows:
        _write_history(history.model, model, history_rows, ctx, user_id)
    ctx.flush_changes()
    return actions


def _field_name(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise KeyError(attname)


def _history_attnames(history_model, model) -> list[str]:
    tracked = {f.attname for f in history_model._meta.concrete_fields}
    return [a for a in concrete_attnames(model) if a in tracked]


def _write_history(history_model, model, rows: list[tuple[str, list]], ctx: Context, user_id) -> None:
    """One historical row per created/changed row, copied from the table by one INSERT … SELECT per kind
    of change: simple_history's signals do not fire for bulk writes, and the server copies the rows far
    faster than Python could send them."""
    names = _history_attnames(history_model, model)
    reason = f"import batch {ctx.batch.pk}" if ctx.batch else "import"
    for kind, pks in rows:
        writer.copy_rows_to_history(history_model, model, names, pks, [ctx.now, kind, reason, user_id])


def _history_row(history_model, obj, kind: str, reason: str, user_id, when):
    """A historical row for a model instance (used by rollback for the rows it restores)."""
    names = _history_attnames(history_model, type(obj))
    row = history_model(**{name: getattr(obj, name) for name in names})
    row.history_date = when
    row.history_type = kind
    row.history_change_reason = reason
    row.history_user_id = user_id
    return row


# ------------------------------------------------------------------ the entry point
def run_import(
    kind: str,
    source,
    *,
    file_name: str | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    sheet: str | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
    allow_partial: bool = False,
) -> ImportResult:
    """Import one file of `kind`; see the package docstring for the contract."""
    from ..models import ImportBatch

    spec = registry.get(kind)
    result = ImportResult(kind=kind, file_name=file_name or _name_of(source), dry_run=dry_run)
    table = None
    try:
        table = open_table(source, file_name=file_name, encoding=encoding, sheet=sheet)
        result.file_name = table.file_name
        ctx = Context(result, user=user, dry_run=dry_run, allow_partial=allow_partial)
        header = _check_header(spec, table.header, ctx)
        if ctx.allowed_zones is not None and not spec.zone_scoped:
            ctx.error(
                0, "", None, f"zone editors may import only zones, statistics and enterprises, not {kind}"
            )
        if result.errors:
            raise _Abort
        spec.bind([h for h in header if h])
        spec.load(ctx)
        with transaction.atomic():
            if not dry_run:
                ctx.batch = ImportBatch.objects.create(
                    kind=kind,
                    file_name=table.file_name,
                    file_sha256=table.sha256,
                    file_size=table.size,
                    user=user if getattr(user, "pk", None) else None,
                    rows_total=table.total,
                )
            _stream(spec, table, header, ctx, progress)
            if result.errors and not allow_partial:
                raise _Abort
            if ctx.batch is not None:
                ctx.flush_changes()
                _close_batch(ctx.batch, result, ImportBatch.Status.IMPORTED)
    except FileProblem as exc:
        result.errors.append(RowError(result.file_name or file_name or "", 0, "", None, str(exc)))
    except _Abort:
        pass
    finally:
        if table is not None:
            table.close()
    if result.errors and not dry_run and not (allow_partial and result.batch):
        result.created = result.updated = result.unchanged = 0
        result.batch = _failed_batch(kind, result, table, user)
    return result


def _name_of(source) -> str:
    from pathlib import Path

    name = source if isinstance(source, str) else getattr(source, "name", "") or ""
    return Path(str(name)).name if name else "upload"


def _check_header(spec: ModelSpec, raw_header: list[str], ctx: Context) -> list[str]:
    header, unknown, seen = [], [], {}
    for position, raw in enumerate(raw_header, start=1):
        if not raw.strip():
            header.append("")
            continue
        name = canonical_header(raw, spec.names)
        if name is None:
            unknown.append(raw)
            header.append("")
        elif name in seen:
            ctx.error(1, name, raw, f"names the same column as header cell {seen[name]}")
            header.append("")
        else:
            seen[name] = position
            header.append(name)
    valid = ", ".join(c.name for c in spec.columns)
    for raw in unknown:
        ctx.error(
            1, raw, raw, f"is not a column of {spec.kind}{closest(raw, spec.names)} Valid columns: {valid}"
        )
    missing = [c.name for c in spec.columns if c.required and c.name not in seen]
    if missing:
        ctx.error(1, ", ".join(missing), None, f"missing required column(s): {', '.join(missing)}")
    return header


def _stream(spec: ModelSpec, table, header: list[str], ctx: Context, progress) -> None:
    result = ctx.result
    width = len(header)
    names = [(i, name) for i, name in enumerate(header) if name]
    positions = [i for i, _name in names]
    keys_only = [name for _i, name in names]
    pick = operator.itemgetter(*positions) if len(positions) > 1 else (lambda cells: (cells[positions[0]],))
    seen: dict[tuple, int] = {}
    claimed: dict = {}
    pending: list[Record] = []
    last = 0
    for number, cells in table.rows:
        if not any(cells):
            continue
        result.rows += 1
        if len(cells) > width and any(cells[width:]):
            ctx.error(number, "", None, f"has {len(cells)} cells but the header has only {width} columns")
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        row = Row(number, dict(zip(keys_only, pick(cells), strict=True)), ctx)
        record = spec.clean(row, ctx)
        if record is None:
            continue
        duplicate = False
        for key in spec.keys(record):
            if key[1] in (None, "", ()):
                continue
            first = seen.setdefault(key, number)
            if first != number:
                ctx.error(
                    number, key[0], _show(key[1]), f"repeats row {first} (the key must be unique in a file)"
                )
                duplicate = True
        if record.pk is not None:
            first = claimed.setdefault(record.pk, number)
            if first != number and not duplicate:
                ctx.error(
                    number, spec.key_column, record.key, f"matches the same existing row as row {first}"
                )
                duplicate = True
        if duplicate:
            continue
        if ctx.allowed_zones is not None:
            outside = spec.zones_touched(record, ctx) - ctx.allowed_zones
            if outside:
                ctx.error(
                    number,
                    spec.key_column,
                    record.key,
                    "touches a zone you do not edit ("
                    + ", ".join(sorted(spec.zone_label(z) for z in outside))
                    + "); zone editors may change only their own zones",
                )
                continue
        pending.append(record)
        if len(pending) >= spec.chunk_size:
            _write(spec, pending, ctx)
            pending = []
        if progress and result.rows - last >= 1000:
            last = result.rows
            progress(result.rows, max(table.total, result.rows))
    _write(spec, pending, ctx)
    spec.finish(ctx)
    if result.rows == 0 and not result.errors:
        ctx.error(0, "", None, "the file has a header but no data rows")
    if progress:
        progress(result.rows, result.rows)


def _show(value):
    return "; ".join(map(str, value)) if isinstance(value, tuple) else value


def _write(spec: ModelSpec, records: list[Record], ctx: Context) -> None:
    if not records:
        return
    if ctx.result.errors and not ctx.allow_partial:
        return  # the file will be rejected: validate the rest, write nothing more
    spec.write(records, ctx)


def _close_batch(batch, result: ImportResult, status) -> None:
    batch.status = status
    batch.finished = timezone.now()
    batch.rows_done = result.rows
    batch.rows_total = result.rows
    batch.created_count = result.created
    batch.updated_count = result.updated
    batch.unchanged_count = result.unchanged
    batch.error_count = len(result.errors)
    batch.errors = [e.as_dict() for e in result.errors[:1000]]
    batch.save()
    result.batch = batch


def _failed_batch(kind, result: ImportResult, table, user):
    from ..models import ImportBatch

    batch = ImportBatch(
        kind=kind,
        file_name=(table.file_name if table else result.file_name)[:255],
        file_sha256=table.sha256 if table else "",
        file_size=table.size if table else 0,
        user=user if getattr(user, "pk", None) else None,
    )
    batch.save()
    _close_batch(batch, result, ImportBatch.Status.FAILED)
    return batch
