"""ImportBatch and ImportChange moved from the zones app to imports with their tables kept: the move's
migrations carry the content types (so permissions and group grants) both ways, and no row is lost."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from imports.models import ImportBatch


def migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def labels() -> set[tuple[str, str]]:
    return set(
        ContentType.objects.filter(model__in=["importbatch", "importchange"]).values_list(
            "app_label", "model"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_move_goes_back_and_forth_keeping_rows_permissions_and_grants():
    ImportBatch.objects.create(kind="zones", file_name="z.csv", file_sha256="ab" * 32)
    group = Group.objects.create(name="Importers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="imports", codename="add_importbatch")
    )
    assert labels() == {("imports", "importbatch"), ("imports", "importchange")}
    try:
        migrate([("imports", None)])  # back to before the move (zones' own 0004 goes first)
        assert labels() == {("zones", "importbatch"), ("zones", "importchange")}
        assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
            ("zones", "add_importbatch")
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM zones_importbatch")
            assert cursor.fetchone() == (1,)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert labels() == {("imports", "importbatch"), ("imports", "importchange")}
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("imports", "add_importbatch")
    ]
    assert ImportBatch.objects.get().file_name == "z.csv"
