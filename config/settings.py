"""The one settings module. Every knob comes from the environment.

With nothing set, belregions runs on the embedded default: SQLite in `var/`,
Celery tasks run in-process, DEBUG on. Set DATABASE_URL and CELERY_BROKER_URL
for the real deployment (PostgreSQL, Redis). Each variable is documented in
README.md; a test fails when one is not.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import (
    broker_from_env,
    cache_from_env,
    database_from_env,
    env_bool,
    env_int,
    env_list,
    env_str,
    rate_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-belregions-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

INSTALLED_APPS = [
    "config.admin_app.AdminConfig",  # Django's admin with failed log-ins limited (ADMIN_LOGIN_THROTTLE)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "belregions",
    "articles",
    "dashboard",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The dashboard's and the admin's language comes from the URL (/ru/…); unprefixed addresses and the API are English.
    "django.middleware.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {"default": database_from_env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'belregions.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that a worker subprocess in the tests sees it too.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite's files, beat's schedule
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6 default, now

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# whitenoise serves the collected files with a .gz and (the brotli package installed) a .br beside each; it does not
# know the map's GeoJSON, which would otherwise go out as application/octet-stream.
WHITENOISE_MIMETYPES = {".geojson": "application/geo+json"}
# Pages name every file by its hashed name ({% static %}), so the unhashed copies are never served: without them
# collectstatic compresses each file once, not twice (the plotly bundle and the map at brotli's best take seconds).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "media/"

# Uploads: the per-file limit editors see in their error messages.
ARTICLE_MAX_UPLOAD_BYTES = env_int("ARTICLE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_UPLOAD_BYTES + 1024 * 1024
# An article left queued or parsing longer than this is re-queued by the sweep.
PARSE_STUCK_AFTER_MINUTES = env_int("PARSE_STUCK_AFTER_MINUTES", 15, minimum=1)

# Celery: with no broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = broker_from_env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "belregions")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 60, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 90, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker waits out a broker outage of any length (Celery's default gives up after 100 tries), and
# tries again every couple of seconds (config.celery.Consumer), so it notices the broker's return.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CONSUMER = "config.celery:Consumer"
# Don't hang an upload for long when the broker is down: the article stays
# queued and the sweep picks it up.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TIMEZONE = TIME_ZONE

# Production hardening; `manage.py check --deploy` is clean with DEBUG=0.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- JSON API (api/): the versioned API for consumers, at /api/v1/ -----------
# The default cache keeps the dashboard's and the API's answers (belregions/read_cache.py), per process.
# Throttle counters: per process unless a shared Redis is named (gunicorn runs several workers).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api_throttle": cache_from_env("API_THROTTLE_CACHE_URL", "api-throttle"),
}
# Failed admin log-ins one address may make before the password is no longer tried (counted in the
# same cache as the API's throttles, so shared by all web processes when API_THROTTLE_CACHE_URL is set).
ADMIN_LOGIN_THROTTLE = rate_from_env("ADMIN_LOGIN_THROTTLE", "10/minute")
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50, minimum=1)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500, minimum=1)
# A list with more rows than this reports PostgreSQL's estimate as its count (count_exact: false); ?count=exact counts.
API_COUNT_ESTIMATE_ABOVE = env_int("API_COUNT_ESTIMATE_ABOVE", 10_000, minimum=0)
if API_PAGE_SIZE > API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured(
        f"API_PAGE_SIZE ({API_PAGE_SIZE}) must not exceed API_MAX_PAGE_SIZE ({API_MAX_PAGE_SIZE})")
# Datasette-style time limit on one request's SQL (PostgreSQL): a slow filter gets a 503, not a stuck worker.
API_QUERY_TIMEOUT_MS = env_int("API_QUERY_TIMEOUT_MS", 3000, minimum=0)
# Read answers are kept this many seconds in the default cache, keyed by a data version (belregions/read_cache.py),
# so an upload, a parse or an editor's review shows at once; 0 computes every answer.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 600)
# A process reads that data version at most this often: a parse elsewhere may take this long to show.
API_CACHE_VERSION_SECONDS = env_int("API_CACHE_VERSION_SECONDS", 1)
# Adds /api/v1/bench/constant/, a bare DRF view the load benchmark compares the API with.
API_BENCH_ENDPOINT = env_bool("API_BENCH_ENDPOINT", False)
# Conditional GET: every read answers Cache-Control max-age this many seconds (with an ETag and a
# Last-Modified from the data version, so a client revalidates cheaply); 0: revalidate every time.
API_HTTP_MAX_AGE = env_int("API_HTTP_MAX_AGE", 60)
# CORS (django-cors-headers; api/cors.py): the origins that may read the API from a browser page, "*" for
# any. Reads only (GET, HEAD and their preflight): no origin may write, whatever this says.
API_CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS", ["*"])
CORS_URLS_REGEX = r"^$"  # none by the library's own rule: api/cors.py decides, request by request
CORS_ALLOWED_ORIGINS: list[str] = []
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since", "user-agent"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "X-Total-Count", "Content-Disposition", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.renderers.CSVRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.AnonThrottle", "api.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": rate_from_env("API_THROTTLE_ANON", "120/minute"),
        "user": rate_from_env("API_THROTTLE_USER", "1200/minute"),
        "upload": rate_from_env("API_THROTTLE_UPLOAD", "60/minute"),
        "login": rate_from_env("API_THROTTLE_LOGIN", "10/minute"),
    },
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0) or None,
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "belregions API",
    "DESCRIPTION": "Ties between Belarus and the regions of Russia, read from news articles. "
                   "See docs/api.md for tokens, rates, pagination and CSV.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.refine"],
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "belregions.models.RegionKind",
        "MeetingKindEnum": "belregions.models.MeetingKind",
        "AgreementKindEnum": "belregions.models.AgreementKind",
        "SectorSlugEnum": "api.schema.sector_slugs",
        "RegionCodeEnum": "api.schema.region_codes",
        "BelarusRegionCodeEnum": "api.schema.belarus_region_codes",
        "RegionOrRussiaCodeEnum": "api.schema.region_or_russia_codes",
    },
}

# Editors' workflow (articles/): batch uploads, the sweep of stuck articles.
# A zip is unpacked in memory, file by file, within these bounds.
ARTICLE_MAX_ZIP_BYTES = env_int("ARTICLE_MAX_ZIP_BYTES", 50 * 1024 * 1024, minimum=1)
ARTICLE_MAX_ZIP_FILES = env_int("ARTICLE_MAX_ZIP_FILES", 1000, minimum=1)
# Files in one upload request (Django refuses more with a 400); bigger batches go in a zip.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
PARSE_SWEEP_EVERY_SECONDS = env_int("PARSE_SWEEP_EVERY_SECONDS", 300, minimum=10)
# An article whose worker was lost this many times in a row is marked failed, not re-queued again.
PARSE_SWEEP_MAX_REQUEUES = env_int("PARSE_SWEEP_MAX_REQUEUES", 3, minimum=1)
# Recovery (articles/recovery.py): how often beat re-sends what the broker refused and re-queues what
# a dead worker held, and how long a run may go unheld by any live worker before it counts as lost.
PARSE_RECOVER_EVERY_SECONDS = env_int("PARSE_RECOVER_EVERY_SECONDS", 10, minimum=1)
PARSE_LOST_AFTER_SECONDS = env_int("PARSE_LOST_AFTER_SECONDS", 10, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-articles": {"task": "articles.tasks.sweep_stuck", "schedule": float(PARSE_SWEEP_EVERY_SECONDS)},
    # A recovery not picked up before the next one is due is dropped: they must not pile up in an outage.
    "recover-parses": {"task": "articles.tasks.recover", "schedule": float(PARSE_RECOVER_EVERY_SECONDS),
                       "options": {"expires": float(PARSE_RECOVER_EVERY_SECONDS)}},
}
# The health check (config/health.py: /healthz and the admin's banner): how long it waits for the
# broker and the workers, and how long no worker may answer before it says so.
HEALTH_TIMEOUT_MS = env_int("HEALTH_TIMEOUT_MS", 500, minimum=50)
HEALTH_WORKERS_GRACE_SECONDS = env_int("HEALTH_WORKERS_GRACE_SECONDS", 60, minimum=0)
# Beat keeps its last-run times here (VAR_DIR is writable in the container; the code directory is not).
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Dashboard (dashboard/): a page's data and charts are kept this many seconds in
# the default cache, keyed by a data version so that a parse or an editor's change
# shows on the next request; 0 recomputes every page on every request.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 600)
