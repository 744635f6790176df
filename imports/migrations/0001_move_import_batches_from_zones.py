"""ImportBatch and ImportChange move from the zones app to this one: the tables stay as they are
(``zones_importbatch``, ``zones_importchange``), only Django's state and the content types move, so
permissions (``imports.add_importbatch`` …) keep their rows and every group keeps its grants."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("importbatch", "importchange")


def relabel_content_types(from_label, to_label):
    def relabel(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(
            schema_editor.connection.alias
        )
        for model in MODELS:
            old = content_types.filter(app_label=from_label, model=model).first()
            if old is None:
                continue  # a fresh database: post_migrate creates the content types later
            # A row under the new label exists only if post_migrate made it while both apps' states
            # held the model (e.g. migrating back and forth); its permissions are fresh duplicates.
            content_types.filter(app_label=to_label, model=model).delete()
            old.app_label = to_label
            old.save(update_fields=["app_label"])

    return relabel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("zones", "0003_place_sources"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=20)),
                        ("file_name", models.CharField(max_length=255)),
                        ("file_sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                        ("file_size", models.PositiveBigIntegerField(default=0)),
                        ("started", models.DateTimeField(auto_now_add=True)),
                        ("finished", models.DateTimeField(blank=True, null=True)),
                        ("status", models.CharField(choices=[("running", "Running"), ("imported", "Imported"), ("failed", "Failed (nothing written)"), ("rolled-back", "Rolled back"), ("rollback", "Rollback of another batch")], default="running", max_length=12)),
                        ("rows_total", models.PositiveIntegerField(default=0)),
                        ("rows_done", models.PositiveIntegerField(default=0)),
                        ("created_count", models.PositiveIntegerField(default=0, verbose_name="new")),
                        ("updated_count", models.PositiveIntegerField(default=0, verbose_name="updated")),
                        ("unchanged_count", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                        ("error_count", models.PositiveIntegerField(default=0, verbose_name="errors")),
                        ("errors", models.JSONField(blank=True, default=list)),
                        ("rollback_of", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="rollbacks", to="imports.importbatch")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "zones_importbatch",
                        "verbose_name_plural": "import batches",
                        "ordering": ["-started"],
                    },
                ),
                migrations.CreateModel(
                    name="ImportChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("model", models.CharField(max_length=60)),
                        ("object_pk", models.CharField(max_length=40)),
                        ("action", models.CharField(choices=[("created", "Created"), ("updated", "Updated")], max_length=8)),
                        ("before", models.JSONField(blank=True, null=True)),
                        ("batch", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="changes", to="imports.importbatch")),
                    ],
                    options={
                        "db_table": "zones_importchange",
                        "indexes": [models.Index(fields=["model", "object_pk"], name="zones_impor_model_d6cfcd_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types("zones", "imports"), relabel_content_types("imports", "zones")),
    ]
