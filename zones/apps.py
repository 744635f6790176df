from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Zones, places and industries")

    def ready(self):
        from .roles import setup_roles_after_migrate

        # A fresh `migrate` creates the editor groups (permissions exist only after post_migrate).
        post_migrate.connect(setup_roles_after_migrate, dispatch_uid="zones.setup_roles")

        from .importing.specs import register_all

        register_all()  # the import kinds of this app; enterprises and policies register their own
