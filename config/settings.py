"""Zone Atlas settings. Production differs from development only through environment variables."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


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
    "django.contrib.admin.apps.SimpleAdminConfig",
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
    "axes",
    "csp",
    "zones",
    "places",
    "industries",
    "enterprises",
    "policies",
    "api",
    "search",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "config.routers.PublicReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RememberLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.StaffSessionAgeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    # Below every middleware that adds headers, so cached pages get them fresh (CSP, security, language).
    "config.page_cache.ExactPageCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 response.
    "axes.middleware.AxesMiddleware",
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
        # A kept connection the database dropped (restart, failover, idle timeout) is noticed at the start
        # of the next request and replaced, instead of failing that request.
        conn_health_checks=True,
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
# A streaming read replica for public pages (config.routers): anonymous GET requests read from it.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the primary's test database
DATABASE_ROUTERS = ["config.routers.PublicReadsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},  # whole pages too (config.page_cache)
    }
}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Shared by every worker; an outage degrades to uncached pages (config.cache), and short
            # timeouts keep a hung Redis from holding requests.
            "BACKEND": "config.cache.FaultTolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
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
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
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
# Every switch a deployment behind HTTPS needs comes from the environment; the README lists a production
# set with which `manage.py check --deploy` is clean (tests/test_deploy_settings.py runs it).
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Content-Security-Policy (django-csp): scripts only from our own static files. Pages pass data to
# scripts with {{ data|json_script:"id" }} (a JSON block, not a script), and any unavoidable inline
# script carries {{ request.csp_nonce }}, which the middleware then adds to script-src.
# Style attributes stay allowed (the industry tree indents with style="--depth: n"); style elements not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page uses, switched off for any script that might run (config.middleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions end after this many seconds (config.middleware.StaffSessionAgeMiddleware); visitors
# have no login, so Django's two-week default applies only to them.
ATLAS_STAFF_SESSION_SECONDS = int(os.environ.get("ATLAS_STAFF_SESSION_SECONDS", str(4 * 60 * 60)))

# Password guessing (django-axes): after AXES_FAILURE_LIMIT failures from one address *or* for one
# username, that address or username is refused for AXES_COOLOFF_TIME without checking the password, so
# a guesser neither gets through nor makes the server hash passwords (which starved public pages).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ATLAS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ATLAS_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# Failure logs name the username and address tried (axes masks both by default, which leaves an operator
# nothing to act on); the password is always masked.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# The client address: REMOTE_ADDR, or with ATLAS_PROXY_COUNT trusted proxies in front, the address
# they put in X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("ATLAS_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# ---------------------------------------------------------------- facet index and page cache
# After a write, each process rebuilds its in-memory facet index (atlas.facet_index) in a background
# thread and answers from the previous copy meanwhile ("background"), or rebuilds while the request waits
# ("inline": tests, whose rows sit in a transaction the rebuild thread's connection cannot see).
ATLAS_FACET_INDEX_REBUILD = os.environ.get("ATLAS_FACET_INDEX_REBUILD", "inline" if TESTING else "background")

# Whole public pages cached under the data version, language and URL (config.page_cache): exactly as
# fresh as the data. Off in tests except where they test it (query-count tests count rendered pages).
ATLAS_PAGE_CACHE = env_bool("ATLAS_PAGE_CACHE", default=not TESTING)
ATLAS_PAGE_CACHE_SECONDS = int(os.environ.get("ATLAS_PAGE_CACHE_SECONDS", "600"))
ATLAS_PAGE_CACHE_EXCLUDE = ["/admin/", "/healthz", "/static/"]

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
    # Failed logins and lockouts (django-axes logs each failure with username and address).
    "loggers": {"axes": {"level": "INFO"}},
}
