"""Load the bundled data files in data/ through the import pipeline, in dependency order."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imports import registry
from imports.engine import run_import


class Command(BaseCommand):
    help = "Load data/<kind>.csv for every kind (sources … policies) through run_import. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(Path(settings.BASE_DIR) / "data"))
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, data_dir, dry_run, **options):
        folder = Path(data_dir)
        failed = False
        for kind in registry.ORDER:
            path = folder / f"{kind}.csv"
            if not path.exists():
                self.stdout.write(f"{kind}: no {path.name}, skipped")
                continue
            result = run_import(kind, path, dry_run=dry_run)
            if result.ok and result.batch is not None and not (result.created or result.updated):
                # Reloading unchanged files leaves nothing behind, not even an empty batch: load_atlas
                # is idempotent for the audit trail as well as for the data.
                result.batch.delete()
            self.stdout.write(result.summary())
            for error in result.errors[:50]:
                self.stderr.write(f"  {error}")
            if len(result.errors) > 50:
                self.stderr.write(f"  … and {len(result.errors) - 50} more errors")
            failed = failed or not result.ok
        if failed:
            raise CommandError("some bundled files were not loaded (errors above)")
