"""Remember the language a visitor last read pages in, so that "/" brings them back to it."""

from django.conf import settings
from django.utils.translation import get_language_from_path


class RememberLanguageMiddleware:
    """Sets the language cookie (which LocaleMiddleware reads before Accept-Language) whenever a page is
    served under a language prefix: the language switch is a plain link, so this is what makes a
    visitor's choice stick."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        if language and response.status_code == 200:
            if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
        return response
