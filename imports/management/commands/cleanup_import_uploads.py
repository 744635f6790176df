"""cleanup_import_uploads: remove admin upload folders older than ATLAS_IMPORT_UPLOAD_MAX_AGE.

Uploads a clerk neither confirmed nor discarded (a closed tab) keep a file, its preview and its error
list; every upload already sweeps old folders, and this command does it on a schedule (e.g. hourly cron).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from imports.admin import jobs


class Command(BaseCommand):
    help = "Remove import upload folders older than ATLAS_IMPORT_UPLOAD_MAX_AGE seconds."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=None, help="seconds (default: the setting)")

    def handle(self, *args, max_age, **options):
        age = settings.ATLAS_IMPORT_UPLOAD_MAX_AGE if max_age is None else max_age
        removed = jobs.cleanup_uploads(age)
        self.stdout.write(f"removed {removed} upload folder(s) older than {age} s from {jobs.tmp_root()}")
