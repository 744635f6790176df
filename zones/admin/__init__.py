"""The Django admin of the zones app: ``places`` (sources, provinces, prefectures, industries) and
``zones`` (zones and statistics). Zone editors' scope, history and export mixins are shared
(``atlas/admin/``); import batches, upload and rollback are the imports app's (``imports/admin/``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import places, zones  # noqa: F401  (register the model admins)

admin.site.site_header = _("Zone Atlas administration")
admin.site.site_title = _("Zone Atlas admin")
admin.site.index_title = _("Edit the atlas")
admin.site.site_url = "/"
