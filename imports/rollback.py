"""rollback_batch: undo an import batch, and record the undo as a batch of its own.

Rows the batch created are deleted (newest first, so that e.g. sources created for an enterprise file go
after the enterprises); rows it updated get the values stored in their ImportChange back (M2M included).
A row changed again after the batch — by a later import batch or by an edit with a history record — is a
conflict: the rollback is refused with RollbackConflict naming the rows, unless force=True.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from . import writer
from .engine import concrete_attnames, m2m_through
from .models import ImportBatch, ImportChange


class RollbackConflict(Exception):
    """Rows of the batch were changed after it; `rows` lists them as 'model pk: why'."""

    def __init__(self, batch, rows: list[str]):
        self.batch = batch
        self.rows = rows
        shown = "; ".join(rows[:20]) + (f"; … and {len(rows) - 20} more" if len(rows) > 20 else "")
        super().__init__(
            f"batch #{batch.pk} cannot be rolled back safely: {len(rows)} row(s) changed after it ({shown}). "
            "Roll back with force to overwrite those later changes."
        )


def conflicts(batch) -> list[str]:
    """Rows of `batch` that a later batch or a later edit changed."""
    found = []
    by_model = defaultdict(list)
    for model_label, object_pk in batch.changes.values_list("model", "object_pk"):
        by_model[model_label].append(object_pk)
    for model_label, all_pks in by_model.items():
        for start in range(0, len(all_pks), 5000):
            found.extend(_conflicts_of(batch, model_label, all_pks[start : start + 5000]))
    return sorted(set(found))


def _conflicts_of(batch, model_label: str, pks: list[str]) -> list[str]:
    """Each conflicting row as a person reads it: the row's name, the later batch's file or the editor's
    user name, and the local time."""
    model = apps.get_model(model_label)
    later = (
        ImportChange.objects.filter(model=model_label, object_pk__in=pks, batch_id__gt=batch.pk)
        .exclude(
            batch__status__in=[
                ImportBatch.Status.FAILED,
                ImportBatch.Status.ROLLED_BACK,
                ImportBatch.Status.ROLLBACK,
            ]
        )
        .values_list("object_pk", "batch_id", "batch__file_name", "batch__started")
    )
    changes = [
        (object_pk, f"changed again by import batch #{batch_id} ({file_name}, {_local(when)})")
        for object_pk, batch_id, file_name, when in later
    ]
    history = getattr(model, "history", None)
    if history is not None and batch.finished:
        edits = (
            history.model.objects.filter(id__in=[int(pk) for pk in pks], history_date__gt=batch.finished)
            .exclude(history_change_reason__startswith="import batch ")
            .exclude(history_change_reason__startswith="rollback of import batch ")
            .values_list("id", "history_date", "history_user__username")
        )
        changes += [
            (str(object_pk), f"edited{f' by {username}' if username else ''} on {_local(when)}")
            for object_pk, when, username in edits
        ]
    names = _row_names(model, {object_pk for object_pk, _why in changes})
    label = model._meta.verbose_name
    return [f"{label} {names.get(str(pk), f'#{pk}')}: {why}" for pk, why in changes]


def _row_names(model, pks: set) -> dict[str, str]:
    """{pk: name} of rows that still exist (str() of the row, which never follows a relation)."""
    found = model._default_manager.in_bulk([int(pk) for pk in pks]) if pks else {}
    return {str(pk): str(obj) for pk, obj in found.items()}


def _local(when) -> str:
    """A time in the site's time zone, named (the stored times are UTC)."""
    return f"{timezone.localtime(when):%Y-%m-%d %H:%M} {timezone.get_current_timezone_name()}"


def rollback_batch(batch, *, user=None, force: bool = False):
    """Undo `batch`; returns the ImportBatch that records the rollback. See the module docstring."""
    if batch.status != ImportBatch.Status.IMPORTED:
        raise ValueError(
            f"batch #{batch.pk} is {batch.get_status_display().lower()}; only imported batches roll back"
        )
    found = conflicts(batch)
    if found and not force:
        raise RollbackConflict(batch, found)
    now = timezone.now()
    reason = f"rollback of import batch {batch.pk}"
    user_id = getattr(user, "pk", None)
    with transaction.atomic():
        record = ImportBatch.objects.create(
            kind=batch.kind,
            file_name=f"rollback of #{batch.pk} {batch.file_name}"[:255],
            file_sha256=batch.file_sha256,
            file_size=batch.file_size,
            user=user if user_id else None,
            status=ImportBatch.Status.ROLLBACK,
            rollback_of=batch,
        )
        restored = deleted = 0
        # Restore updated rows first: an updated row may point at a row the batch created (an existing
        # industry re-parented under a new one), and deleting the new row first would cascade to it.
        for action in (ImportChange.Action.UPDATED, ImportChange.Action.CREATED):
            changes = batch.changes.filter(action=action).order_by("-pk")
            for model_label, group in groupby(
                changes.values_list("model", "object_pk", "before"), key=lambda c: c[0]
            ):
                model = apps.get_model(model_label)
                rows = list(group)
                if action == ImportChange.Action.CREATED:
                    deleted += _delete(model, [int(r[1]) for r in rows], reason, user_id, now)
                else:
                    # A row may have two changes (values, then a parent set late); newest come first,
                    # so merging in order leaves the oldest "before" value of each field.
                    befores: dict[int, dict] = {}
                    for _model, pk, before in rows:
                        befores.setdefault(int(pk), {}).update(before or {})
                    restored += _restore(model, befores, reason, user_id, now)
        record.finished = timezone.now()
        record.rows_total = record.rows_done = restored + deleted
        record.updated_count = restored
        record.errors = [{"message": f"{deleted} created rows deleted, {restored} updated rows restored"}]
        if found:
            record.errors.append({"message": "forced over conflicts", "rows": found[:1000]})
        record.save()
        batch.status = ImportBatch.Status.ROLLED_BACK
        batch.save(update_fields=["status"])
    return record


def _own_throughs(model) -> set:
    return {f.remote_field.through for f in model._meta.local_many_to_many}


def _fast_deletable(model) -> bool:
    """True when nothing but the model's own M2M tables points at it (then no cascade can be missed)."""
    throughs = _own_throughs(model)
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.related_model not in throughs:
            return False
    return True


def _delete(model, pks: list[int], reason: str, user_id, now) -> int:
    """Delete created rows. Models nothing else refers to (enterprises) are deleted in bulk, with their
    history rows written in bulk; others go through Django's collector (cascades, SET_NULL, signals)."""
    manager = model._default_manager
    total = 0
    history = getattr(model, "history", None)
    fast = _fast_deletable(model)
    for start in range(0, len(pks), 2000):
        chunk = pks[start : start + 2000]
        if not fast:
            total += manager.filter(pk__in=chunk).delete()[1].get(model._meta.label, 0)
            continue
        if history is not None:
            writer.copy_rows_to_history(model, chunk, when=now, kind="-", reason=reason, user_id=user_id)
        for through in _own_throughs(model):
            column = next(f.attname for f in through._meta.concrete_fields if f.related_model is model)
            through.objects.filter(**{f"{column}__in": chunk}).delete()
        total += writer.delete_rows(model, chunk)
    return total


def _restore(model, befores: dict[int, dict], reason: str, user_id, now) -> int:
    """Put the stored previous values back, in chunks, through the import's bulk writer."""
    attnames = concrete_attnames(model)
    history = getattr(model, "history", None)
    count = 0
    items = list(befores.items())
    for start in range(0, len(items), 2000):
        chunk = dict(items[start : start + 2000])
        current = writer.fetch_rows(model, attnames, list(chunk))
        rows, fields, m2m = [], set(), defaultdict(dict)
        for pk, before in chunk.items():
            if pk not in current:
                continue  # deleted since; nothing to restore
            scalars = {k: _typed(model, k, v) for k, v in before.items() if k in current[pk]}
            fields.update(scalars)
            rows.append({**current[pk], **scalars})
            for name, targets in before.items():
                if name not in current[pk]:
                    m2m[name][pk] = set(targets)
            count += 1
        writer.update(model, rows, sorted(fields))
        for name, wanted in m2m.items():
            through, source, target = m2m_through(model, name)
            existing = defaultdict(dict)
            for through_id, src, tgt in writer.fetch_pairs(through, source, target, list(wanted)):
                existing[src][tgt] = through_id
            remove = [
                tid for pk, pairs in existing.items() for tgt, tid in pairs.items() if tgt not in wanted[pk]
            ]
            add = [(pk, t) for pk, ts in wanted.items() for t in ts if t not in existing[pk]]
            through.objects.filter(pk__in=remove).delete()
            writer.insert_plain(through, [source, target], add)
        if history is not None and rows:
            pks = [r["id"] for r in rows]
            writer.copy_rows_to_history(model, pks, when=now, kind="~", reason=reason, user_id=user_id)
    return count


def _typed(model, attname: str, value):
    """JSON gave back strings for dates and decimals: turn them into the field's Python type."""
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    return field.to_python(value) if value is not None else None
