"""The change-tracking triggers (atlas.change_tracking) as their migration installs and removes them:
backward leaves no trigger and writes no longer move the data version; forward again restores both."""

import types

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from atlas.change_tracking import track_changes, untrack_changes
from atlas.data_versions import changed_since, stamp
from enterprises.models import Enterprise
from tests.factories import EnterpriseFactory

TRACKING = ("enterprises", "0004_track_changes")
BEFORE_TRACKING = ("enterprises", "0003_zone_province_name_indexes")
TABLES = ("enterprises_enterprise", "enterprises_enterprise_industries")


def triggers() -> set[str]:
    """Names of the atlas triggers on the tracked tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY(%s)",
                [list(TABLES)],
            )
        else:
            placeholders = ", ".join(["%s"] * len(TABLES))
            cursor.execute(
                f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({placeholders})",
                list(TABLES),
            )
        return {name for (name,) in cursor.fetchall() if name.startswith("atlas_version_")}


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_the_tracking_migration_goes_back_and_forth():
    name = Enterprise._meta.label_lower
    assert triggers(), "the tracking migration installed no trigger"
    installed = triggers()
    EnterpriseFactory()
    try:
        migrate([BEFORE_TRACKING])
        assert triggers() == set()
        held = stamp(name, "default")
        # Raw SQL: the model of today has columns that later migrations add.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE enterprises_enterprise SET high_tech = NOT high_tech")
        assert not changed_since(name, held, "default")  # no trigger, no change recorded
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert triggers() == installed
    held = stamp(name, "default")
    EnterpriseFactory()
    assert changed_since(name, held, "default")


def test_other_databases_get_no_triggers():
    """A database that is neither PostgreSQL nor SQLite gets no triggers; readers then never trust a
    stored copy (see atlas.facet_index)."""
    statements = []
    editor = types.SimpleNamespace(
        connection=types.SimpleNamespace(vendor="oracle"), execute=statements.append
    )
    track_changes(editor, "enterprises.enterprise", {"enterprises_enterprise": ["zone_id"]})
    untrack_changes(editor, ["enterprises_enterprise"])
    assert statements == []
