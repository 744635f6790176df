"""Enterprise admin: zone editors see and change only enterprises in their zones (atlas.admin.scoping)."""

from django.contrib import admin

from atlas.admin.exporting import ExportAdminMixin
from atlas.admin.history import AtlasHistoryAdmin
from atlas.admin.scoping import (
    ProvinceCodeFilter,
    ProvinceCodeFilterMixin,
    PublicLinkMixin,
    ZoneScopedAdminMixin,
)

from .models import Enterprise
from .resources import EnterpriseResource


@admin.register(Enterprise)
class EnterpriseAdmin(
    ProvinceCodeFilterMixin, ZoneScopedAdminMixin, ExportAdminMixin, PublicLinkMixin, AtlasHistoryAdmin
):
    resource_classes = [EnterpriseResource]
    list_display = (
        "name_zh",
        "name_en",
        "credit_code",
        "stock_code",
        "board",
        "zone",
        "province",
        "high_tech",
        "public_link",
    )
    list_select_related = ("zone", "province")
    list_filter = ("board", "high_tech", ProvinceCodeFilter, ("zone", admin.EmptyFieldListFilter))
    search_fields = ("name_zh", "name_en", "short_name", "=credit_code", "=stock_code")
    search_help_text = "Search by Chinese or English name, or an exact credit code or stock code."
    autocomplete_fields = ("zone", "province", "industries", "sources")
    prepopulated_fields = {"slug": ("name_en",)}
    date_hierarchy = "listed"
    fieldsets = (
        (None, {"fields": ("name_zh", "short_name", "name_en", "slug")}),
        ("Identifiers", {"fields": ("credit_code", ("stock_code", "board"), ("listed", "listed_precision"))}),
        ("Place and industry", {"fields": ("zone", "province", "industries", "sector_label")}),
        (
            "About",
            {"fields": (("founded", "founded_precision"), "high_tech", "website", "description", "sources")},
        ),
    )
