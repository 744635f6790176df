"""Database triggers that record, in the writing transaction, that a tracked table changed.

Used from migrations (``track_changes`` / ``untrack_changes`` in a ``RunPython``), so that every write
path -- the ORM, ``bulk_create``, ``QuerySet.update``, the import pipeline's COPY, cascades, a DBA's
psql session -- moves the token in the same transaction as the data. Signals would miss most of those.

PostgreSQL: one statement-level trigger per table (a 100,000-row COPY records one change), limited to
UPDATEs of the columns the reader cares about; it inserts into a log, never updates a shared row
(atlas.data_versions). SQLite has only row-level triggers, which change a ``DataVersion`` token.
"""

from __future__ import annotations

# One row per writing statement, never an update of a shared row: see atlas.data_versions for why and for
# how readers use it. The table is created here too so that any migration that tracks a table has it.
PG_FUNCTION = """
CREATE TABLE IF NOT EXISTS atlas_data_change (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX IF NOT EXISTS atlas_data_change_name_xid ON atlas_data_change (name, xid);
CREATE OR REPLACE FUNCTION atlas_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO atlas_data_change (name) VALUES (TG_ARGV[0]);
    RETURN NULL;
END
$$;
"""

SQLITE_BUMP = (
    "INSERT INTO zones_dataversion (name, token) VALUES ('{name}', lower(hex(randomblob(16)))) "
    "ON CONFLICT (name) DO UPDATE SET token = excluded.token;"
)


def _trigger_name(table: str, event: str = "", prefix: str = "atlas_version") -> str:
    return f"{prefix}_{table}{'_' + event if event else ''}"


def track_changes(
    schema_editor, name: str, tables: dict[str, list[str] | None], prefix: str = "atlas_version"
) -> None:
    """Bump token ``name`` on any INSERT, DELETE (or TRUNCATE) of ``tables`` and on UPDATEs of the
    listed columns (``None``: any column). ``prefix`` names the triggers, so that several names can
    track one table."""
    vendor = schema_editor.connection.vendor
    for table, columns in tables.items():
        update = "UPDATE" + (f" OF {', '.join(columns)}" if columns else "")
        if vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION)
            trigger = _trigger_name(table, prefix=prefix)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {trigger} AFTER INSERT OR {update} OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_data_version('{name}')"
            )
            truncate = _trigger_name(table, "truncate", prefix)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {truncate} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {truncate} AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_data_version('{name}')"
            )
        elif vendor == "sqlite":
            for event in ("INSERT", update, "DELETE"):
                trigger = _trigger_name(table, event.split()[0].lower(), prefix)
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                schema_editor.execute(
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW "
                    f"BEGIN {SQLITE_BUMP.format(name=name)} END"
                )
        # Other databases get no triggers; readers then never trust a stored copy (see facet_index).


def untrack_changes(schema_editor, tables, prefix: str = "atlas_version") -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, prefix=prefix)} ON {table}")
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {_trigger_name(table, 'truncate', prefix)} ON {table}"
            )
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event, prefix)}")
