"""System checks for a production start (run by ``manage.py check``, runserver and config.wsgi)."""

from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Tags, Warning, register
from django.core.files.storage import storages

STATIC_MANIFEST_MISSING = "site_config.W001"


@register(Tags.staticfiles)
def static_manifest_exists(app_configs=None, **kwargs):
    """Outside debug, hashed static file names come from collectstatic's manifest; without it every
    page that names a static file fails. Say so once, at start, instead of a 500 on every URL.

    A warning, not an error: ``migrate`` and ``check`` run checks too and must work before collectstatic;
    the production server refuses to start on it (``fail_fast_without_static_manifest``)."""
    storage = storages[STATICFILES_STORAGE_ALIAS]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return []
    if storage.exists(storage.manifest_name):
        return []
    return [
        Warning(
            f"Static files have not been collected: no {storage.manifest_name} in {settings.STATIC_ROOT}.",
            hint="Run `manage.py collectstatic --noinput` (make serve does) before starting the server.",
            id=STATIC_MANIFEST_MISSING,
        )
    ]


def fail_fast_without_static_manifest() -> None:
    """Called by config.wsgi: a production server (gunicorn runs no system checks) refuses to start
    without collected static files, naming the fix, rather than answer every page with a 500."""
    from django.core.exceptions import ImproperlyConfigured

    errors = static_manifest_exists()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
