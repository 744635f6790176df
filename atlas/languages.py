"""Which language a page is being rendered in, for code that picks a name or label by language."""

from django.conf import settings
from django.utils.translation import get_language


def is_chinese() -> bool:
    """True while Chinese is active (or, with no language active, when it is the site's default)."""
    return (get_language() or settings.LANGUAGE_CODE).startswith("zh")
