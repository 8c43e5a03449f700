"""Skip markers for tests that need a real service; CI sets every variable."""

import pytest
from django.conf import settings

needs_postgres = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="needs DATABASE_URL pointing at PostgreSQL",
)
needs_redis = pytest.mark.skipif(not settings.TEST_REDIS_URL, reason="needs REDIS_URL")
needs_s3 = pytest.mark.skipif(
    not (settings.TEST_S3["endpoint_url"] and settings.TEST_S3["bucket_name"]),
    reason="needs AWS_S3_ENDPOINT_URL and AWS_STORAGE_BUCKET_NAME (an S3-compatible server)",
)
needs_search_engine = pytest.mark.skipif(
    not settings.TEST_SEARCH_URL, reason="needs SEARCH_URL (Elasticsearch or OpenSearch)"
)


def s3_storage_options(**overrides) -> dict:
    options = {key: value for key, value in settings.TEST_S3.items() if value} | {
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    return options | overrides
