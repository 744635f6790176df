"""Admin for zones and their statistics, scoped for zone editors (see scoping.py)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from atlas.admin.exporting import ExportAdminMixin
from atlas.admin.history import AtlasHistoryAdmin
from atlas.admin.scoping import (
    ProvinceCodeFilter,
    ProvinceCodeFilterMixin,
    PublicLinkMixin,
    ZoneScopedAdminMixin,
)
from atlas.roles import ZONE_EDITORS, is_zone_restricted
from zones.models import Zone, ZoneStatistic
from zones.resources import ZoneResource, ZoneStatisticResource


class StatisticInline(admin.TabularInline):
    model = ZoneStatistic
    fields = ("year", "indicator", "value", "unit", "qualifier", "source")
    autocomplete_fields = ("source",)
    extra = 0


class ZoneSourceInline(admin.TabularInline):
    """The zone's sources through the M2M's own table, so each can be added with a searchable picker.

    The auto-created table's rows print as "Zone_sources object (665)", which the tabular inline shows
    above each row; css/admin.css hides that line for this inline (class ``zone-sources``) rather than
    giving the generated model another ``__str__``, which other admin pages would show blank."""

    model = Zone.sources.through
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = "source"
    verbose_name_plural = "sources"
    classes = ("zone-sources",)


@admin.register(Zone)
class ZoneAdmin(
    ProvinceCodeFilterMixin, ZoneScopedAdminMixin, ExportAdminMixin, PublicLinkMixin, AtlasHistoryAdmin
):
    zone_field = None
    resource_classes = [ZoneResource]
    list_display = (
        "code",
        "name_zh",
        "name_en",
        "kind",
        "level",
        "province",
        "status",
        "approved_display",
        "public_link",
    )
    list_display_links = ("code", "name_zh")
    list_select_related = ("province",)
    list_filter = ("level", "kind", "status", ProvinceCodeFilter, "name_en_derived", "location_approximate")
    search_fields = ("code", "name_zh", "name_en", "short_name", "former_name")
    search_help_text = "Search by GB/T 37028 code, Chinese, English, short or former name."
    autocomplete_fields = ("province", "prefecture", "industries")
    # A short list of people, offered without needing permissions on the user admin (autocomplete would).
    filter_horizontal = ("editors",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [StatisticInline, ZoneSourceInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    readonly_fields = ("enterprises_link",)
    history_list_display = ("status", "batch")
    fieldsets = (
        (None, {"fields": ("code", ("name_zh", "short_name"), ("name_en", "name_en_derived"), "slug")}),
        ("Classification", {"fields": (("kind", "level", "status"), "industries")}),
        (
            "Place",
            {
                "fields": (
                    ("province", "prefecture"),
                    ("longitude", "latitude", "location_approximate"),
                    "area_km2",
                    "website",
                    "description",
                )
            },
        ),
        (
            "Approval and status changes",
            {
                "fields": (
                    ("approved", "approved_precision"),
                    "former_name",
                    ("status_document", "status_date"),
                )
            },
        ),
        ("Editors", {"fields": ("editors", "enterprises_link")}),
    )

    @admin.display(description=gettext_lazy("approved"), ordering="approved")
    def approved_display(self, obj):
        return obj.approved_display

    @admin.display(description=gettext_lazy("enterprises"))
    def enterprises_link(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("admin:enterprises_enterprise_changelist") + f"?zone__id__exact={obj.pk}"
        return format_html('<a href="{}">Enterprises in this zone</a>', url)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if is_zone_restricted(request.user):
            # Zone editors must not hand their zone to other users, nor re-key it.
            fields = (*fields, "editors", "code", "slug")
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "editors":
            kwargs["queryset"] = (
                get_user_model().objects.filter(groups__name=ZONE_EDITORS).order_by("username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if is_zone_restricted(request.user) else super().get_prepopulated_fields(request, obj)


@admin.register(ZoneStatistic)
class ZoneStatisticAdmin(ZoneScopedAdminMixin, ExportAdminMixin, AtlasHistoryAdmin):
    resource_classes = [ZoneStatisticResource]
    list_display = ("indicator", "year", "zone", "value", "unit", "qualifier", "source")
    list_select_related = ("zone", "source")
    list_filter = ("indicator", "year", ("zone", admin.EmptyFieldListFilter))
    search_fields = ("zone__code", "zone__name_zh", "zone__name_en", "indicator")
    autocomplete_fields = ("zone", "source")
