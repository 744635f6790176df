"""Import batches in the admin: who imported which file when, what it changed, and rolling it back.

Batches are written only by the import pipeline, so the admin shows them read-only. Importing is the
``imports.add_importbatch`` permission (the upload page, see imports.py); rolling back is
``imports.change_importbatch`` (ministry editors and superusers).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atlas.roles import is_zone_restricted
from imports.models import ImportBatch, ImportChange

from . import imports, jobs

CHANGES_SHOWN = 50


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _object_link(change):
    """The changed row's admin page (a deleted row, e.g. after a rollback, has none that works: plain id)."""
    app_label, model_name = change.model.split(".")
    if change.action == ImportChange.Action.CREATED and change.batch.status == ImportBatch.Status.ROLLED_BACK:
        return change.object_pk
    try:
        url = reverse(f"admin:{app_label}_{model_name}_change", args=[change.object_pk])
    except NoReverseMatch:
        return change.object_pk
    return format_html('<a href="{}">{}</a>', url, change.object_pk)


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "user",
        "started",
        "status",
        "progress",
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "short_sha",
    )
    list_select_related = ("user",)
    list_filter = ("status", "kind", "started")
    search_fields = ("file_name", "file_sha256", "user__username")
    date_hierarchy = "started"
    change_form_template = "admin/imports/importbatch/change_form.html"
    change_list_template = "admin/imports/importbatch/change_list.html"
    fieldsets = (
        (
            None,
            {"fields": ("kind", "file_name", "file_sha256", "file_size", "user", "status", "rollback_of")},
        ),
        ("Timing and progress", {"fields": ("started", "finished", "rows_total", "rows_done")}),
        ("Counts", {"fields": (("created_count", "updated_count", "unchanged_count", "error_count"),)}),
        ("What changed", {"fields": ("changes_table", "rollbacks_list", "error_list")}),
    )
    readonly_fields = ("changes_table", "rollbacks_list", "error_list")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_zone_restricted(request.user):
            queryset = queryset.filter(user=request.user)  # a zone editor sees their own imports only
        return queryset

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(imports.upload_view), name="imports_importbatch_upload"),
            path("upload/<str:token>/", view(imports.preview_view), name="imports_importbatch_preview"),
            path(
                "upload/<str:token>/errors.csv",
                view(imports.errors_csv_view),
                name="imports_importbatch_errors",
            ),
            path(
                "upload/<str:token>/confirm/", view(imports.confirm_view), name="imports_importbatch_confirm"
            ),
            path(
                "upload/<str:token>/options/", view(imports.options_view), name="imports_importbatch_options"
            ),
            path(
                "upload/<str:token>/discard/", view(imports.discard_view), name="imports_importbatch_discard"
            ),
            path("upload/<str:token>/retry/", view(imports.retry_view), name="imports_importbatch_retry"),
            path(
                "upload/<str:token>/progress/",
                view(imports.progress_view),
                name="imports_importbatch_progress",
            ),
            path("template/<str:kind>.csv", view(imports.template_view), name="imports_importbatch_template"),
            path("example/<str:kind>.csv", view(imports.example_view), name="imports_importbatch_example"),
            path("<int:pk>/rollback/", view(self.rollback_view), name="imports_importbatch_rollback"),
            path(
                "<int:pk>/rollback/<str:token>/",
                view(self.rollback_progress_view),
                name="imports_importbatch_rollback_progress",
            ),
            *super().get_urls(),
        ]

    def has_rollback_permission(self, request, batch=None) -> bool:
        # Rolling back restores rows whatever zone they are in now or were in before, so it is never a
        # zone editor's, even one granted the permission by hand.
        if not request.user.has_perm("imports.change_importbatch") or is_zone_restricted(request.user):
            return False
        return batch is None or batch.status == ImportBatch.Status.IMPORTED

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import": request.user.has_perm("imports.add_importbatch"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        extra = {"can_roll_back": batch is not None and self.has_rollback_permission(request, batch)}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def rollback_view(self, request, pk):
        """GET: what rolling back will undo. POST: check for conflicts here (a read), then roll back in
        the background like an import (a large batch takes longer than a request should), or list the
        conflicts and offer to force."""
        batch = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_rollback_permission(request, batch):
            raise PermissionDenied
        from imports.rollback import conflicts

        conflict_rows = []
        if request.method == "POST":
            force = request.POST.get("force") == "1"
            conflict_rows = [] if force else conflicts(batch)
            if not conflict_rows:
                token = jobs.start_rollback(request, batch, force=force)
                return redirect("admin:imports_importbatch_rollback_progress", batch.pk, token)
        return self._rollback_page(request, batch, conflict_rows)

    def _rollback_page(self, request, batch, conflict_rows):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Roll back import batch #%(n)s") % {"n": batch.pk},
            "batch": batch,
            "summary": batch.changes.values("model", "action")
            .annotate(n=Count("pk"))
            .order_by("model", "action"),
            "conflict": bool(conflict_rows),
            "conflict_rows": conflict_rows,
        }
        return TemplateResponse(request, "admin/imports/importbatch/rollback.html", context)

    def rollback_progress_view(self, request, pk, token):
        batch = get_object_or_404(self.get_queryset(request), pk=pk)
        status = jobs.rollback_status(request, token)
        if status["state"] == "done":
            messages.success(
                request,
                _("Batch #%(n)s was rolled back; the rollback is batch #%(m)s.")
                % {"n": batch.pk, "m": status["batch_id"]},
            )
            return redirect("admin:imports_importbatch_change", status["batch_id"])
        if status["state"] == "conflict":  # rows changed between the check and the rollback
            return self._rollback_page(request, batch, status["rows"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Rolling back import batch #%(n)s") % {"n": batch.pk},
            "batch": batch,
            "status": status,
            "running": status["state"] in jobs.UNFINISHED,
        }
        return TemplateResponse(request, "admin/imports/importbatch/rollback_progress.html", context)

    @admin.display(description=gettext_lazy("rows"))
    def progress(self, obj):
        return f"{obj.rows_done}/{obj.rows_total}" if obj.rows_total else "-"

    @admin.display(description=gettext_lazy("SHA-256"))
    def short_sha(self, obj):
        return format_html('<code title="{}">{}…</code>', obj.file_sha256, obj.file_sha256[:12])

    @admin.display(description=gettext_lazy("changes"))
    def changes_table(self, obj):
        changes = list(obj.changes.select_related("batch").order_by("pk")[:CHANGES_SHOWN])
        if not changes:
            return "No rows were created or updated."
        total = obj.changes.count()
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((c.action, c.model, _object_link(c)) for c in changes),
        )
        url = reverse("admin:imports_importchange_changelist") + f"?batch__id__exact={obj.pk}"
        return format_html(
            "<table><thead><tr><th>action</th><th>model</th><th>row id</th></tr></thead><tbody>{}</tbody>"
            '</table><p>Showing {} of {}. <a href="{}">All changes of this batch, with previous values</a>'
            "</p>",
            rows,
            len(changes),
            total,
            url,
        )

    @admin.display(description=gettext_lazy("rolled back by"))
    def rollbacks_list(self, obj):
        rollbacks = list(obj.rollbacks.all())
        if not rollbacks:
            return "-"
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:imports_importbatch_change", args=[r.pk]), r) for r in rollbacks),
        )

    @admin.display(description=gettext_lazy("errors and notes"))
    def error_list(self, obj):
        """Errors of a failed batch; a rollback batch keeps its notes here (what it undid, forced rows)."""
        if not obj.errors:
            return "-"
        items = []
        for error in obj.errors[:200]:
            rows = error.get("rows") or []
            detail = format_html_join("", "<li>{}</li>", ((row,) for row in rows[:200]))
            items.append(
                format_html(
                    "<li>{}{}</li>",
                    imports.error_text(error),
                    format_html("<ul>{}</ul>", detail) if rows else "",
                )
            )
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items)))


@admin.register(ImportChange)
class ImportChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every row a batch created or updated, with its values before (what a rollback restores)."""

    list_display = ("batch", "action", "model", "object_pk", "before")
    list_select_related = ("batch",)
    list_filter = ("action", "model")
    search_fields = ("=object_pk", "=batch__id")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_zone_restricted(request.user):
            queryset = queryset.filter(batch__user=request.user)
        return queryset
