"""Captions on S3-compatible object storage: stored, served through our route, replaced."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings

from captions.services import caption_attach
from tests.services import needs_s3, s3_storage_options

from .samples import SRT, VTT

pytestmark = [pytest.mark.s3, pytest.mark.django_db, needs_s3]


def s3_storages() -> dict:
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_storage_options()},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_captions_are_stored_in_the_bucket_and_served_by_the_route(
    city, django_capture_on_commit_callbacks
):
    video = city["video_a"]
    with override_settings(STORAGES=s3_storages()):
        old = caption_attach(
            video=video, language="zh-Hans", data=VTT.encode(), original_name="a.vtt", user=None
        )
        assert default_storage.exists(old.file_key)
        assert type(default_storage._wrapped).__name__ == "S3Storage"
        response = Client().get(old.url)
        assert response.status_code == 200 and "各位家长好" in response.content.decode()

        with django_capture_on_commit_callbacks(execute=True):
            new = caption_attach(
                video=video,
                language="zh-Hans",
                data=SRT.encode("gbk"),
                original_name="b.srt",
                user=None,
            )
        assert not default_storage.exists(old.file_key)
        with default_storage.open(new.file_key, "rb") as handle:
            assert "孩子放学回家" in handle.read().decode("utf-8")
        assert "孩子放学回家" in Client().get(new.url).content.decode()
