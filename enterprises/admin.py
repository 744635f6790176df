"""Enterprise admin: zone editors see and change only enterprises in their zones (atlas.admin.scoping)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from atlas.admin.exporting import ExportAdminMixin
from atlas.admin.history import AtlasHistoryAdmin
from atlas.admin.scoping import (
    ProvinceCodeFilter,
    ProvinceCodeFilterMixin,
    PublicLinkMixin,
    ZoneScopedAdminMixin,
)

from .models import Enterprise, ZoneLinkProposal
from .resources import EnterpriseResource
from .services import enterprise_review_zone_link, enterprise_set_zone_by_staff


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
    list_filter = (
        "board",
        "high_tech",
        ProvinceCodeFilter,
        ("zone", admin.EmptyFieldListFilter),
        "zone_basis",
        "zone_review",
    )
    search_fields = ("name_zh", "name_en", "short_name", "=credit_code", "=stock_code")
    search_help_text = "Search by Chinese or English name, or an exact credit code or stock code."
    autocomplete_fields = ("zone", "province", "industries", "sources")
    prepopulated_fields = {"slug": ("name_en",)}
    date_hierarchy = "listed"
    fieldsets = (
        (None, {"fields": ("name_zh", "short_name", "name_en", "slug")}),
        ("Identifiers", {"fields": ("credit_code", ("stock_code", "board"), ("listed", "listed_precision"))}),
        ("Place and industry", {"fields": ("zone", "province", "prefecture", "industries", "sector_label")}),
        (
            _("Zone link evidence"),
            {"fields": ("zone_basis", "zone_method", "zone_matched_text", "zone_review", "proposed_zone")},
        ),
        (
            _("Addresses"),
            {"fields": ("registered_address", ("address_source", "address_year"), "office_address")},
        ),
        (
            "About",
            {"fields": (("founded", "founded_precision"), "high_tech", "website", "description", "sources")},
        ),
        (
            _("Profile"),
            {"fields": ("introduction", "main_business", ("employees", "registered_capital"))},
        ),
    )
    readonly_fields = ("zone_basis", "zone_method", "zone_matched_text", "zone_review", "proposed_zone")

    def save_model(self, request, obj, form, change):
        if "zone" in form.changed_data:
            # Staff entered the link (or removed it): it now outranks any link derived from the address.
            enterprise_set_zone_by_staff(enterprise=obj, zone=obj.zone, save=False)
        super().save_model(request, obj, form, change)


@admin.register(ZoneLinkProposal)
class ZoneLinkProposalAdmin(admin.ModelAdmin):
    """The queue of address-derived zone links that wait for a reviewer (see enterprises.zone_links)."""

    list_display = (
        "name_zh",
        "registered_address",
        "proposed_zone",
        "zone_method",
        "zone_matched_text",
        "address_year",
        "zone_review",
    )
    list_select_related = ("proposed_zone",)
    list_filter = ("zone_review", "zone_method")
    search_fields = ("name_zh", "=stock_code", "registered_address")
    actions = ("confirm", "reject")
    fields = (
        "name_zh",
        "stock_code",
        "registered_address",
        "address_source",
        "address_year",
        "proposed_zone",
        "zone_method",
        "zone_matched_text",
        "zone_review",
        "zone",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(zone_review="")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Confirm: the enterprise is in the proposed zone"))
    def confirm(self, request, queryset):
        done = enterprise_review_zone_link(enterprises=queryset, confirm=True)
        self.message_user(request, _("%(count)d links confirmed.") % {"count": done})

    @admin.action(description=_("Reject: the address does not place it in that zone"))
    def reject(self, request, queryset):
        done = enterprise_review_zone_link(enterprises=queryset, confirm=False)
        self.message_user(request, _("%(count)d proposals rejected.") % {"count": done})
