from django.db import migrations

from atlas.change_tracking import PG_FUNCTION

# The trigger function as it was: one shared row per table, updated (and locked until commit) by every
# writing statement -- two writers touching enterprises in different orders deadlocked on it.
OLD_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION atlas_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO zones_dataversion (name, token) VALUES (TG_ARGV[0], gen_random_uuid()::text)
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END
$$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)  # the log table and the function that appends to it


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_PG_FUNCTION)
        schema_editor.execute("DROP TABLE IF EXISTS atlas_data_change")


class Migration(migrations.Migration):
    """Change tracking on PostgreSQL appends to a log instead of updating one hot row per table
    (atlas.data_versions)."""

    dependencies = [("zones", "0008_verbose_names")]
    operations = [migrations.RunPython(forward, backward)]
