"""Whole public pages cached exactly as fresh as the data.

A page is stored under a key made of the data version (``atlas.data_versions.database_version``, which
triggers move in the same transaction as any write to the public tables), the language, the host, the
full URL and the Accept header. A request reads the version first (one tiny
query) and then either finds the page rendered under that same version or renders it, so a page is
never older than the last write committed before the request began. No time-to-live decides freshness;
``ATLAS_PAGE_CACHE_SECONDS`` only lets unused pages fall out of the cache.

Not cached: anything but an anonymous GET/HEAD answered 200 (no session cookie sent, none set), the
admin and ``/healthz``, pages rendered from a facet index known to be stale while it rebuilds
(``atlas.facet_index.served_stale``), pages that used a CSP nonce (a nonce must not repeat) and pages
holding a CSRF token (the token belongs to one visitor's cookie; use links, not POST forms, on public
pages). Where no
data version exists (no tracking triggers) nothing is cached. Responses say ``X-Page-Cache: hit|miss``.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from atlas.data_versions import database_version
from atlas.facet_index import served_stale
from config.routers import read_alias

logger = logging.getLogger(__name__)

# Headers set below this middleware that a stored page must carry again; the rest are set on every
# response by the middleware above it (security headers, CSP, Content-Language, Vary).
KEPT_HEADERS = ("Content-Type",)


def _cacheable_request(request) -> bool:
    return (
        settings.ATLAS_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(tuple(settings.ATLAS_PAGE_CACHE_EXCLUDE))
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not served_stale.get()
        and getattr(request, "_csp_nonce", None) is None
        # A page holding a CSRF token (a POST form, e.g. a language switcher) belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in response.get("Cache-Control", "")
    )


class ExactPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        version = database_version(read_alias())  # the database this page will be read from
        if version is None:
            return self.get_response(request)
        # Accept too: an API answers the same URL as JSON or as a browsable page depending on it.
        parts = (version, request.LANGUAGE_CODE, request.scheme, request.get_host(), request.get_full_path())
        raw = "|".join((*parts, request.headers.get("Accept", "")))
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        token = served_stale.set(False)
        try:
            response = self.get_response(request)
            if _cacheable_response(request, response):
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                cache.set(key, (response.content, headers), settings.ATLAS_PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        finally:
            served_stale.reset(token)
        return response
