"""Change history pages (django-simple-history): who, when, the field-by-field diff, and the import batch.

simple_history's history page already lists each version with its user and a "Changes" column (old → new
per field, computed with ``diff_against``); the pipeline writes history rows for imports with the reason
"import batch <id>", so this adds a link from such versions to their batch.
"""

import re

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

BATCH_REASON = re.compile(r"(?:rollback of )?import batch (\d+)$")


class AtlasHistoryAdmin(SimpleHistoryAdmin):
    history_list_display = ("batch",)

    @admin.display(description=gettext_lazy("import batch"))
    def batch(self, record):
        match = BATCH_REASON.match(record.history_change_reason or "")
        if not match:
            return "-"
        url = reverse("admin:imports_importbatch_change", args=[match.group(1)])
        return format_html('<a href="{}">batch #{}</a>', url, match.group(1))
