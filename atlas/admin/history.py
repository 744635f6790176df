"""Change history pages (django-simple-history): who, when, the field-by-field diff, and the import batch.

simple_history's history page already lists each version with its user and a "Changes" column (old → new
per field, computed with ``diff_against``); the pipeline writes history rows for imports with the reason
"import batch <id>", so this adds a link from such versions to their batch.
"""

import re

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

BATCH_REASON = re.compile(r"(?:rollback of )?import batch (\d+)$")


class AtlasHistoryAdmin(SimpleHistoryAdmin):
    history_list_display = ("batch",)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple_history lets anyone who may *view* a row's history POST its "Revert" form, and saving
        writes the whole old version back (a view-only user's form has no fields, but the instance is
        the old version). Refuse the POST unless the user may change the row -- as stored now and as
        the old version would make it (``has_change_permission`` of a scoped admin checks both)."""
        if request.method == "POST":
            history = self.model._meta.simple_history_manager_attribute
            version = get_object_or_404(
                getattr(self.model, history).model,
                **{self.opts.pk.attname: object_id, "history_id": version_id},
            )
            if not self.has_change_permission(request, version.instance):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=gettext_lazy("import batch"))
    def batch(self, record):
        match = BATCH_REASON.match(record.history_change_reason or "")
        if not match:
            return "-"
        url = reverse("admin:imports_importbatch_change", args=[match.group(1)])
        return format_html('<a href="{}">batch #{}</a>', url, match.group(1))
