"""Outputs on object storage: fresh prefixes, playback through our route and signed URLs,
and uploads that survive (or clearly report) a storage outage."""

import logging

import pytest
import requests
from botocore.config import Config
from django.core.files.storage import FileSystemStorage, default_storage
from django.test import Client, override_settings

from media_pipeline.models import Video
from tests.factories import UserFactory
from tests.services import needs_s3, s3_storage_options

pytestmark = pytest.mark.django_db(transaction=True)


def storages(**options) -> dict:
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_upload_retries_then_succeeds(upload, clip, run_tasks, monkeypatch, caplog):
    real_save = FileSystemStorage._save
    failures = {"left": 2}

    def flaky_save(self, name, content):
        if name.endswith("master.m3u8") and failures["left"]:
            failures["left"] -= 1
            raise OSError("connection reset by peer")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", flaky_save)
    video = upload(clip)
    with caplog.at_level(logging.WARNING, logger="media_pipeline.storage"):
        run_tasks()
    video.refresh_from_db()
    assert video.status == "ready"
    assert default_storage.exists(video.hls_prefix + "master.m3u8")
    assert sum("retrying" in r.getMessage() for r in caplog.records) == 2


@needs_s3
def test_s3_outputs_land_under_a_fresh_prefix_and_play_through_the_route(upload, clip, run_tasks):
    with override_settings(STORAGES=storages(**s3_storage_options())):
        video = upload(clip)
        run_tasks()
        video.refresh_from_db()
        assert video.status == "ready", video.error_message
        storage = default_storage
        assert video.hls_prefix.startswith(f"videos/hls/{video.pk}/")
        _, files = storage.listdir(video.hls_prefix.rstrip("/"))
        assert {"master.m3u8", "poster.jpg", "thumbnails.vtt"} <= set(files)

        client = Client()
        client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
        master = client.get(video.playlist_url)
        assert master.status_code == 200 and b"360p/index.m3u8" in master.content
        variant = client.get(video.file_url("360p/index.m3u8")).content.decode()
        first = next(line for line in variant.splitlines() if line.endswith(".ts"))
        segment = client.get(video.file_url(f"360p/{first}"))
        assert segment.status_code == 302
        signed = segment["Location"]
        assert "X-Amz-Signature=" in signed and "X-Amz-Expires=60" in signed
        fetched = requests.get(signed, timeout=10)
        assert fetched.status_code == 200 and fetched.content[:1] == b"\x47"
        assert fetched.headers["Content-Type"] == "video/mp2t"
        assert requests.get(signed.split("?")[0], timeout=10).status_code == 403
        assert Client().get(video.playlist_url).status_code == 404  # strangers


@needs_s3
def test_s3_going_away_during_upload_fails_clearly_and_keeps_the_source(
    upload, clip, run_tasks, monkeypatch, caplog
):
    import media_pipeline.services as services

    real_transcode = services.transcode_hls
    unreachable = override_settings(
        STORAGES=storages(
            **s3_storage_options(
                endpoint_url="http://127.0.0.1:9",
                client_config=Config(retries={"max_attempts": 1}, connect_timeout=1),
            )
        )
    )

    def transcode_then_lose_storage(**kwargs):
        output = real_transcode(**kwargs)
        unreachable.enable()  # the S3 server goes away once the outputs are ready
        return output

    monkeypatch.setattr(services, "transcode_hls", transcode_then_lose_storage)
    with override_settings(STORAGES=storages(**s3_storage_options())):
        video = upload(clip)
        with caplog.at_level(logging.WARNING, logger="media_pipeline.storage"):
            try:
                run_tasks()
            finally:
                unreachable.disable()
        video = Video.objects.get(pk=video.pk)
        job = video.jobs.get()
        assert (video.status, job.status, job.error_code) == ("failed", "failed", "upload")
        assert "已重试 3 次" in video.error_message and "原文件已保留" in video.error_message
        assert "EndpointConnectionError" in job.log_tail or "Could not connect" in job.log_tail
        assert sum("retrying" in r.getMessage() for r in caplog.records) == 3
        assert video.hls_prefix == ""
        assert default_storage.exists(video.source_key)  # the source survives in the bucket
