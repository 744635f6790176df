"""python manage.py match_zones IN.csv OUT.csv: the zone each address names (zones.address_matching)."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zones.address_matching import matcher_from_database

ADDED = ["zone_code", "zone_name", "method", "matched_text"]


class Command(BaseCommand):
    help = (
        "Read IN.csv (an `address` column, optional `province` and `city`) and write OUT.csv: every row "
        "with zone_code, zone_name, method and matched_text added (blank when the address names no zone "
        "or could name several)."
    )

    def add_arguments(self, parser):
        parser.add_argument("infile", type=Path)
        parser.add_argument("outfile", type=Path)

    def handle(self, *args, infile, outfile, **options):
        try:
            with infile.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                fields = list(reader.fieldnames or [])
                rows = list(reader)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"cannot read {infile}: {exc}") from exc
        if "address" not in fields:
            raise CommandError(f"{infile} has no `address` column (columns: {', '.join(fields) or 'none'})")
        matcher = matcher_from_database()
        found = 0
        with outfile.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields + [f for f in ADDED if f not in fields])
            writer.writeheader()
            for row in rows:
                address, province = row.get("address") or "", row.get("province") or ""
                match = matcher.match(address, province, row.get("city") or "")
                row.update(dict.fromkeys(ADDED, ""))
                if match:
                    found += 1
                    row.update(
                        zone_code=match.zone_code,
                        zone_name=match.zone_name,
                        method=match.method,
                        matched_text=match.matched_text,
                    )
                writer.writerow(row)
        self.stdout.write(f"{len(rows)} addresses, {found} name a zone; written to {outfile}")
