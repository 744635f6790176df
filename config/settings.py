"""Zone Atlas settings. Production differs from development only through environment variables."""

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# ---------------------------------------------------------------- core
DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    # A fixed key is only acceptable on a developer's machine; production must set its own. The
    # "django-insecure-" prefix makes `manage.py check --deploy` flag it (security.W009).
    "django-insecure-development-key-set-DJANGO_SECRET_KEY-in-production"
)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "import_export",
    "simple_history",
    "atlas",
    "imports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "zones",
    "places",
    "industries",
    "enterprises",
    "policies",
    "api",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# ---------------------------------------------------------------- database
# Unset DATABASE_URL means a SQLite file in the project, so a newcomer needs nothing but Python.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Pages keep working while an import or a rollback writes: in WAL mode readers read the last committed
    # state during a write transaction instead of failing with "database is locked"; a writer waits up to
    # 20 s for another (the busy timeout); IMMEDIATE takes the write lock when a transaction begins, so no
    # transaction fails half-way trying to upgrade its lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# ---------------------------------------------------------------- i18n
# Chinese first: the default for a visitor whose browser states no preference, and listed first in the
# language switch. URLs carry the language (/zh-hans/…, /en/…, see config/urls.py); "/" redirects by the
# language cookie, then Accept-Language. Catalogues live in locale/ and ship compiled (.mo), so the
# Chinese UI works on a machine without gettext; `make messages` rebuilds them (see README).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # the language a visitor last read pages in (config/middleware.py)
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- static files
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve straight from the finders when no collectstatic has run (development and tests).
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# ---------------------------------------------------------------- security
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=False)

# ---------------------------------------------------------------- faceted lists
# Facet counts, labels and list totals of the SQL-counted lists are cached this long (seconds; 0: not
# cached, as under tests, where every assertion must see the data it just wrote).
ATLAS_FACET_CACHE_SECONDS = int(os.environ.get("ATLAS_FACET_CACHE_SECONDS", "0" if TESTING else "60"))
# The enterprise list and panels count facets from an in-memory column index (atlas.facet_index);
# off means one SQL aggregate per facet, as for the other lists.
ATLAS_FACET_INDEX = env_bool("ATLAS_FACET_INDEX", default=True)

# ---------------------------------------------------------------- imports
# Files above this size are refused before parsing (bytes).
ATLAS_IMPORT_MAX_BYTES = int(os.environ.get("ATLAS_IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
# Limits enforced while a file streams, so that no file (a zip bomb of an XLSX, 3 million identical rows,
# one 100 MB cell, deeply nested JSON) can take more than the import's usual memory and time. See
# docs/import-formats.md, "Limits".
ATLAS_IMPORT_MAX_ROWS = int(os.environ.get("ATLAS_IMPORT_MAX_ROWS", "500000"))
ATLAS_IMPORT_MAX_COLUMNS = int(os.environ.get("ATLAS_IMPORT_MAX_COLUMNS", "200"))
ATLAS_IMPORT_MAX_CELL_CHARS = int(os.environ.get("ATLAS_IMPORT_MAX_CELL_CHARS", "32767"))  # Excel's own
ATLAS_IMPORT_MAX_ERRORS = int(os.environ.get("ATLAS_IMPORT_MAX_ERRORS", "10000"))
# An XLSX is a zip: its parts are limited once unpacked; the shared-string table (every distinct text of
# the workbook) is read whole by openpyxl, so it has a tighter limit of its own.
ATLAS_IMPORT_MAX_XLSX_UNPACKED_BYTES = int(
    os.environ.get("ATLAS_IMPORT_MAX_XLSX_UNPACKED_BYTES", str(1024 * 1024 * 1024))
)
ATLAS_IMPORT_MAX_XLSX_STRINGS_BYTES = int(
    os.environ.get("ATLAS_IMPORT_MAX_XLSX_STRINGS_BYTES", str(48 * 1024 * 1024))
)
# JSON is parsed whole (a list of objects), so it has a smaller size limit than CSV and XLSX.
ATLAS_IMPORT_MAX_JSON_BYTES = int(os.environ.get("ATLAS_IMPORT_MAX_JSON_BYTES", str(16 * 1024 * 1024)))
# Where admin uploads wait for their preview and confirmation (default <tmp>/zone-atlas-imports).
ATLAS_IMPORT_TMP_DIR = os.environ.get("ATLAS_IMPORT_TMP_DIR", "")
# Confirmed imports and rollbacks run as Django tasks in `manage.py db_worker` (`make run` starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job whose progress file has not moved for this long is shown as interrupted (its worker died).
ATLAS_JOB_STALE_SECONDS = int(os.environ.get("ATLAS_JOB_STALE_SECONDS", "120"))
# Upload folders (uploaded file, preview, error list) not confirmed are removed after this many seconds.
ATLAS_IMPORT_UPLOAD_MAX_AGE = int(os.environ.get("ATLAS_IMPORT_UPLOAD_MAX_AGE", str(24 * 3600)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# ---------------------------------------------------------------- open data: API and downloads
# Anonymous API clients: ATLAS_API_ANON_RATE requests per client address (DRF rate syntax, e.g.
# "60/minute"); over it the answer is HTTP 429 with Retry-After. Counted in the default cache, so set
# REDIS_URL when several server processes share the load.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.AtlasPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Public, read-only data: no sign-in (so no session lookup, no CSRF), every client is anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("ATLAS_API_ANON_RATE", "120/minute"),
        # /downloads/: whole lists, so fewer (api/download_views.py)
        "downloads": os.environ.get("ATLAS_DOWNLOAD_RATE", "20/minute"),
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zone Atlas API",
    "DESCRIPTION": (
        "Read-only open data on China's development zones, their enterprises, industries and policies. "
        "Filters are those of the public pages. Anonymous clients are throttled; see /api/."
    ),
    "VERSION": "1",
    # OpenAPI 3.1: its schemas are plain JSON Schema, so clients (and our tests) validate with any
    # JSON Schema library.
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
# Downloads of the public lists stop after this many rows (stated on every list page).
ATLAS_DOWNLOAD_MAX_ROWS = int(os.environ.get("ATLAS_DOWNLOAD_MAX_ROWS", "50000"))

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
