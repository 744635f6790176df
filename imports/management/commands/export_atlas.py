"""export_atlas KIND FILE: the canonical columns of a kind, as .csv, .xlsx or .json (from the extension)."""

from django.core.management.base import BaseCommand, CommandError

from imports import registry
from imports.exporting import write_export


class Command(BaseCommand):
    help = "Export every row of a kind in its import format; importing the file again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=registry.kinds())
        parser.add_argument("file", help="path ending in .csv, .xlsx or .json")

    def handle(self, *args, kind, file, **options):
        try:
            count = write_export(kind, file)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{kind}: {count:,} rows written to {file}")
