"""Fill the pinyin search keys of existing rows, and (PostgreSQL only) index the search's substring matches.

PostgreSQL: ``za_bigrams`` (every two-character substring of a text) with a GIN index serves
two-character Chinese terms such as 苏州, for which pg_trgm cannot use its index; a pg_trgm index serves
pinyin substrings. SQLite has none of this and scans, which is fine at its sizes.
"""

from django.db import migrations

BATCH = 2000

# COST 1000: the function builds an array per row; without a high cost the planner would rather walk the
# name index and run it on every row than use the bigram index (43 ms instead of 0.3 ms at 7,000 rows).
FUNCTION = """
CREATE OR REPLACE FUNCTION za_bigrams(text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 1000 AS
$$ SELECT ARRAY(SELECT substr($1, i, 2) FROM generate_series(1, char_length($1) - 1) AS i) $$
"""

# Only the enterprises are many enough for indexes to pay (zones, industries and policies are scanned in
# a millisecond). Their name columns already have trigram indexes on UPPER(col) from
# enterprises/migrations/0002_public_list_indexes.py, which the search's case-blind matches use; added
# here: the two-character index on the Chinese name and a trigram index on the pinyin key.
INDEXES = {
    "enterprise_name_zh_bigram": "USING gin (za_bigrams(name_zh))",
    "enterprise_name_pinyin_trgm": "USING gin (name_pinyin gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(FUNCTION)
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON enterprises_enterprise {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS za_bigrams(text)")


def fill_keys(apps, schema_editor):
    from atlas.search_keys import search_keys

    for app, model_name in (("zones", "Zone"), ("zones", "Industry"), ("enterprises", "Enterprise")):
        model = apps.get_model(app, model_name)
        batch = []
        for row in model.objects.only("pk", "name_zh").order_by("pk").iterator(chunk_size=BATCH):
            row.name_pinyin, row.name_initials = search_keys(row.name_zh)
            batch.append(row)
            if len(batch) == BATCH:
                model.objects.bulk_update(batch, ["name_pinyin", "name_initials"])
                batch = []
        model.objects.bulk_update(batch, ["name_pinyin", "name_initials"])


class Migration(migrations.Migration):
    dependencies = [
        ("zones", "0007_search_keys"),
        ("enterprises", "0007_search_keys"),
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
