from django.db import migrations, models


class Migration(migrations.Migration):
    """Index the zone panel's and the province-filtered list's order (bench/pages.py at 100,000 rows:
    zone page panel 53 ms → 0.1 ms, enterprises?province=jiangsu ids query 82 ms → 0.1 ms)."""

    dependencies = [
        ("enterprises", "0002_public_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["zone", "name_zh", "id"], name="enterprise_zone_name_id"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["province", "name_zh", "id"], name="enterprise_province_name_id"),
        ),
    ]
