from django.db import migrations

from atlas.change_tracking import track_changes, untrack_changes

# What the public pages show: every table of the three subject apps except the import bookkeeping and
# the history tables (written in the same transaction as the rows they record). A model added later
# needs a migration like this one, or cached pages would not notice its edits (config.page_cache).
APPS = ("zones", "enterprises", "policies")
SKIP = {"ImportBatch", "ImportChange", "DataVersion"}
NAME = "public"  # atlas.data_versions.PUBLIC
PREFIX = "atlas_pub"  # trigger names; the enterprise facet triggers keep theirs


def _tables(apps):
    tables = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model.__name__ in SKIP or model.__name__.startswith("Historical"):
                continue
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def forward(apps, schema_editor):
    DataVersion = apps.get_model("zones", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).get_or_create(
        name=NAME, defaults={"token": "initial"}
    )
    track_changes(schema_editor, NAME, dict.fromkeys(_tables(apps)), prefix=PREFIX)


def backward(apps, schema_editor):
    untrack_changes(schema_editor, _tables(apps), prefix=PREFIX)


class Migration(migrations.Migration):
    """Record every write to the public data, for the whole-page cache's data version."""

    dependencies = [
        ("policies", "0003_verbose_names"),
        # Last of every public app's migrations: SQLite drops a table's triggers when a migration rebuilds
        # it, so tracking starts after the last rebuild (a later rebuild must track the table again).
        ("enterprises", "0008_verbose_names"),
        ("zones", "0009_data_change_log"),
    ]
    operations = [migrations.RunPython(forward, backward)]
