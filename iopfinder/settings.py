"""IOP Finder settings: one file, every difference between machines is an environment variable.

Each variable is documented in the README's configuration table.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key only ever serves local development; production sets DJANGO_SECRET_KEY. Its
# "django-insecure-" prefix makes `check --deploy` fail (security.W009) where it was forgotten.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-dev-only-key-set-DJANGO_SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "programs",
    "insurance",
    "feeds",
    "api",
    "axes",
    "casework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lets listing history record which signed-in person saved a change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "casework.security.IdleTimeoutMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iopfinder.urls"
WSGI_APPLICATION = "iopfinder.wsgi.application"

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
                "programs.context_processors.crisis_line",
                "programs.context_processors.map_tiles",
                "casework.context_processors.workspace",
                "programs.pagecache.csrf_placeholder",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Case manager workspace (casework/): sign-in throttled by django-axes per address and per account, then
# locked for a cool-off; signed-in sessions end after SESSION_IDLE_MINUTES without a request.
AUTHENTICATION_BACKENDS = [
    "casework.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "casework:login"
LOGIN_REDIRECT_URL = "casework:dashboard"
LOGOUT_REDIRECT_URL = "programs:home"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "casework.security.client_address"
AXES_LOCKOUT_TEMPLATE = "casework/locked_out.html"
SESSION_IDLE_SECONDS = 60 * int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
CASEWORK_SHARE_DAYS = int(os.environ.get("SHARE_LINK_DAYS", "14"))
CASEWORK_INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Production hardening switches on with DJANGO_SECURE=true (behind TLS).
if env_bool("DJANGO_SECURE", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Celery: a real Redis broker when REDIS_URL is set, otherwise tasks run in-process (make run).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Results name the worker that ran a task (bench/scaleout.py shows two workers sharing the queue).
CELERY_RESULT_EXTENDED = True

# Django's cache holds the API rate-limit counts and the cached vocabularies. Several app servers must
# share one: CACHE_URL=redis://host:6379/1 — a Redis database other than the broker's, because clearing
# a cache flushes its whole database. Without it each process keeps its own (fine for one `make run`).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "iopfinder"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Hourly, beat enqueues a refresh of every enabled source that is due (Source.refresh_every_hours,
# 24 by default: nightly). Exactly one beat process runs.
CELERY_BEAT_SCHEDULE = {
    "enqueue-due-refreshes": {"task": "feeds.tasks.enqueue_due_refreshes", "schedule": 3600.0},
}

# How long (seconds) the importer waits on a feed URL before giving up, and the first retry's pause
# (doubling on each further retry).
FEED_HTTP_TIMEOUT = float(os.environ.get("FEED_HTTP_TIMEOUT", "30"))
FEED_RETRY_BACKOFF = float(os.environ.get("FEED_RETRY_BACKOFF", "2"))
# How long the filter panel's counts of one search are reused (0: never cached). Results never lag a change;
# counts guide the next click and may lag a change by this long (cheap re-renders of cached pages).
FACET_CACHE_SECONDS = int(os.environ.get("FACET_CACHE_SECONDS", "120"))
# How long a page or API answer for visitors without a session is kept (0: never cached). Any change to the
# listings makes kept pages unreachable at once (programs/pagecache.py): this bounds the cache's size and
# how long a program page's "confirmed N days ago" may lag.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# Listings neither refreshed nor verified for this many days are flagged stale.
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "180"))
# "Report wrong information": reports one client (by address) may send per hour and one listing may
# receive per day, and how many people must report a listing closed or its phone disconnected before
# its public page warns of it.
REPORTS_PER_CLIENT_HOUR = int(os.environ.get("REPORTS_PER_CLIENT_HOUR", "5"))
REPORTS_PER_LISTING_DAY = int(os.environ.get("REPORTS_PER_LISTING_DAY", "20"))
REPORTS_TO_FLAG = int(os.environ.get("REPORTS_TO_FLAG", "3"))

# The search page's map (Leaflet, served from static/): the tile server and the credit its licence asks for.
# An empty MAP_TILE_URL shows the markers on a blank background, with no requests to a tile server.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)


def env_rate(name: str, default: str) -> str | None:
    """A DRF throttle rate such as "60/minute"; "off" means no limit."""
    value = (os.environ.get(name) or default).strip()
    return None if value.lower() == "off" else value


# Public API (api/): anonymous clients are limited per address, partners per API key; the counts live
# in Django's cache. CORS stays off unless origins are listed.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.PartnerThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_ANON_RATE", "60/minute"),
        "partner": env_rate("API_PARTNER_RATE", "1000/minute"),
    },
    # Behind N reverse proxies, the client address is the N-th from the right in X-Forwarded-For.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IOP Finder API",
    "DESCRIPTION": "Read-only access to IOP Finder's treatment program listings: the search page's filters, "
    "results and order as JSON, and an Open Referral HSDS 3.0 view of the same data. Anonymous clients are "
    "rate-limited per address; partners send `Authorization: Api-Key <key>` or `X-Api-Key: <key>`.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/(v1/)?",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "x-api-key"]

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # The handler's level too: Django's own loggers (django.request's 4xx warnings) do not obey root's.
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "level": LOG_LEVEL},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
