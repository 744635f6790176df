"""import_atlas KIND FILE: import one file through the pipeline, all-or-nothing, every error listed."""

import csv
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from imports import registry
from imports.columns import neutralise
from imports.engine import run_import


class ProgressBar:
    """A one-line bar on a terminal (stderr); silent when output is redirected."""

    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width
        self.started = time.monotonic()
        self.enabled = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        share = min(done / total, 1.0) if total else 1.0
        filled = int(share * self.width)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{total:,} rows {rate:,.0f}/s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


ERRORS_PRINTED = 100  # the rest go to --errors-csv: a hostile file must not print millions of lines


class Command(BaseCommand):
    help = (
        "Import a CSV (UTF-8, UTF-8-BOM or GB18030), XLSX or JSON file of one kind. Nothing is written "
        "unless every row is valid. Exit status 0 only when everything imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=registry.kinds())
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
        parser.add_argument("--encoding", help="the CSV's encoding (default: detected)")
        parser.add_argument(
            "--sheet",
            help="the XLSX sheet (default: the only sheet, else the only one with this kind's header)",
        )
        parser.add_argument("--errors-csv", metavar="PATH", help="also write the errors to this CSV file")

    def handle(self, *args, kind, file, dry_run, encoding, sheet, errors_csv, **options):
        bar = ProgressBar(sys.stderr)
        started = time.monotonic()
        try:
            result = run_import(kind, file, dry_run=dry_run, encoding=encoding, sheet=sheet, progress=bar)
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        finally:
            bar.close()
        seconds = time.monotonic() - started
        prefix = "dry run, nothing written — " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result.file_name}: {result.created} new, {result.updated} updated, "
            f"{result.unchanged} unchanged, {len(result.errors)} errors "
            f"({result.rows:,} rows, {seconds:.1f} s)"
        )
        if result.batch is not None:
            self.stdout.write(f"import batch #{result.batch.pk} ({result.batch.get_status_display()})")
        for warning in result.warnings:
            self.stderr.write(f"note: {warning}")
        if errors_csv and result.errors:
            # BOM: Excel opens the Chinese text correctly; values from the file cannot run as formulas.
            with open(errors_csv, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["file", "row", "column", "value", "message"])
                for error in result.errors:
                    value = "" if error.value is None else neutralise(str(error.value))
                    writer.writerow([error.file, error.row, error.column, value, error.message])
        if result.errors:
            for error in result.errors[:ERRORS_PRINTED]:
                self.stderr.write(str(error))
            if len(result.errors) > ERRORS_PRINTED:
                hidden = len(result.errors) - ERRORS_PRINTED
                where = f"in {errors_csv}" if errors_csv else "with --errors-csv PATH"
                self.stderr.write(f"… and {hidden:,} more errors (all of them {where})")
            raise CommandError(
                f"{len(result.errors)} error(s); nothing was imported"
                + (f" (errors in {errors_csv})" if errors_csv else "")
            )
