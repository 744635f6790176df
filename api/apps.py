from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """Open data: the read-only JSON API and the list downloads. It reads all three subject apps and
    nothing imports it, so it sits above them in the dependency order."""

    name = "api"
    verbose_name = _("Open data")

    def ready(self):
        from .schema import declare_filter_types

        declare_filter_types()
