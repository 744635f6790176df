"""Long admin jobs (confirmed imports, rollbacks) in background threads, reporting through status files.

Why threads and files: see the docstring of ``imports``. A job writes ``status.json`` in its own private
folder under ``ATLAS_IMPORT_TMP_DIR`` (atomically, so a page never reads half a file); the progress pages
read it. ``ATLAS_IMPORT_IN_BACKGROUND = False`` runs jobs inline (the tests use it; the thread path has
tests of its own).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404

logger = logging.getLogger(__name__)

ERRORS_SHOWN = 500
# The jobs' threads, so tests (and a curious shell) can wait for them.
THREADS: list[threading.Thread] = []


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


def run_in_background(target, kwargs: dict, *, name: str) -> None:
    if not getattr(settings, "ATLAS_IMPORT_IN_BACKGROUND", True):
        target(**kwargs, own_connection=False)
        return
    thread = threading.Thread(target=target, kwargs=kwargs, daemon=True, name=name)
    THREADS.append(thread)
    thread.start()


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
    own_connection: bool = True,
) -> None:
    """Run the real import and report through the status file. In a thread it owns its DB connection."""
    from zones.importing.engine import run_import

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
    finally:
        # The status file stays for the progress page; the uploaded copy is no longer needed.
        Path(path).unlink(missing_ok=True)
        if own_connection:
            connection.close()


# ------------------------------------------------------------------ rollback in the background
ROLLBACK_SESSION_KEY = "atlas_rollbacks"


def run_rollback(*, batch_id: int, user_id: int, force: bool, status_file: Path, own_connection=True) -> None:
    from zones.importing.rollback import RollbackConflict, rollback_batch
    from zones.models import ImportBatch

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
    finally:
        if own_connection:
            connection.close()


def start_rollback(request, batch, *, force: bool) -> str:
    """Start rolling back `batch` (a thread, like a confirmed import); the token names its status."""
    token = secrets.token_urlsafe(16)
    folder = tmp_root() / f"rollback-{token}"
    folder.mkdir(parents=True, mode=0o700)
    rollbacks = request.session.get(ROLLBACK_SESSION_KEY, {})
    rollbacks[token] = str(folder)
    request.session[ROLLBACK_SESSION_KEY] = rollbacks
    kwargs = {
        "batch_id": batch.pk,
        "user_id": request.user.pk,
        "force": force,
        "status_file": folder / "status.json",
    }
    write_status(kwargs["status_file"], state="starting")
    run_in_background(run_rollback, kwargs, name="atlas-rollback")
    return token


def rollback_status(request, token: str) -> dict:
    folder = request.session.get(ROLLBACK_SESSION_KEY, {}).get(token)
    status = read_status(Path(folder) / "status.json") if folder else None
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
