"""The admin's long jobs as Django tasks (the django-tasks backport; the database backend runs them in
`manage.py db_worker`, which `make run` starts beside the web server).

A confirmed import and a rollback can take longer than a request should: the page enqueues a task and
shows a progress page. The task's state (queued, running, finished, failed) is in the database
(django_tasks_db's DBTaskResult); the row count it has reached goes to the job's status file
(jobs.write_status), because the pipeline writes in one transaction that other connections cannot see
into. Arguments are JSON (paths as text). See jobs.job_status for how an interrupted task is recognised.
"""

from pathlib import Path

from django_tasks import task

from . import jobs


@task()
def confirmed_import(
    *,
    kind: str,
    path: str,
    file_name: str,
    user_id: int,
    status_file: str,
    sheet: str | None = None,
    mapping: dict | None = None,
) -> dict:
    """Run a confirmed upload through the pipeline; the status file says how it went."""
    jobs.run_confirmed_import(
        kind=kind,
        path=path,
        file_name=file_name,
        user_id=user_id,
        status_file=Path(status_file),
        sheet=sheet,
        mapping=mapping,
    )
    return jobs.read_status(Path(status_file)) or {}


@task()
def rollback(*, batch_id: int, user_id: int, force: bool, status_file: str) -> dict:
    """Roll an import batch back; the status file says how it went (or which rows conflict)."""
    jobs.run_rollback(batch_id=batch_id, user_id=user_id, force=force, status_file=Path(status_file))
    return jobs.read_status(Path(status_file)) or {}
