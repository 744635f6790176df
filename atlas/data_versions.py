"""Has a tracked table changed since a moment? Asked by in-memory copies (the facet index) and caches.

PostgreSQL: the change-tracking triggers (``atlas.change_tracking``) *insert* a row per writing statement
into ``atlas_data_change`` -- the table's name and the writing transaction's id -- and never update a
shared row, so two writers never wait on each other through the tracking (a single "version" row,
updated by every writer and locked until commit, deadlocked transactions that touched enterprises in
different orders, and made an admin save wait for, or abort, a running import).

A reader takes a *stamp* before reading the data: the database snapshot (which transactions had
committed) and the newest change id it can see. The table has changed since the stamp when a change
row exists that the stamp's snapshot could not see (committed later, whatever its id: ids are handed out
at insert, not commit, so "max id" alone would miss a transaction that commits out of order), or that
its own transaction wrote after the stamp. No lock is taken; the question is one index lookup.

SQLite (one writer at a time, nothing to deadlock) keeps the token row of ``zones.DataVersion``.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections

# Created by the trigger function's SQL (change_tracking.PG_FUNCTION) and by migration 0004.
CHANGE_TABLE = "atlas_data_change"
# Every write to the public data (policies migration 0002), for whole-page caching.
PUBLIC = "public"


def stamp(name: str, using: str = "default"):
    """What ``changed_since`` compares against; None when changes of ``name`` cannot be tracked here."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_current_snapshot()::text, COALESCE(max(id), 0) "
                f"FROM {CHANGE_TABLE} WHERE name = %s",
                [name],
            )
            return tuple(cursor.fetchone())
    # By app label: the shared package imports no subject app (the token model lives in zones).
    DataVersion = apps.get_model("zones", "DataVersion")
    token = DataVersion.objects.using(using).filter(name=name).values_list("token", flat=True).first()
    return ("token", token) if token is not None else None


def changed_since(name: str, held, using: str = "default") -> bool:
    """True when ``name``'s data may differ from what a reader that took stamp ``held`` saw."""
    if held is None:
        return True
    connection = connections[using]
    if connection.vendor == "postgresql":
        snapshot, last_id = held
        with connection.cursor() as cursor:
            cursor.execute(
                # The reader's own transaction counts as in progress in its snapshot; its changes are
                # caught by id instead (those before the stamp are in the copy, those after are not).
                f"SELECT EXISTS (SELECT 1 FROM {CHANGE_TABLE} WHERE name = %s AND ("
                "(xid >= pg_snapshot_xmin(%s::pg_snapshot)"
                " AND NOT pg_visible_in_snapshot(xid, %s::pg_snapshot)"
                " AND xid IS DISTINCT FROM pg_current_xact_id_if_assigned()) OR id > %s))",
                [name, snapshot, snapshot, last_id],
            )
            return cursor.fetchone()[0]
    return stamp(name, using) != held


def database_version(using: str = "default") -> str | None:
    """A key that changes whenever a write to the public data commits, for caches that must be exactly as
    fresh as the data (config.page_cache); None where no change is recorded.

    Every table of the public apps is tracked under the name ``PUBLIC`` (policies migration 0002). On
    PostgreSQL the key is the number of change rows this statement can see: rows are only ever added
    (until a compaction that is not built yet), so the visible set only grows and its size names it --
    unlike the highest id, which a transaction that commits out of order would leave unchanged. On SQLite
    it is the ``DataVersion`` token. (PostgreSQL's own snapshot would do without triggers, but it moves with
    every write in every database of the cluster -- sessions, login records, other applications.)
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {CHANGE_TABLE} WHERE name = %s", [PUBLIC])
            return str(cursor.fetchone()[0])
    held = stamp(PUBLIC, using)
    return held[1] if held else None
