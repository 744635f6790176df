from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The one import pipeline (admin, command line, bundled loader), its batches and their rollback.

    Shared machinery: subject apps register their import kinds here from their own ``ready()``
    (``imports.registry``); this app imports none of them."""

    name = "imports"
    verbose_name = "Imports"
