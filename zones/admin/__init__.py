"""The Django admin of Zone Atlas: every model, zone editors' scope, history, import, export and rollback.

Modules: ``scoping`` (zone editors' limits), ``exporting`` (import-export's export with our resources),
``places`` and ``zones`` (model admins), ``batches`` (import batches and rollback), ``imports`` (the
upload → preview → confirm → progress views).
"""

from django.contrib import admin

from . import batches, places, zones  # noqa: F401  (register the model admins)

admin.site.site_header = "Zone Atlas administration"
admin.site.site_title = "Zone Atlas admin"
admin.site.index_title = "Edit the atlas"
admin.site.site_url = "/"
