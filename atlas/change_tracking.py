"""Database triggers that change a ``DataVersion`` token whenever tracked tables change.

Used from migrations (``track_changes`` / ``untrack_changes`` in a ``RunPython``), so that every write
path -- the ORM, ``bulk_create``, ``QuerySet.update``, the import pipeline's COPY, cascades, a DBA's
psql session -- moves the token in the same transaction as the data. Signals would miss most of those.

PostgreSQL: one statement-level trigger per table (a 100,000-row COPY bumps the token once), limited to
UPDATEs of the columns the reader cares about. SQLite has only row-level triggers; its tables are small.
"""

from __future__ import annotations

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION atlas_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO zones_dataversion (name, token) VALUES (TG_ARGV[0], gen_random_uuid()::text)
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$;
"""

SQLITE_BUMP = (
    "INSERT INTO zones_dataversion (name, token) VALUES ('{name}', lower(hex(randomblob(16)))) "
    "ON CONFLICT (name) DO UPDATE SET token = excluded.token;"
)


def _trigger_name(table: str, event: str = "") -> str:
    return f"atlas_version_{table}{'_' + event if event else ''}"


def track_changes(schema_editor, name: str, tables: dict[str, list[str] | None]) -> None:
    """Bump token ``name`` on any INSERT, DELETE (or TRUNCATE) of ``tables`` and on UPDATEs of the
    listed columns (``None``: any column)."""
    vendor = schema_editor.connection.vendor
    for table, columns in tables.items():
        update = "UPDATE" + (f" OF {', '.join(columns)}" if columns else "")
        if vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION)
            trigger = _trigger_name(table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {trigger} AFTER INSERT OR {update} OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_data_version('{name}')"
            )
            truncate = _trigger_name(table, "truncate")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {truncate} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {truncate} AFTER TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_data_version('{name}')"
            )
        elif vendor == "sqlite":
            for event in ("INSERT", update, "DELETE"):
                trigger = _trigger_name(table, event.split()[0].lower())
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                schema_editor.execute(
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW "
                    f"BEGIN {SQLITE_BUMP.format(name=name)} END"
                )
        # Other databases get no triggers; readers then never trust a stored copy (see facet_index).


def untrack_changes(schema_editor, tables) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, 'truncate')} ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event)}")
