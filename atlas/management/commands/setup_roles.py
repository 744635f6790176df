from django.core.management.base import BaseCommand

from atlas.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the 'Ministry editors' and 'Zone editors' groups (idempotent)."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
