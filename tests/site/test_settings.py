"""Settings switch between the embedded defaults and real services by environment alone."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, importlib
from django.conf import settings
import django
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "storage": settings.STORAGES["default"]["BACKEND"],
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "search_urls": settings.WAGTAILSEARCH_BACKENDS["default"].get("URLS"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "tasks": settings.TASKS["default"]["BACKEND"],
    "language": settings.LANGUAGE_CODE,
    "debug": settings.DEBUG,
}))
"""

SERVICE_VARIABLES = [
    "DATABASE_URL",
    "REDIS_URL",
    "SEARCH_URL",
    "ELASTICSEARCH_URL",
    "SEARCH_ENGINE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]


def load_settings(module: str, tmp_path: Path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    clean |= {"DJANGO_SETTINGS_MODULE": module, "PARENTSCHOOL_VAR_DIR": str(tmp_path), **env}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_with_nothing_set(tmp_path):
    values = load_settings("parentschool.settings.dev", tmp_path)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(tmp_path / "parentschool.sqlite3")
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"
    assert values["search"] == "search.backends.database"  # jieba-segmented Chinese
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["language"] == "zh-hans"


def test_environment_switches_on_real_services(tmp_path):
    values = load_settings(
        "parentschool.settings.production",
        tmp_path,
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://ps:secret@db.internal:5432/parentschool",
        REDIS_URL="redis://cache.internal:6379/1",
        SEARCH_URL="http://search.internal:9200",
        AWS_STORAGE_BUCKET_NAME="lessons",
        AWS_S3_ENDPOINT_URL="https://oss-cn-hangzhou.aliyuncs.com",
    )
    assert values["db"] == "django.db.backends.postgresql"
    assert values["db_name"] == "parentschool"
    assert values["cache"] == "parentschool.cache.RedisCache"
    assert values["search"] == "modelsearch.backends.opensearch3"
    assert values["search_urls"] == ["http://search.internal:9200"]
    assert values["storage"] == "storages.backends.s3.S3Storage"
    options = values["storage_options"]
    assert options["bucket_name"] == "lessons"
    assert options["endpoint_url"] == "https://oss-cn-hangzhou.aliyuncs.com"
    # A private bucket that never overwrites: lesson files are reached by signed URLs only.
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert values["debug"] is False


def test_search_engine_is_chosen_by_name(tmp_path):
    values = load_settings(
        "parentschool.settings.dev",
        tmp_path,
        ELASTICSEARCH_URL="http://es.internal:9200",
        SEARCH_ENGINE="elasticsearch8",
    )
    assert values["search"] == "modelsearch.backends.elasticsearch8"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean
        | {
            "DJANGO_SETTINGS_MODULE": "parentschool.settings.production",
            "PARENTSCHOOL_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_passes_under_production_settings(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy"],
        env=clean
        | {
            "DJANGO_SETTINGS_MODULE": "parentschool.settings.production",
            "PARENTSCHOOL_VAR_DIR": str(tmp_path),
            "SECRET_KEY": secrets.token_urlsafe(64),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reported = set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", result.stdout + result.stderr))
    # HSTS preload (security.W021) is an opt-in commitment, off by default: see README.
    assert reported <= {"security.W021"}, result.stdout + result.stderr
