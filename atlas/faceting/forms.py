"""The form behind a faceted filter set: partly valid facets keep their known values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FacetForm(forms.Form):
    """The filter form of a FacetedFilterSet: keeps a facet's known values when some are not, and checks
    that a year range does not end before it starts."""

    year_ranges: tuple[tuple[str, str], ...] = ()  # (from field, to field) pairs, set per filter set

    def clean(self):
        cleaned = super().clean()
        self.ignored_values: dict[str, list[str]] = {}  # facet -> the values left out, the rest applied
        for name in list(self.errors):
            field = self.fields.get(name)
            raw = self.data.getlist(self.add_prefix(name)) if hasattr(self.data, "getlist") else []
            known = self._known_values(field, raw)
            if known:
                cleaned[name] = field.clean(known)
                self.ignored_values[name] = [value for value in raw if value not in known]
        for start, end in self.year_ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
                self.add_error(
                    end,
                    _("the range would end before it starts (from %(start)s)") % {"start": cleaned[start]},
                )
        return cleaned

    @staticmethod
    def _known_values(field, raw: list[str]) -> list[str]:
        if isinstance(field, forms.ModelMultipleChoiceField):
            key = field.to_field_name or "pk"
            known = {str(v) for v in field.queryset.filter(**{f"{key}__in": raw}).values_list(key, flat=True)}
        elif isinstance(field, forms.MultipleChoiceField):
            known = {value for value in raw if field.valid_value(value)}
        else:
            return []
        return [value for value in raw if value in known]
