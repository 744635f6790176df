"""Project-wide request guards and the remembered language: what belongs to no subject app."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import get_language_from_path


class RejectNulBytesMiddleware:
    """Answer 400 to a query string holding a NUL byte (``%00``) in any name or value.

    PostgreSQL text cannot hold NUL, so such a value reaching a query raised deep inside the database
    driver (a 500 from any facet); no real link carries one, so the whole request is refused here, once,
    instead of every filter learning to reject it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in name or any("\x00" in v for v in values) for name, values in request.GET.lists()):
            response = TemplateResponse(request, "400.html", {"reason": "nul"}, status=400)
            return response.render()
        return self.get_response(request)


class StaffSessionAgeMiddleware:
    """Staff sessions expire after ``ATLAS_STAFF_SESSION_SECONDS`` (public visitors keep Django's default).

    Set on each request of a logged-in staff user, so a session that became staff mid-way is shortened
    too; ``set_expiry`` stores the age in the session, which is saved only when it changes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            age = settings.ATLAS_STAFF_SESSION_SECONDS
            if request.session.get_expiry_age() > age or request.session.get("_session_expiry") != age:
                request.session.set_expiry(age)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header from ``settings.PERMISSIONS_POLICY`` (Django sets none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


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
