"""Admin for what zones are described with: sources, provinces, prefectures, industries."""

from django.contrib import admin

from atlas.admin.exporting import ExportAdminMixin
from atlas.admin.history import AtlasHistoryAdmin
from atlas.admin.scoping import ProvinceCodeFilter, ProvinceCodeFilterMixin, PublicLinkMixin
from zones.models import Industry, Prefecture, Province, Source
from zones.resources import IndustryResource, PrefectureResource, ProvinceResource, SourceResource


@admin.register(Source)
class SourceAdmin(ExportAdminMixin, AtlasHistoryAdmin):
    resource_classes = [SourceResource]
    list_display = ("title", "publisher", "url", "published", "accessed")
    list_filter = ("publisher", "licence")
    search_fields = ("title", "url", "publisher")
    date_hierarchy = "accessed"


class PrefectureInline(admin.TabularInline):
    model = Prefecture
    fields = ("code", "name_zh", "name_en", "longitude", "latitude")
    extra = 0
    show_change_link = True


@admin.register(Province)
class ProvinceAdmin(ExportAdminMixin, PublicLinkMixin, admin.ModelAdmin):
    resource_classes = [ProvinceResource]
    list_display = ("code", "name_zh", "name_en", "slug", "public_link")
    search_fields = ("code", "name_zh", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [PrefectureInline]


@admin.register(Prefecture)
class PrefectureAdmin(ProvinceCodeFilterMixin, ExportAdminMixin, admin.ModelAdmin):
    resource_classes = [PrefectureResource]
    list_display = ("code", "name_zh", "name_en", "province")
    list_select_related = ("province",)
    list_filter = (ProvinceCodeFilter,)
    search_fields = ("code", "name_zh", "name_en")
    autocomplete_fields = ("province",)


@admin.register(Industry)
class IndustryAdmin(ExportAdminMixin, PublicLinkMixin, AtlasHistoryAdmin):
    resource_classes = [IndustryResource]
    list_display = (
        "code",
        "name_zh",
        "name_en",
        "name_en_derived",
        "scheme",
        "level",
        "parent",
        "public_link",
    )
    list_select_related = ("parent",)
    list_filter = ("scheme", "level", "name_en_derived")
    search_fields = ("code", "name_zh", "name_en")
    autocomplete_fields = ("parent", "sources")
    prepopulated_fields = {"slug": ("scheme", "code")}
