from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Zones, places and industries")

    def ready(self):
        from .importing.specs import register_all

        register_all()  # the import kinds of this app; enterprises and policies register their own
