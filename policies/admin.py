"""Policy documents with their measures inline, and measures on their own for searching across documents."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from atlas.admin.exporting import ExportAdminMixin
from atlas.admin.history import AtlasHistoryAdmin
from atlas.admin.scoping import PublicLinkMixin

from .models import Measure, PolicyDocument
from .resources import PolicyResource


class MeasureInline(admin.StackedInline):
    model = Measure
    fields = (("position", "category"), "text", "zone_kinds", "zones", "industries")
    autocomplete_fields = ("zones", "industries")
    extra = 0


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ExportAdminMixin, PublicLinkMixin, AtlasHistoryAdmin):
    resource_classes = [PolicyResource]
    list_display = (
        "title_en",
        "title_zh",
        "issuer",
        "document_number",
        "issued_display",
        "status",
        "public_link",
    )
    list_filter = ("status", "issuer", "title_en_derived")
    search_fields = ("title_en", "title_zh", "issuer", "document_number", "summary")
    autocomplete_fields = ("sources",)
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "issued"
    inlines = [MeasureInline]
    history_list_display = ("status", "batch")

    @admin.display(description=gettext_lazy("issued"), ordering="issued")
    def issued_display(self, obj):
        return obj.issued_display


@admin.register(Measure)
class MeasureAdmin(AtlasHistoryAdmin):
    list_display = ("__str__", "document", "position", "category", "zone_kinds")
    list_select_related = ("document",)
    list_filter = ("category",)
    search_fields = ("text", "document__title_en", "document__title_zh", "document__document_number")
    autocomplete_fields = ("document", "zones", "industries")
