"""Settings shared by every environment.

Safe by default: DEBUG is off and there is no baked-in secret. Real services switch on
from environment variables; with none set, the embedded defaults serve (SQLite, local
media files, the database search backend and the database task queue).
Every variable is documented in README.md ("Configuration reference").
"""

from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
# A `.env` file next to manage.py is read when present (never committed).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("PARENTSCHOOL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite, media and caches live here by default

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "parentschool.home",
    "parentschool.demo",
    "schools",
    "families",
    "courses",
    "media_pipeline",
    "captions",
    "search",
    "accounts",
    "attendance",
    "selection",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "storages",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Cached pages are answered here, before sessions, locale and CSRF run: a hit costs
    # little more than a cache read. What it stores went through all of them.
    "parentschool.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parentschool.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "parentschool.urls"
WSGI_APPLICATION = "parentschool.wsgi.application"
ASGI_APPLICATION = "parentschool.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.display",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:pass@127.0.0.1:5432/parentschool. Default: SQLite.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'parentschool.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# REDIS_URL, e.g. redis://127.0.0.1:6379/0. Default: an in-process cache.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "parentschool.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "parentschool",
            "TIMEOUT": 600,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Addresses of our own reverse proxies: behind them the client's address is read from
# X-Forwarded-For (parentschool.client_address), e.g. "10.0.0.5,10.0.0.6".
TRUSTED_PROXY_IPS = env.list("TRUSTED_PROXY_IPS", default=[])
# Where open lesson playbacks keep their state between heartbeats (attendance.playback_store):
# Redis when there is one (no database write per beat), else the database row.
ATTENDANCE_PLAYBACK_STORE = env.str(
    "ATTENDANCE_PLAYBACK_STORE", default="redis" if REDIS_URL else "database"
)
ATTENDANCE_PLAYBACK_KEY_PREFIX = "parentschool:playback:"
# Anonymous public pages are cached whole and purged on every publish (parentschool.pagecache);
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# --- Files ----------------------------------------------------------------------------
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]

# AWS_STORAGE_BUCKET_NAME switches media to S3-compatible object storage (AWS, Aliyun OSS,
# Tencent COS, MinIO). The bucket stays private: files are reached through signed URLs
# that expire, and an upload never overwrites an existing key.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
    DEFAULT_FILE_STORAGE_OPTIONS = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
    DEFAULT_FILE_STORAGE_OPTIONS = {}

STORAGES = {
    "default": {
        "BACKEND": DEFAULT_FILE_STORAGE_BACKEND,
        "OPTIONS": DEFAULT_FILE_STORAGE_OPTIONS,
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# --- Search ---------------------------------------------------------------------------
# SEARCH_URL (or ELASTICSEARCH_URL) switches to a search cluster; SEARCH_ENGINE names it:
# opensearch3 (default when a URL is set), opensearch2, elasticsearch8, elasticsearch9.
SEARCH_URL = env.str("SEARCH_URL", default="") or env.str("ELASTICSEARCH_URL", default="")
SEARCH_ENGINE = env.str("SEARCH_ENGINE", default="opensearch3")
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="parentschool_")
SEARCH_ENGINE_BACKENDS = {
    "opensearch2": "modelsearch.backends.opensearch2",
    "opensearch3": "modelsearch.backends.opensearch3",
    "elasticsearch8": "modelsearch.backends.elasticsearch8",
    "elasticsearch9": "modelsearch.backends.elasticsearch9",
}
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_ENGINE_BACKENDS[SEARCH_ENGINE],
            "URLS": [SEARCH_URL],
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
            "TIMEOUT": 10,
            "AUTO_UPDATE": True,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}

# --- Task queue -----------------------------------------------------------------------
# The database queue is the default; `manage.py db_worker` runs the tasks.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "media", "search", "reports"],
    }
}
# A queued task older than this means no worker is taking work: /healthz says so.
TASK_QUEUE_STALL_SECONDS = env.int("TASK_QUEUE_STALL_SECONDS", default=600)

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Logins (public and admin) are refused for a while after repeated failures (accounts.lockout).
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutModelBackend"]

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview panel frames our own pages.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin JavaScript reads the token.

# Content Security Policy (django-csp 4) for the public site. Wagtail's admin relies on
# inline scripts and styles, so it is excluded; it is behind a login.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# Lesson videos and images may come straight from object storage through signed URLs.
_storage_origins = [
    origin
    for origin in (
        env.str("AWS_S3_ENDPOINT_URL", default=""),
        f"https://{env.str('AWS_S3_CUSTOM_DOMAIN', default='')}"
        if env.str("AWS_S3_CUSTOM_DOMAIN", default="")
        else "",
    )
    if origin
]
if AWS_STORAGE_BUCKET_NAME:
    _storage_origins = _storage_origins or ["https://*.amazonaws.com"]
    for _directive in ("img-src", "media-src", "connect-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive] += _storage_origins

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="网上家长学校")
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "txt", "odt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# --- Media tools ----------------------------------------------------------------------
FFMPEG_BINARY = env.str("FFMPEG_BINARY", default="ffmpeg")
FFPROBE_BINARY = env.str("FFPROBE_BINARY", default="ffprobe")
MEDIA_TRANSCODE_PRESET = env.str("MEDIA_TRANSCODE_PRESET", default="veryfast")
MEDIA_PROBE_TIMEOUT = env.int("MEDIA_PROBE_TIMEOUT", default=60)
# A transcode whose heartbeat is older than this is requeued by `requeue_stuck_transcodes`.
MEDIA_JOB_STALL_SECONDS = env.int("MEDIA_JOB_STALL_SECONDS", default=600)
MEDIA_JOB_MAX_ATTEMPTS = env.int("MEDIA_JOB_MAX_ATTEMPTS", default=3)
# Transcodes running at once across all workers, threads per ffmpeg (0: one per core), and how
# long a job waits for a free slot before its task is tried again.
MEDIA_TRANSCODE_CONCURRENCY = env.int("MEDIA_TRANSCODE_CONCURRENCY", default=1)
MEDIA_TRANSCODE_THREADS = env.int("MEDIA_TRANSCODE_THREADS", default=0)
MEDIA_TRANSCODE_WAIT_SECONDS = env.int("MEDIA_TRANSCODE_WAIT_SECONDS", default=15)
# The worker runs the watchdog and upload expiry this often while there is work to watch.
MEDIA_MAINTENANCE_SECONDS = env.int("MEDIA_MAINTENANCE_SECONDS", default=300)
MEDIA_UPLOAD_RETRY_DELAYS = (1, 2, 4, 8)  # seconds between attempts to store HLS output
MEDIA_SIGNED_URL_SECONDS = env.int("MEDIA_SIGNED_URL_SECONDS", default=60)
# Resumable uploads (tus 1.0): the largest file, where partial uploads wait, and how long an
# abandoned one is kept after its last chunk (`manage.py expire_abandoned_uploads`).
MEDIA_UPLOAD_MAX_BYTES = env.int("MEDIA_UPLOAD_MAX_BYTES", default=4 * 1024**3)
MEDIA_UPLOAD_TMP_DIR = Path(env.str("MEDIA_UPLOAD_TMP_DIR", default=str(VAR_DIR / "uploads")))
MEDIA_UPLOAD_EXPIRE_SECONDS = env.int("MEDIA_UPLOAD_EXPIRE_SECONDS", default=24 * 3600)

# --- Logging: one JSON object per line on stderr, for any log collector -----------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}

# --- Search: Chinese on every backend (search/) ----------------------------------------
# Embedded default: the database backend with jieba word segmentation (search/backends/
# database.py). A search cluster analyses Chinese with the smartcn plugin (search/analysis.py).
from search.analysis import ENGINE_INDEX_SETTINGS  # noqa: E402

if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_SETTINGS"] = ENGINE_INDEX_SETTINGS
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
