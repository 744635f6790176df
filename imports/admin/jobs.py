"""Long admin jobs (confirmed imports, rollbacks): run as Django tasks (tasks.py), reporting through
status files.

A job writes ``status.json`` in its own private folder under ``ATLAS_IMPORT_TMP_DIR`` (atomically, so a
page never reads half a file) and the task's id beside it (``task.json``); the progress pages read both
through ``job_status``: the task's state from the database, the progress and the outcome from the file.
A task the database calls running whose status file has not moved for ``ATLAS_JOB_STALE_SECONDS`` (its
worker died: a restart, a kill), or that failed with an exception, is *interrupted*: the pipeline commits
only at its end, so nothing was written, and the job can be started again from its page.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404

logger = logging.getLogger(__name__)

ERRORS_SHOWN = 500
UNFINISHED = ("starting", "queued", "running")


def tmp_root() -> Path:
    return Path(settings.ATLAS_IMPORT_TMP_DIR or Path(tempfile.gettempdir()) / "zone-atlas-imports")


def write_status(path: Path, **status) -> None:
    """Atomic replace, so the progress page never reads half a file."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, default=str))
    os.replace(tmp, path)


def read_status(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def enqueue(task, status_file: Path, **kwargs) -> None:
    """Queue `task` for the worker; the job's folder remembers the task's id (see job_status)."""
    write_status(status_file, state="queued")
    result = task.enqueue(status_file=str(status_file), **kwargs)
    (status_file.parent / "task.json").write_text(json.dumps({"id": result.id, "kwargs": kwargs}))


def job_status(status_file: Path) -> dict | None:
    """The job's status file, corrected by its task's state in the database: a job whose task failed
    with an exception, or that is running with a status file older than ATLAS_JOB_STALE_SECONDS, is
    "interrupted" (its worker died)."""
    from django_tasks import TaskResultStatus, default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    status = read_status(status_file)
    task = _task_record(status_file)
    if status is None or task is None or status.get("state") not in UNFINISHED:
        return status
    try:
        result = default_task_backend.get_result(task["id"])
    except TaskResultDoesNotExist:
        return {**status, "state": "interrupted", "message": "the job's task record is gone"}
    age = time.time() - status_file.stat().st_mtime
    if result.status == TaskResultStatus.FAILED or (
        result.status == TaskResultStatus.RUNNING and age > settings.ATLAS_JOB_STALE_SECONDS
    ):
        return {**status, "state": "interrupted"}
    return status


def _task_record(status_file: Path) -> dict | None:
    try:
        return json.loads((status_file.parent / "task.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def retry(task, status_file: Path) -> None:
    """Start an interrupted job again with the arguments it had."""
    record = _task_record(status_file)
    if record is None:
        raise Http404("This job cannot be started again.")
    enqueue(task, status_file, **record["kwargs"])


# ------------------------------------------------------------------ the background run
def run_confirmed_import(
    *,
    kind: str,
    path: str,
    file_name: str,
    user_id: int,
    status_file: Path,
    sheet: str | None = None,
    mapping: dict | None = None,
) -> None:
    """Run the real import and report through the status file."""
    from imports.engine import run_import

    started = time.monotonic()
    last_write = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_write
        now = time.monotonic()
        if now - last_write >= 0.5 or done >= total:
            last_write = now
            write_status(status_file, state="running", rows_done=done, rows_total=total)

    try:
        user = get_user_model().objects.get(pk=user_id)
        result = run_import(
            kind, path, file_name=file_name, user=user, progress=progress, sheet=sheet, mapping=mapping
        )
        batch = result.batch
        write_status(
            status_file,
            state="done" if result.ok else "failed",
            batch_id=getattr(batch, "pk", None),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            rows_done=result.rows,
            rows_total=result.rows,
            error_count=len(result.errors),
            errors=[str(e) for e in result.errors[:ERRORS_SHOWN]],
            seconds=round(time.monotonic() - started, 1),
        )
    except Exception as exc:  # the page must say what happened; the log keeps the traceback
        logger.exception("import of %s failed", file_name)
        write_status(status_file, state="crashed", message=f"{type(exc).__name__}: {exc}")
    # The status file stays for the progress page; the uploaded copy is no longer needed. (A worker that
    # dies mid-run leaves it, so that the interrupted job can be started again.)
    Path(path).unlink(missing_ok=True)


# ------------------------------------------------------------------ rollback in the background
ROLLBACK_SESSION_KEY = "atlas_rollbacks"


def run_rollback(*, batch_id: int, user_id: int, force: bool, status_file: Path) -> None:
    from imports.models import ImportBatch
    from imports.rollback import RollbackConflict, rollback_batch

    try:
        batch = ImportBatch.objects.get(pk=batch_id)
        user = get_user_model().objects.get(pk=user_id)
        write_status(status_file, state="running")
        undo = rollback_batch(batch, user=user, force=force)
        write_status(status_file, state="done", batch_id=undo.pk)
    except RollbackConflict as exc:
        write_status(status_file, state="conflict", rows=exc.rows)
    except Exception as exc:  # the page must say what happened; the log keeps the traceback
        logger.exception("rollback of batch %s failed", batch_id)
        write_status(status_file, state="crashed", message=f"{type(exc).__name__}: {exc}")


def start_rollback(request, batch, *, force: bool) -> str:
    """Start rolling back `batch` (a task, like a confirmed import); the token names its status."""
    from .tasks import rollback

    token = secrets.token_urlsafe(16)
    folder = tmp_root() / f"rollback-{token}"
    folder.mkdir(parents=True, mode=0o700)
    rollbacks = request.session.get(ROLLBACK_SESSION_KEY, {})
    rollbacks[token] = str(folder)
    request.session[ROLLBACK_SESSION_KEY] = rollbacks
    enqueue(rollback, folder / "status.json", batch_id=batch.pk, user_id=request.user.pk, force=force)
    return token


def rollback_status(request, token: str) -> dict:
    folder = request.session.get(ROLLBACK_SESSION_KEY, {}).get(token)
    status = job_status(Path(folder) / "status.json") if folder else None
    if status is None:
        raise Http404("This rollback is not known to this session.")
    return status


def cleanup_uploads(max_age_seconds: int) -> int:
    """Remove upload and job folders older than `max_age_seconds` (uploads never confirmed nor
    discarded, finished jobs' status files). Returns how many."""
    removed = 0
    root = tmp_root()
    if not root.exists():
        return 0
    cutoff = time.time() - max_age_seconds
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
