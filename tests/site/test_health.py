"""/healthz answers 200 when every part works and 503 naming the part that failed."""

import datetime
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.tasks import update_reference_index_task

from courses.models import Topic
from tests.services import needs_redis, needs_s3, needs_search_engine, s3_storage_options

pytestmark = pytest.mark.django_db

UNREACHABLE = "127.0.0.1:9"  # the discard port: nothing listens there


def enqueue_real_task():
    topic = Topic.objects.create(name="亲子沟通", slug="goutong")
    update_reference_index_task.enqueue("courses", "topic", topic.pk)


def get_health(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_all_parts_healthy(client):
    status, body = get_health(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "tasks", "search"}


def test_database_down(client):
    with mock.patch(
        "parentschool.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        status, body = get_health(client)
    assert status == 503
    # The queue and the database search backend live in the database too.
    assert body["failed"][0] == "database"
    assert "connection refused" in body["checks"]["database"]["detail"]


def test_cache_down(client):
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://{UNREACHABLE}/0",
            }
        }
    ):
        status, body = get_health(client)
    assert status == 503
    assert body["failed"] == ["cache"]
    assert "ConnectionError" in body["checks"]["cache"]["detail"]


def test_storage_down(client):
    broken = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "lessons",
                "endpoint_url": f"http://{UNREACHABLE}",
                "access_key": "x",
                "secret_key": "y",
                "region_name": "us-east-1",
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=broken, AWS_MAX_ATTEMPTS=1):
        status, body = get_health(client)
    assert status == 503
    assert body["failed"] == ["storage"]
    assert "EndpointConnectionError" in body["checks"]["storage"]["detail"]


def test_search_engine_down(client):
    broken = {
        "default": {
            "BACKEND": "modelsearch.backends.opensearch3",
            "URLS": [f"http://{UNREACHABLE}"],
            "TIMEOUT": 2,
            "OPTIONS": {"max_retries": 0},
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=broken):
        status, body = get_health(client)
    assert status == 503
    assert body["failed"] == ["search"]
    assert "Connection" in body["checks"]["search"]["detail"]


def test_task_queue_stalled_when_no_worker_takes_work(client, settings):
    settings.TASK_QUEUE_STALL_SECONDS = 60
    enqueue_real_task()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
    status, body = get_health(client)
    assert status == 503
    assert body["failed"] == ["tasks"]
    assert "no task worker is taking work" in body["checks"]["tasks"]["detail"]


def test_task_deferred_until_recently_is_not_a_stall(client, settings):
    """A task queued long ago to run after a delay has waited only since it became due."""
    settings.TASK_QUEUE_STALL_SECONDS = 60
    enqueue_real_task()
    now = timezone.now()
    DBTaskResult.objects.update(
        enqueued_at=now - datetime.timedelta(minutes=30),
        run_after=now - datetime.timedelta(seconds=10),
    )
    status, body = get_health(client)
    assert status == 200, body
    DBTaskResult.objects.update(run_after=now - datetime.timedelta(minutes=5))
    status, body = get_health(client)
    assert status == 503
    assert body["failed"] == ["tasks"]


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection
def test_task_queue_healthy_once_a_worker_has_run(client, settings, run_tasks):
    settings.TASK_QUEUE_STALL_SECONDS = 60
    enqueue_real_task()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
    run_tasks()
    status, body = get_health(client)
    assert status == 200, body


@needs_s3
def test_real_s3_storage_is_healthy(client):
    storages = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage_options()},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        status, body = get_health(client)
    assert status == 200, body
    assert body["checks"]["storage"]["detail"] == "S3Storage"


@needs_redis
def test_real_redis_cache_is_healthy(client, settings):
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.TEST_REDIS_URL,
            }
        }
    ):
        status, body = get_health(client)
    assert status == 200, body
    assert body["checks"]["cache"]["detail"] == "RedisCache"


@needs_search_engine
def test_real_search_engine_is_healthy(client, settings):
    engine = {
        "default": {
            "BACKEND": "modelsearch.backends.opensearch3",
            "URLS": [settings.TEST_SEARCH_URL],
            "INDEX_PREFIX": "test_health_",
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=engine):
        status, body = get_health(client)
    assert status == 200, body
    assert "cluster" in body["checks"]["search"]["detail"]
