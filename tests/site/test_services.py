"""The real services CI starts: PostgreSQL, Redis and S3-compatible storage."""

import uuid

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.db import connection
from storages.backends.s3 import S3Storage

from tests.services import needs_postgres, needs_redis, needs_s3, s3_storage_options


@needs_postgres
@pytest.mark.django_db
def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13


@needs_redis
def test_redis_cache_round_trip(settings):
    from parentschool.cache import RedisCache

    cache = RedisCache(settings.TEST_REDIS_URL, {"KEY_PREFIX": f"t{uuid.uuid4().hex}"})
    cache.set("课时", 8, timeout=30)
    assert cache.get("课时") == 8
    # One redis client per pool, not one per call.
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


@needs_s3
def test_s3_storage_is_private_and_never_overwrites():
    storage = S3Storage(**s3_storage_options())
    first = storage.save("lessons/clip.txt", ContentFile("第一课".encode()))
    second = storage.save("lessons/clip.txt", ContentFile("第二课".encode()))
    try:
        assert first != second  # no overwrite: the second upload got a new key
        with storage.open(first) as handle:
            assert handle.read().decode() == "第一课"
        signed = storage.url(first)
        assert "Signature=" in signed or "X-Amz-Signature=" in signed
        assert requests.get(signed, timeout=10).content.decode() == "第一课"
        unsigned = signed.split("?", 1)[0]
        assert requests.get(unsigned, timeout=10).status_code == 403
    finally:
        storage.delete(first)
        storage.delete(second)


@needs_s3
def test_s3_objects_have_no_public_grant():
    options = s3_storage_options()
    storage = S3Storage(**options)
    name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"x"))
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )
    try:
        grants = client.get_object_acl(Bucket=options["bucket_name"], Key=name)["Grants"]
        assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]
    except ClientError as error:  # a server without ACL support keeps objects private
        assert error.response["Error"]["Code"] in {"NotImplemented", "AccessDenied"}
    finally:
        storage.delete(name)
