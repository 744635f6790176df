"""Public reads go to a read replica when one is configured (``DATABASE_REPLICA_URL``).

Only requests that cannot write -- anonymous GET/HEAD outside the admin -- read from the replica; the admin,
every write and every request of a signed-in user use the primary, so an editor always sees their own save.
A replica lags the primary by its replay delay; the data version a page is cached under is read from the
same replica as the page (config.page_cache), so a cached page is never newer or older than its key.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
# Set for the current request by PublicReadsMiddleware.
reading_public: ContextVar[bool] = ContextVar("reading_public", default=False)


def read_alias() -> str:
    """The database the current request reads from."""
    return REPLICA if reading_public.get() and REPLICA in settings.DATABASES else "default"


class PublicReadsRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PublicReadsMiddleware:
    """Marks anonymous GET/HEAD requests outside the admin as public reads (see PublicReadsRouter)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith("/admin/")
        )
        token = reading_public.set(public)
        try:
            return self.get_response(request)
        finally:
            reading_public.reset(token)
