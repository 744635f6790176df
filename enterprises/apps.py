from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"

    def ready(self):
        from .resources import register

        register()  # the import kind of this app (zones never imports this app)
