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

from ..models import ImportBatch, ImportChange
from .engine import _field_name, _history_row, concrete_attnames, m2m_through


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
    for model_label, pks in by_model.items():
        later = (
            ImportChange.objects.filter(model=model_label, object_pk__in=pks, batch_id__gt=batch.pk)
            .exclude(batch__status__in=[ImportBatch.Status.FAILED, ImportBatch.Status.ROLLED_BACK])
            .exclude(batch__status=ImportBatch.Status.ROLLBACK)
            .values_list("object_pk", "batch_id")
        )
        for object_pk, batch_id in later:
            found.append(f"{model_label} {object_pk}: changed again by import batch #{batch_id}")
        model = apps.get_model(model_label)
        history = getattr(model, "history", None)
        if history is not None and batch.finished:
            edits = (
                history.model.objects.filter(id__in=[int(pk) for pk in pks], history_date__gt=batch.finished)
                .exclude(history_change_reason__startswith="import batch ")
                .exclude(history_change_reason__startswith="rollback of import batch ")
                .values_list("id", "history_date", "history_user_id")
            )
            for object_pk, when, user_id in edits:
                who = f" by user {user_id}" if user_id else ""
                found.append(f"{model_label} {object_pk}: edited{who} on {when:%Y-%m-%d %H:%M}")
    return sorted(set(found))


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
        changes = batch.changes.order_by("-pk").values_list("model", "object_pk", "action", "before")
        restored = deleted = 0
        for (model_label, action), group in groupby(changes, key=lambda c: (c[0], c[2])):
            model = apps.get_model(model_label)
            rows = list(group)
            if action == ImportChange.Action.CREATED:
                deleted += _delete(model, [int(r[1]) for r in rows])
            else:
                restored += _restore(model, {int(r[1]): r[3] or {} for r in rows}, reason, user_id, now)
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


def _delete(model, pks: list[int]) -> int:
    total = 0
    for start in range(0, len(pks), 2000):
        total += (
            model._default_manager.filter(pk__in=pks[start : start + 2000])
            .delete()[1]
            .get(model._meta.label, 0)
        )
    return total


def _restore(model, befores: dict[int, dict], reason: str, user_id, now) -> int:
    attnames = set(concrete_attnames(model))
    manager = model._default_manager
    history = getattr(model, "history", None)
    count = 0
    items = list(befores.items())
    for start in range(0, len(items), 2000):
        chunk = dict(items[start : start + 2000])
        current = {row["id"]: row for row in manager.filter(pk__in=list(chunk)).values(*attnames)}
        objs, fields, m2m = [], set(), defaultdict(dict)
        for pk, before in chunk.items():
            if pk not in current:
                continue  # deleted since; nothing to restore
            scalars = {k: v for k, v in before.items() if k in attnames}
            fields.update(scalars)
            objs.append(model(**{**current[pk], **scalars}))
            for name, targets in before.items():
                if name not in attnames:
                    m2m[name][pk] = set(targets)
            count += 1
        if fields:
            manager.bulk_create(
                objs,
                update_conflicts=True,
                unique_fields=["pk"],
                update_fields=[_field_name(model, n) for n in sorted(fields)],
            )
        for name, wanted in m2m.items():
            through, source, target = m2m_through(model, name)
            existing = defaultdict(dict)
            for through_id, src, tgt in through.objects.filter(**{f"{source}__in": list(wanted)}).values_list(
                "id", source, target
            ):
                existing[src][tgt] = through_id
            remove = [
                tid for pk, pairs in existing.items() for tgt, tid in pairs.items() if tgt not in wanted[pk]
            ]
            add = [
                through(**{source: pk, target: t})
                for pk, ts in wanted.items()
                for t in ts
                if t not in existing[pk]
            ]
            through.objects.filter(pk__in=remove).delete()
            through.objects.bulk_create(add, ignore_conflicts=True)
        if history is not None and objs:
            fresh = manager.filter(pk__in=[o.pk for o in objs])
            history.model.objects.bulk_create(
                [_history_row(history.model, obj, "~", reason, user_id, now) for obj in fresh]
            )
    return count
