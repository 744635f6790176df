from django.db import migrations

from atlas.change_tracking import track_changes, untrack_changes

# The facet index (atlas.facet_index) copies these columns; other edits (names, descriptions) leave it valid.
TABLES = {
    "enterprises_enterprise": ["id", "province_id", "zone_id", "board", "high_tech", "listed"],
    "enterprises_enterprise_industries": None,
}


def forward(apps, schema_editor):
    DataVersion = apps.get_model("zones", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).get_or_create(
        name="enterprises.enterprise", defaults={"token": "initial"}
    )
    track_changes(schema_editor, "enterprises.enterprise", TABLES)


def backward(apps, schema_editor):
    untrack_changes(schema_editor, TABLES)


class Migration(migrations.Migration):
    """Database triggers that change the enterprises' data version with every write to the columns
    the facet index copies (see atlas/change_tracking.py)."""

    dependencies = [
        ("enterprises", "0003_zone_province_name_indexes"),
        ("zones", "0002_dataversion"),
    ]

    operations = [migrations.RunPython(forward, backward)]
