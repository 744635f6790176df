"""run_import: the one pipeline behind the admin, the command line and the bundled data loader.

How a file goes through it (all-or-nothing by default):

1. `reading.open_table` checks size, type and encoding, hashes the file and streams its rows.
2. The header is mapped to canonical columns (Chinese and published aliases, or the clerk's mapping);
   missing required columns and near-misses of a column name reject the file before any row is read;
   other unknown columns are ignored and listed in a warning (published lists carry many).
3. The kind's spec loads its lookups once (zones by code, industries by code, existing keys → pk), then
   each row is validated in plain Python: no ORM call per row. Every error is collected, and every row
   goes through every check (cells, keys unique in the file, zone scope), so no error hides another.
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

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from atlas.cycle_collection import without_cycle_collection
from atlas.dates import partial_date_display
from atlas.search_keys import SEARCH_KEY_ATTNAMES, add_search_keys

from . import registry, writer
from .columns import Column, Invalid, quoted
from .header import check_header, missing_columns
from .messages import error_text, shown_value
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
        return error_text(**self.as_dict())

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
    sheet: str = ""  # the XLSX sheet read
    sheets: tuple[str, ...] = ()  # every sheet of an XLSX (the admin offers a picker when there are several)
    header: list[str] = field(default_factory=list)  # the file's header as written
    mapping: dict = field(default_factory=dict)  # {header cell: canonical column, or "" when ignored}

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


class TooManyErrors(FileProblem):
    """Checking stops after ATLAS_IMPORT_MAX_ERRORS errors: a file that bad is fixed from the first ones,
    and a hostile file (millions of bad rows) must not fill memory, pages and error files."""


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
    """A validated row: model field values (attnames), M2M target pks, and the pk it updates (if any).
    A row with an error still gives a record (`failed`), so that the checks across rows see it."""

    row: int
    key: str
    values: dict
    m2m: dict = field(default_factory=dict)
    pk: Any = None
    extra: dict | None = None
    failed: bool = False


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
        self.max_errors = settings.ATLAS_IMPORT_MAX_ERRORS

    @property
    def writing(self) -> bool:
        return not self.dry_run and (self.allow_partial or not self.result.errors)

    @property
    def previewing(self) -> bool:
        return self.dry_run

    def error(self, row: int, column: str, value: Any, message: str) -> None:
        errors = self.result.errors
        errors.append(RowError(self.result.file_name, row, column, shown_value(value), message))
        if len(errors) >= self.max_errors:
            raise TooManyErrors(
                f"checking stopped at row {row:,} after {len(errors):,} errors (ATLAS_IMPORT_MAX_ERRORS); "
                "correct these and import the file again"
            )

    def warn(self, message: str) -> None:
        self.result.warnings.append(message)

    def change(self, model: type[models.Model], pk, action: str, before: dict | None = None) -> None:
        if self.batch is not None:
            self._changes.append((self.batch.pk, model._meta.label_lower, str(pk), action, before))
            if len(self._changes) >= 5000:
                self.flush_changes()

    def flush_changes(self) -> None:
        from .models import ImportChange

        if self._changes:
            writer.insert_plain(
                ImportChange, ["batch_id", "model", "object_pk", "action", "before"], self._changes
            )
            self._changes = []

    def preview(self, record: Record, action: str, diff: dict | Callable[[], dict] | None = None) -> None:
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
            shown = diff() if callable(diff) else diff  # built only for the rows the preview lists
            self.result.preview.append(RowChange(record.row, record.key, action, shown or {}))
        else:
            self.result.preview_truncated = True


def zone_scope(user) -> set | None:
    """None when `user` may touch every zone (nobody, superuser, ministry editor), else their zone pks.

    `None` as the user means the command line or the bundled loader, which are trusted."""
    from atlas.roles import is_zone_restricted, zone_ids_for

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

    def clean(self, row: Row, ctx: Context) -> Record:
        """The row's record; `failed` when a cell or the row as a whole has an error (already reported)."""
        values, m2m, stash, failed = self.clean_cells(row)
        record = Record(row.number, "", values, m2m, extra=stash, failed=failed)
        if failed:
            # Enough of a key for the checks across rows (duplicates) to see this row too.
            key_field = self.column_by_name[self.key_column].field if self.key_column in self.names else None
            record.key = values.get(key_field, "") if key_field else ""
            return record
        if self.finish_record(row, record, ctx) is None:
            record.failed = True
        return record

    def clean_cells(self, row: Row) -> tuple[dict, dict, dict, bool]:
        """Parse every cell of the row in header order, reporting each problem with its column and value.
        Returns (values, m2m, stash, failed)."""
        values, m2m, stash = {}, {}, {}
        failed = False
        cells = row.cells
        for name, parse, mode, target, missing, parsed in self._plan:
            raw = cells[name]
            if missing and not raw:
                row.error(name, missing, "")
                failed = True
                continue
            if parse is None:
                continue
            value = parsed.get(raw, _UNPARSED) if parsed is not None else _UNPARSED
            if value is _UNPARSED:
                try:
                    value = parse(raw)
                except Invalid as exc:
                    row.error(name, str(exc), raw)
                    failed = True
                    continue
                if parsed is not None and len(parsed) < PARSED_LIMIT:
                    parsed[raw] = value
            if mode == FIELD:
                values[target] = value
            elif mode == M2M:
                m2m[target] = value
            elif mode == STASH:
                stash[target] = value
            else:  # PRECISION: a (date, precision) pair into two fields
                values[target[0]], values[target[1]] = value
        return values, m2m, stash, failed

    def finish_record(self, row: Row, record: Record, ctx: Context) -> Record | None:
        """Set record.key and record.pk (match an existing row); return None after reporting an error."""
        raise NotImplementedError

    def keys(self, record: Record) -> list[tuple[str, Any]]:
        """(column, value) pairs that must be unique within a file."""
        return [(self.key_column, record.key)]

    key_column = "code"

    def zones_touched(self, record: Record, ctx: Context) -> set:
        return set()

    compared_also: tuple[str, ...] = ()  # stored columns compare_with() reads beyond those the file sets

    def compare_with(self, records: list[Record], stored: Stored) -> None:
        """Adjust a chunk's values by what the database holds for its rows, before they are compared."""

    def prepare_new(self, record: Record, ctx: Context) -> None:
        """Fill in what a new row needs beyond the file (slug, defaults)."""

    def created(self, record: Record, pk, ctx: Context) -> None:
        """Called for each new row with its pk, to keep lookups current."""

    def write(self, records: list[Record], ctx: Context) -> None:
        upsert(ctx, self, self.model, records)

    def finish(self, ctx: Context) -> None:
        """Called once after the last row (e.g. to resolve references to rows of the same file)."""

    def link_labels(self, attname: str) -> dict | None:
        """{pk: label} for a field that links to other rows (zone code, province code, industry code …),
        so previews show it as a file writes it; None for a plain field. Each spec lists its own links."""
        return None

    def display(self, attname: str, value):
        """A value as the file would write it: links as their labels, dates and decimals as text."""
        if value is None:
            return ""
        labels = self.link_labels(attname)
        if labels is None:
            return jsonable(value)
        if isinstance(value, list | tuple | set | frozenset):
            return ";".join(sorted(str(labels.get(v, v)) for v in value))
        return labels.get(value, value)

    def new_row_display(self, record: Record) -> dict:
        """{column: ("", value)} of a new row, for the preview: the clerk sees the file's values as read."""
        values = {**record.values, **record.m2m}
        return self.diff_display({name: (None, value) for name, value in values.items()})

    def new_preview(self, record) -> dict:
        """What a dry run shows for a new row beside its action: nothing, unless a kind derives values."""
        return {}

    def diff_display(self, diff: dict) -> dict:
        """{column: (old, new)} for a preview: canonical column names, values as in a file (a partial
        date at its precision: 1997, not 1997-01-01 and a precision)."""
        columns = {c.field: c.name for c in self.columns if c.field}
        shown = {
            columns.get(name, name): (self.display(name, a), self.display(name, b))
            for name, (a, b) in diff.items()
        }
        for col in self.columns:
            precision = col.extra.get("precision")
            if precision in diff and col.field in diff:
                (old, new), (old_precision, new_precision) = diff[col.field], diff[precision]
                shown[col.name] = (
                    partial_date_display(old, old_precision),
                    partial_date_display(new, new_precision),
                )
                del shown[precision]
        return shown

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
        """Prepare the cell loop for the file's columns: (name, parser, where the value goes, target,
        the message when a required cell is empty)."""
        self.present = [self.column_by_name[name] for name in header if name in self.column_by_name]
        self._plan = []
        for col in self.present:
            parse = getattr(self, col.parse) if isinstance(col.parse, str) else col.parse
            if col.extra.get("stash"):
                mode, target = STASH, col.extra["stash"]
            elif col.extra.get("m2m"):
                mode, target = M2M, col.field
            elif col.extra.get("precision"):
                mode, target = PRECISION, (col.field, col.extra["precision"])
            elif col.field:
                mode, target = FIELD, col.field
            else:
                parse, mode, target = None, None, None
            missing = ("is required" + (f" ({col.help})" if col.help else "")) if col.required else ""
            parsed = {} if col.repeats else None  # cell → value, for columns whose cells recur
            self._plan.append((col.name, parse, mode, target, missing, parsed))

    def zone_label(self, zone_pk) -> str:
        return "no zone" if zone_pk is None else str(self.zone_codes.get(zone_pk, zone_pk))

    zone_codes: dict = {}
    scope_column = "zone_code"  # the column a zone editor's out-of-scope row is reported on


def _label_order(label: str):
    """SEI codes before GB/T ones (which carry the `gbt4754:` prefix), then by code."""
    return (label.startswith("gbt4754:"), label)


def _compared_attnames(model, records: list[Record], also: tuple[str, ...]) -> list[str]:
    """The primary key, every column some record sets, `also`, and the pinyin keys a rename rewrites."""
    wanted = {model._meta.pk.attname, *also}
    for record in records:
        wanted.update(record.values)
    if "name_zh" in wanted:
        wanted.update(SEARCH_KEY_ATTNAMES)
    return [name for name in concrete_attnames(model) if name in wanted]


def concrete_attnames(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def m2m_through(model, field_name: str):
    rel = model._meta.get_field(field_name)
    through = rel.remote_field.through
    source = rel.m2m_field_name() + "_id"
    target = rel.m2m_reverse_field_name() + "_id"
    return through, source, target


_NO_PAIRS: dict = {}
_UNPARSED = object()
PARSED_LIMIT = 10_000  # distinct cells remembered per column


@dataclass
class Stored:
    """What the database holds for a chunk's existing rows: {pk: {attname: value}} and, per M2M field,
    {pk: {target pk: through-row id}}."""

    rows: dict
    pairs: dict

    @classmethod
    def load(cls, model, records: list[Record], also: tuple[str, ...] = ()) -> Stored:
        """Only the columns the chunk's rows set (and `also`) are read: a re-import compares those, and
        reading every column of every row (long profile texts included) cost a tenth of its time."""
        pks = [r.pk for r in records if r.pk is not None]
        rows = writer.fetch_rows(model, _compared_attnames(model, records, also), pks) if pks else {}
        pairs: dict[str, dict] = {}
        for name in sorted({name for r in records for name in r.m2m}):
            through, source, target = m2m_through(model, name)
            found: dict = {}
            if pks:
                for through_id, src, tgt in writer.fetch_pairs(through, source, target, pks):
                    found.setdefault(src, {})[tgt] = through_id
            pairs[name] = found
        return cls(rows, pairs)

    def diff(self, record: Record) -> dict:
        """{attname: (stored, new)} of what differs; {} when the row is unchanged."""
        old = self.rows[record.pk]
        # The common case, an unchanged row, without building a diff: every value equal to the stored one
        # (a dict items view compares key by key, in C) and every M2M set equal to the stored targets.
        if record.values.items() <= old.items() and all(
            self.pairs[name].get(record.pk, _NO_PAIRS).keys() == targets
            for name, targets in record.m2m.items()
        ):
            return {}
        diff = {}
        for name, value in record.values.items():
            stored = old[name]
            if stored != value and not same(stored, value):
                diff[name] = (stored, value)
        for name, targets in record.m2m.items():
            before = set(self.pairs[name].get(record.pk, ()))
            if before != set(targets):
                diff[name] = (sorted(before), sorted(targets))
        return diff


def upsert(ctx: Context, spec: ModelSpec, model, records: list[Record], *, count: bool = True) -> list[str]:
    """Compare `records` with the database and write only what differs (see the module docstring):
    compare, then write new and changed rows, their M2M pairs, their history and their ImportChanges.

    Returns each record's action ("new", "update", "unchanged"), in order."""
    if not records:
        return []
    stored = Stored.load(model, records, spec.compared_also)
    spec.compare_with(records, stored)
    actions, changed = _compare(ctx, spec, stored, records, count)
    if not ctx.writing:
        return actions
    history_rows = []
    new_records = [r for r, action in zip(records, actions, strict=True) if action == "new"]
    if new_records:
        history_rows.append(("+", _insert_new(ctx, spec, model, new_records)))
    if changed:
        history_rows.append(("~", _update_changed(ctx, model, stored, changed)))
    for name in stored.pairs:
        _write_pairs(model, name, stored, records, actions)
    if getattr(model, "history", None) is not None:
        _write_history(model, history_rows, ctx)
    ctx.flush_changes()
    return actions


def _compare(ctx: Context, spec: ModelSpec, stored: Stored, records: list[Record], count: bool):
    """Each record's action, counted and previewed; and the changed records with their diffs."""
    actions, changed = [], []
    result = ctx.result
    for record in records:
        if record.pk is None:
            action, diff = "new", None
        else:
            diff = stored.diff(record)
            action = "update" if diff else "unchanged"
        actions.append(action)
        if action == "update":
            record.extra = {**(record.extra or {}), "_diff": diff}
            changed.append((record, diff))
        if not count:
            continue
        if action == "new":
            result.created += 1
            if ctx.previewing:
                ctx.preview(
                    record,
                    "new",
                    lambda record=record: {**spec.new_row_display(record), **spec.new_preview(record)},
                )
        elif action == "update":
            result.updated += 1
            if ctx.previewing:
                ctx.preview(record, "update", spec.diff_display(diff))
        else:
            result.unchanged += 1
            ctx.preview(record, "unchanged")
    return actions, changed


def _insert_new(ctx: Context, spec: ModelSpec, model, records: list[Record]) -> list:
    for record in records:
        spec.prepare_new(record, ctx)
        # Pinyin search keys follow the Chinese name (atlas.search_keys); bulk writes skip save().
        add_search_keys(model, record.values)
    pks = writer.insert(model, [record.values for record in records])
    for record, pk in zip(records, pks, strict=True):
        record.pk = pk
        spec.created(record, pk, ctx)
        ctx.change(model, pk, "created")
    return pks


def _update_changed(ctx: Context, model, stored: Stored, changed: list[tuple[Record, dict]]) -> list:
    """Write the changed rows (the stored columns read, overlaid with the file's) and record what each
    held before (M2M as target pks), which is what a rollback restores."""
    rows, fields = [], set()
    for record, diff in changed:
        old = stored.rows[record.pk]
        if "name_zh" in diff:  # spelling 100,000 names on every re-import would cost seconds for nothing
            _respell(model, record, old, diff)
        rows.append({**old, **record.values})
        fields.update(name for name in diff if name in record.values)
        before = {name: jsonable(old[name]) for name in diff if name in record.values}
        before.update({name: a for name, (a, _b) in diff.items() if name not in record.values})
        ctx.change(model, record.pk, "updated", before)
    writer.update(model, rows, sorted(fields))
    return [record.pk for record, _diff in changed]


def _respell(model, record: Record, old: dict, diff: dict) -> None:
    """A renamed row's pinyin search keys, added to its values and its diff (so a rollback restores them)."""
    add_search_keys(model, record.values)
    for name in SEARCH_KEY_ATTNAMES:
        if name in record.values and record.values[name] != old.get(name):
            diff[name] = (old.get(name), record.values[name])


def _write_pairs(model, name: str, stored: Stored, records: list[Record], actions: list[str]) -> None:
    """Add the M2M pairs a row gained and delete those it lost, in bulk."""
    through, source, target = m2m_through(model, name)
    add, remove = [], []
    for record, action in zip(records, actions, strict=True):
        if action == "unchanged" or name not in record.m2m:
            continue  # an unchanged row has exactly its stored pairs: nothing to add or remove
        before = stored.pairs[name].get(record.pk, {}) if record.pk in stored.rows else {}
        wanted = record.m2m[name]
        add.extend((record.pk, t) for t in wanted if t not in before)
        remove.extend(through_id for t, through_id in before.items() if t not in wanted)
    writer.insert_plain(through, [source, target], add)
    for start in range(0, len(remove), 2000):
        through.objects.filter(pk__in=remove[start : start + 2000]).delete()


def _write_history(model, rows: list[tuple[str, list]], ctx: Context) -> None:
    """One historical row per created/changed row, copied from the table by one INSERT … SELECT per kind
    of change: simple_history's signals do not fire for bulk writes, and the server copies the rows far
    faster than Python could send them."""
    reason = f"import batch {ctx.batch.pk}" if ctx.batch else "import"
    user_id = getattr(ctx.user, "pk", None)
    for kind, pks in rows:
        writer.copy_rows_to_history(model, pks, when=ctx.now, kind=kind, reason=reason, user_id=user_id)


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
    mapping: dict[str, str] | None = None,
) -> ImportResult:
    """Import one file of `kind`; see the package docstring for the contract. `mapping` maps header cells
    to canonical columns by hand ({"企业全称": "name_zh", "备注2": ""}; "" ignores the column)."""
    spec = registry.get(kind)
    result = ImportResult(kind=kind, file_name=file_name or _name_of(source), dry_run=dry_run)
    ctx = Context(result, user=user, dry_run=dry_run, allow_partial=allow_partial)
    table = None
    try:
        table = open_table(
            source,
            file_name=file_name,
            encoding=encoding,
            sheet=sheet,
            header_ok=lambda header: not missing_columns(spec, header, mapping or {}),
        )
        result.file_name, result.sheet, result.sheets = table.file_name, table.sheet, table.sheets
        result.warnings.extend(table.notes)
        _run(spec, table, ctx, mapping or {}, progress)
    except FileProblem as exc:
        result.sheets = result.sheets or exc.sheets
        result.errors.append(
            RowError(result.file_name or file_name or "", exc.row, exc.column, None, str(exc))
        )
    except _Abort:
        pass
    finally:
        if table is not None:
            table.close()
    if result.errors and not dry_run and not (allow_partial and result.batch):
        result.created = result.updated = result.unchanged = 0
        result.batch = _failed_batch(kind, result, table, user)
    return result


def _run(spec: ModelSpec, table, ctx: Context, mapping: dict, progress) -> None:
    """Check the header, then stream, check and write every row in one transaction (see the module
    docstring); raises _Abort when the file is rejected."""
    from .models import ImportBatch

    result = ctx.result
    header = check_header(spec, table.header, ctx, mapping)
    if ctx.allowed_zones is not None and not spec.zone_scoped:
        ctx.error(
            0, "", None, f"zone editors may import only zones, statistics and enterprises, not {spec.kind}"
        )
    if result.errors:
        raise _Abort
    spec.bind([h for h in header if h])
    spec.load(ctx)
    with transaction.atomic():
        if not ctx.dry_run:
            ctx.batch = ImportBatch.objects.create(
                kind=spec.kind,
                file_name=table.file_name[:255],
                file_sha256=table.sha256,
                file_size=table.size,
                user=ctx.user if getattr(ctx.user, "pk", None) else None,
                rows_total=table.total,
            )
        with without_cycle_collection():  # a row's objects are freed by reference counting
            _stream(spec, table, header, ctx, progress)
        if result.errors and not ctx.allow_partial:
            raise _Abort
        if ctx.batch is not None:
            ctx.flush_changes()
            _close_batch(ctx.batch, result, ImportBatch.Status.IMPORTED)


def _name_of(source) -> str:
    from pathlib import Path

    name = source if isinstance(source, str) else getattr(source, "name", "") or ""
    return Path(str(name)).name if name else "upload"


# ------------------------------------------------------------------ the rows
def _stream(spec: ModelSpec, table, header: list[str], ctx: Context, progress) -> None:
    """Every row through every check (cells, keys unique in the file, zone scope), each problem
    reported; the rows without any written in chunks while the file is still being read."""
    result = ctx.result
    width = len(header)
    names = [(i, name) for i, name in enumerate(header) if name]
    positions = [i for i, _name in names]
    keys_only = [name for _i, name in names]
    pick = operator.itemgetter(*positions) if len(positions) > 1 else (lambda cells: (cells[positions[0]],))
    max_chars = settings.ATLAS_IMPORT_MAX_CELL_CHARS
    checks = _RowChecks(spec, ctx)
    quoted_rows: list[int] = []
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
        # One join serves two cheap checks: a cell too long (only when the whole row is) and a cell
        # starting with an apostrophe (one the import drops: see _warn_apostrophes).
        joined = "\x1f".join(cells)
        too_long = len(joined) > max_chars and _blank_long_cells(cells, header, number, ctx)
        if (joined[:1] == "'" or "\x1f'" in joined) and any(map(quoted, cells)):
            quoted_rows.append(number)
        row = Row(number, dict(zip(keys_only, pick(cells), strict=True)), ctx)
        before = len(result.errors)
        record = spec.clean(row, ctx)
        failed_columns = {e.column for e in result.errors[before:]} if len(result.errors) > before else set()
        if checks.passes(record, row, failed_columns) and not too_long:
            pending.append(record)
        if len(pending) >= spec.chunk_size:
            _write(spec, pending, ctx)
            pending = []
        if progress and result.rows - last >= 1000:
            last = result.rows
            progress(result.rows, max(table.total, result.rows))
    _write(spec, pending, ctx)
    spec.finish(ctx)
    _warn_apostrophes(ctx, quoted_rows)
    if result.rows == 0 and not result.errors:
        ctx.error(0, "", None, "the file has a header but no data rows")
    if progress:
        progress(result.rows, result.rows)


def _blank_long_cells(cells: list[str], header: list[str], number: int, ctx: Context) -> bool:
    """Report each cell over ATLAS_IMPORT_MAX_CELL_CHARS by its size (never its text) and blank it.
    True when there was one."""
    limit = settings.ATLAS_IMPORT_MAX_CELL_CHARS
    if max(map(len, cells)) <= limit:
        return False
    for i, cell in enumerate(cells):
        if len(cell) > limit:
            column = header[i] if i < len(header) and header[i] else f"#{i + 1}"
            message = f"holds {len(cell):,} characters; a cell may hold at most {limit:,}"
            ctx.error(number, column, None, message)
            cells[i] = ""
    return True


class _RowChecks:
    """The checks across rows: a key used twice in the file, two rows matching one stored row, and a
    zone editor's reach. Every row goes through all of them, whatever else is wrong with it."""

    def __init__(self, spec: ModelSpec, ctx: Context):
        self.spec, self.ctx = spec, ctx
        self.seen: dict[str, dict] = {}  # column → {key: first row}; no tuple per key (100,000s of them)
        self.claimed: dict = {}

    def passes(self, record: Record, row: Row, columns_in_error: set) -> bool:
        ok = self._unique(record) and not record.failed
        if self.ctx.allowed_zones is not None and not columns_in_error & {self.spec.scope_column, "code"}:
            ok = self._in_scope(record, row) and ok
        return ok

    def _keys(self, record: Record) -> list:
        try:
            return self.spec.keys(record)
        except (KeyError, TypeError, AttributeError):
            return []  # a row whose key cells failed to parse has no key to compare

    def _unique(self, record: Record) -> bool:
        number, ok = record.row, True
        for column, value in self._keys(record):
            if value in (None, "", ()):
                continue
            first = self.seen.setdefault(column, {}).setdefault(value, number)
            if first != number:
                message = f"repeats row {first} (the key must be unique in a file)"
                self.ctx.error(number, column, _show(value), message)
                ok = False
        if record.pk is not None and ok:
            first = self.claimed.setdefault(record.pk, number)
            if first != number:
                self.ctx.error(
                    number, self.spec.key_column, record.key, f"matches the same existing row as row {first}"
                )
                ok = False
        return ok

    def _in_scope(self, record: Record, row: Row) -> bool:
        try:
            outside = self.spec.zones_touched(record, self.ctx) - self.ctx.allowed_zones
        except (KeyError, TypeError):
            return not record.failed
        if not outside:
            return True
        column = self.spec.scope_column
        self.ctx.error(
            record.row,
            column,
            row.get(column) if row.has(column) else None,
            "touches a zone you do not edit ("
            + ", ".join(sorted(str(self.spec.zone_label(z)) for z in outside))
            + "); zone editors may change only their own zones",
        )
        return False


def _show(value):
    return "; ".join(map(str, value)) if isinstance(value, tuple) else value


def _warn_apostrophes(ctx: Context, quoted_rows: list[int]) -> None:
    """Spreadsheets hide a leading apostrophe (it only marks text): the import drops it before = + - @
    (see columns.unquote_formula), as a spreadsheet would, and says so, so that nothing is altered
    silently."""
    if quoted_rows:
        ctx.warn(
            f"{len(quoted_rows):,} row(s) have a cell beginning with an apostrophe before = + - @ or ' "
            f"(first in row {quoted_rows[0]}); that apostrophe is dropped, as spreadsheets do. To keep it, "
            "write it twice."
        )


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
    batch.errors = [e.as_dict() for e in result.errors[:1000]]  # values already cut by shown_value
    batch.save()
    result.batch = batch


def _failed_batch(kind, result: ImportResult, table, user):
    from .models import ImportBatch

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
