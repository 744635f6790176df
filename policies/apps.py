from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Policy documents and measures"

    def ready(self):
        from .resources import register

        register()  # the import kind of this app (zones never imports this app)
