from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policy documents and measures")

    def ready(self):
        from .importing import register

        register()  # the import kind of this app (zones never imports this app)
