"""What a zone editor may see and change in the admin, enforced once for every zone-bound model.

Three layers, so that no single forgotten check opens a door:

1. ``get_queryset`` keeps only the editor's rows, so lists, search, autocomplete and exports show nothing
   else, and Django answers a direct URL to another zone's change page with "doesn't exist" (a redirect
   to the admin index) instead of the form.
2. Object-level ``has_view/change/delete_permission`` refuse other zones' rows, which also closes
   simple_history's history pages (they look objects up through the history table, not the queryset).
3. The ``zone`` form field offers only the editor's zones and is required for them, so a tampered POST
   naming another zone (or no zone) fails validation; ``save_model`` checks once more before writing.

Every check looks at the row twice: as it will be (the object in hand) and as it is stored now. The object
in hand is not always the stored row: simple_history's "Revert" page builds it from an old version, so an
enterprise since moved out of the editor's zone would look like theirs and could be taken back.
"""

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from atlas.roles import is_zone_restricted, zone_ids_for


class ProvinceCodeFilter(admin.SimpleListFilter):
    """Filter by province with its NBS code in the URL (?province__code__exact=32): a shareable key."""

    title = "province"
    parameter_name = "province__code__exact"

    def lookups(self, request, model_admin):
        return [
            (code, f"{code} {name}")
            for code, name in apps.get_model("zones", "Province").objects.values_list("code", "name_en")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(province__code=self.value())
        return queryset


class ProvinceCodeFilterMixin:
    """Admin's lookup check does not see "province__code__exact" as the filter's own parameter (it stops at
    the non-relational "code"), so allow it explicitly on admins that use ProvinceCodeFilter."""

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == ProvinceCodeFilter.parameter_name or super().lookup_allowed(lookup, value, request)


class ZoneScopedAdminMixin:
    """Limit a zone editor to rows of their zones. ``zone_field`` names the model's FK to Zone; ``None``
    means the model is Zone itself."""

    zone_field: str | None = "zone"

    def _zone_id_of(self, obj):
        return obj.pk if self.zone_field is None else getattr(obj, f"{self.zone_field}_id")

    def in_scope(self, request, obj) -> bool:
        """The row as it will be and the row as stored now both belong to the editor's zones."""
        if not is_zone_restricted(request.user):
            return True
        allowed = set(zone_ids_for(request.user))
        if self._zone_id_of(obj) not in allowed:
            return False
        return obj.pk is None or self._stored_zone_ids(obj) <= allowed

    def _stored_zone_ids(self, obj) -> set:
        """The zone of the stored row with obj's key (empty when none is stored yet)."""
        if self.zone_field is None:
            return set(self.model._default_manager.filter(pk=obj.pk).values_list("pk", flat=True))
        stored = self.model._default_manager.filter(pk=obj.pk).values_list(f"{self.zone_field}_id", flat=True)
        return set(stored)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_zone_restricted(request.user):
            lookup = "pk__in" if self.zone_field is None else f"{self.zone_field}__in"
            queryset = queryset.filter(**{lookup: zone_ids_for(request.user)})
        return queryset

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self.zone_field and db_field.name == self.zone_field and is_zone_restricted(request.user):
            kwargs["queryset"] = apps.get_model("zones", "Zone").objects.filter(
                pk__in=zone_ids_for(request.user)
            )
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.in_scope(request, obj):
            raise PermissionDenied("You may only save rows of the zones you edit.")
        super().save_model(request, obj, form, change)


class PublicLinkMixin:
    """A "public page" column on changelists (the change form has Django's own "View on site" button)."""

    @admin.display(description=gettext_lazy("public page"))
    def public_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">view ↗</a>', obj.get_absolute_url())
