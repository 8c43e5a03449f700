"""Test settings.

The database follows DATABASE_URL, so CI runs the whole suite on PostgreSQL. Cache,
media storage and search stay embedded for isolation; the tests for Redis, S3 and the
search engine switch to the real service explicitly (with override_settings) when its
variable is set, and skip with a reason when it is not.
"""

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0  # tests of the page cache switch it on themselves
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
# Tasks wait in the database queue until a test runs them (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "media", "search", "reports"],
    }
}

# The real services, for the tests that use them.
TEST_REDIS_URL = env.str("REDIS_URL", default="")
# Tests of the Redis playback store switch it on themselves (tests/attendance).
ATTENDANCE_PLAYBACK_STORE = "database"
TEST_SEARCH_URL = env.str("SEARCH_URL", default="")
TEST_S3 = {
    "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default=""),
    "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=""),
    "access_key": env.str("AWS_ACCESS_KEY_ID", default=""),
    "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=""),
    "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
