"""Fill the pinyin search keys of existing rows, and (PostgreSQL only) index the search's substring matches.

PostgreSQL: pg_trgm GIN indexes serve substring matches of three characters or more (Chinese names,
UPPER(English name) as Django's icontains writes it, pinyin); ``za_bigrams`` (every two-character
substring of a text) with a GIN index serves two-character Chinese terms such as 苏州, which pg_trgm
cannot use its index for. SQLite has none of this and scans, which is fine at its sizes.
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

# (table, Chinese column, English column, has pinyin keys). Only the enterprises are many enough for the
# two-character index to pay (search.matching uses it there only); the other tables are scanned quickly.
TABLES = [
    ("zones_zone", "name_zh", "name_en", True),
    ("zones_industry", "name_zh", "name_en", True),
    ("enterprises_enterprise", "name_zh", "name_en", True),
    ("policies_policydocument", "title_zh", "title_en", False),
]
BIGRAM_TABLES = {"enterprises_enterprise"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(FUNCTION)
    for table, zh, en, pinyin in TABLES:
        if table in BIGRAM_TABLES:
            schema_editor.execute(f"CREATE INDEX {table}_zh_bigram ON {table} USING gin (za_bigrams({zh}))")
        schema_editor.execute(f"CREATE INDEX {table}_zh_trgm ON {table} USING gin ({zh} gin_trgm_ops)")
        schema_editor.execute(
            f"CREATE INDEX {table}_en_trgm ON {table} USING gin (UPPER({en}::text) gin_trgm_ops)"
        )
        if pinyin:
            schema_editor.execute(f"CREATE INDEX {table}_py_trgm ON {table} USING gin (name_pinyin gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _zh, _en, pinyin in TABLES:
        for suffix in ("zh_bigram", "zh_trgm", "en_trgm", *(("py_trgm",) if pinyin else ())):
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{suffix}")
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
