"""ImportBatch and ImportChange now belong to the imports app (see its 0001): drop them from the zones
app's state only; the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("zones", "0003_place_sources"),
        ("imports", "0001_move_import_batches_from_zones"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportChange"),
                migrations.DeleteModel(name="ImportBatch"),
            ],
            database_operations=[],
        ),
    ]
