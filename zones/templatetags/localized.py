"""Language helpers for every page: the same page in another language, and names in the active language.

Chinese first: a name is shown in the visitor's language, never as a mixed label. In Chinese the Chinese
name; in English the English name (with the "derived" mark where we rendered it ourselves, see
components/_name.html), falling back to the Chinese name where no English name exists.
"""

import re

from django import template
from django.urls import translate_url
from django.utils.translation import pgettext, pgettext_lazy

from atlas.languages import is_chinese

register = template.Library()

# Words the bundled data writes in English (statistics.csv units and qualifiers, the address matcher's
# method codes). The msgid is the stored value, so English pages show it unchanged and Chinese pages
# do not show an English word inside a Chinese sentence.
DATA_TERMS = {
    "complete list": pgettext_lazy("statistic", "complete list"),
    "partial list": pgettext_lazy("statistic", "partial list"),
    "top 10 only": pgettext_lazy("statistic", "top 10 only"),
    "about": pgettext_lazy("statistic", "about"),
    "more than": pgettext_lazy("statistic", "more than"),
    "nearly": pgettext_lazy("statistic", "nearly"),
    "zones": pgettext_lazy("statistic", "zones"),
    "enterprises": pgettext_lazy("statistic", "enterprises"),
    "trillion yuan": pgettext_lazy("statistic", "trillion yuan"),
    "full-name": pgettext_lazy("matching method", "full-name"),
    "city-kind": pgettext_lazy("matching method", "city-kind"),
    "alias": pgettext_lazy("matching method", "alias"),
    "city-district": pgettext_lazy("matching method", "city-district"),
    "common-name": pgettext_lazy("matching method", "common-name"),
}
YEAR_DATA = re.compile(r"^(\d{4}) data$")


@register.simple_tag(takes_context=True)
def translated_url(context, lang_code: str, with_query: bool = True) -> str:
    """This page's address in lang_code; with_query keeps the filters (the language switch does)."""
    request = context.get("request")
    if request is None:
        return ""
    path = request.get_full_path() if with_query else request.path
    return translate_url(path, lang_code)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """An absolute address for canonical, hreflang and Open Graph tags."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.filter
def local_name(obj, field: str = "name") -> str:
    """obj.name_zh in Chinese, obj.name_en in English; the other one when the wanted one is empty."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (zh or en) if is_chinese() else (en or zh)


@register.filter
def data_term(value):
    """A data word of DATA_TERMS (or "2020 data") in the active language; any other value unchanged."""
    if not isinstance(value, str):
        return value
    year = YEAR_DATA.match(value)
    if year:
        return pgettext("statistic", "%(year)s data") % {"year": year.group(1)}
    term = DATA_TERMS.get(value)
    return value if term is None else str(term)


@register.filter
def shows_derived(obj) -> bool:
    """True when the English name on show is our rendering (never in Chinese, where the name is official)."""
    return (
        not is_chinese()
        and bool(getattr(obj, "name_en", "") or getattr(obj, "title_en", ""))
        and bool(getattr(obj, "name_en_derived", False) or getattr(obj, "title_en_derived", False))
    )


@register.simple_tag
def page_lang() -> str:
    """The value for <html lang>: BCP 47 (zh-Hans), not Django's lower-case code."""
    return "zh-Hans" if is_chinese() else "en"


@register.filter
def other_name(obj, field: str = "name") -> str:
    """The name in the language not on show (a profile page lists it as a fact), or ""."""
    return getattr(obj, f"{field}_en" if is_chinese() else f"{field}_zh", "") or ""
