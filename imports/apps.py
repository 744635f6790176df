from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """The one import pipeline (admin, command line, bundled loader), its batches and their rollback.

    Shared machinery: subject apps register their import kinds here from their own ``ready()``
    (``imports.registry``); this app imports none of them."""

    name = "imports"
    verbose_name = _("Imports")
