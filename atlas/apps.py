from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AtlasConfig(AppConfig):
    """Shared machinery of every subject app: faceting, the facet index, change tracking, naming, roles
    and admin mixins. It holds no models and imports no subject app."""

    name = "atlas"
    verbose_name = "Zone Atlas shared machinery"

    def ready(self):
        from .roles import setup_roles_after_migrate

        # A fresh `migrate` creates the editor groups (permissions exist only after post_migrate).
        post_migrate.connect(setup_roles_after_migrate, dispatch_uid="atlas.setup_roles")
