import os

import pytest
from django.conf import settings


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_report_header(config):
    """Say which real services this run exercises, so a CI log shows it."""
    services = {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "redis": "yes" if settings.TEST_REDIS_URL else "no (REDIS_URL unset)",
        "s3": "yes" if settings.TEST_S3["endpoint_url"] else "no (AWS_S3_ENDPOINT_URL unset)",
        "search engine": "yes" if settings.TEST_SEARCH_URL else "no (SEARCH_URL unset)",
        "browser": "yes" if os.path.exists(chromium_path()) else "no (chromium missing)",
    }
    return "services: " + ", ".join(f"{k}={v}" for k, v in services.items())


@pytest.fixture
def run_tasks():
    """Run every queued task now, as a worker would (`manage.py db_worker --batch`).
    The worker closes its database connection: use it in transactional tests."""
    from django.core.management import call_command

    def run():
        call_command("db_worker", batch=True, queue_name="*", reload=False, verbosity=0)

    return run


@pytest.fixture(scope="session", autouse=True)
def s3_bucket():
    """Create the test bucket on the S3-compatible server when one is configured."""
    options = settings.TEST_S3
    if not (options["endpoint_url"] and options["bucket_name"]):
        return
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        region_name=options["region_name"],
    )
    existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if options["bucket_name"] not in existing:
        client.create_bucket(Bucket=options["bucket_name"])
