from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app, so its system checks (config.checks) are registered."""

    name = "config"
    label = "site_config"
    verbose_name = "Zone Atlas site"

    def ready(self):
        from . import checks  # noqa: F401 -- registers the checks
