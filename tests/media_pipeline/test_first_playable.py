"""The lowest rung is published first, the full ladder after, and a player is never handed a
master playlist that names a file which is not there."""

import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.utils import timezone

from media_pipeline import jobs
from media_pipeline.models import Status, TranscodeJob
from media_pipeline.playlists import merge_masters
from media_pipeline.services import requeue_stuck_jobs, video_retry
from tests.factories import UserFactory
from tests.services import needs_s3, s3_storage_options

from .playback import assert_stored_completely, play_everything
from .test_storage import storages

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def viewer():
    client = Client()
    client.force_login(UserFactory(username="viewer", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def before_final_publish(monkeypatch):
    """Calls ``check(run)`` just before a run switches the video to its full ladder."""
    checks = []
    real_publish = jobs.publish

    def publish(run, **kwargs):
        for check in checks:
            check(run)
        return real_publish(run, **kwargs)

    monkeypatch.setattr(jobs, "publish", publish)
    return checks.append


def test_lowest_rung_plays_before_the_ladder_is_done(
    upload, clip_720p, run_tasks, viewer, before_final_publish
):
    seen = {}

    def while_the_ladder_is_stored(run):
        video = type(upload_video).objects.get(pk=upload_video.pk)
        seen["status"], seen["preview"] = video.status, video.hls_preview
        seen["progress"] = TranscodeJob.objects.get(pk=run.job_id).progress
        seen["url"] = video.playlist_url
        seen["played"] = play_everything(viewer, video)

    before_final_publish(while_the_ladder_is_stored)
    upload_video = upload(clip_720p)
    run_tasks()

    # Mid-run: playable from first.m3u8, which names only the 360p rung and the audio.
    assert seen["status"] == Status.TRANSCODING and seen["preview"] is True
    assert seen["url"].endswith("/first.m3u8")
    assert set(seen["played"]) == {"360p/index.m3u8", "audio/index.m3u8"}
    assert 20 <= seen["progress"] < 100

    upload_video.refresh_from_db()
    assert upload_video.status == Status.READY and not upload_video.hls_preview
    assert upload_video.playlist_url.endswith("/master.m3u8")
    played = play_everything(viewer, upload_video)
    assert set(played) == {f"{name}/index.m3u8" for name in ("360p", "540p", "720p", "audio")}
    master = viewer.get(upload_video.playlist_url).content.decode()
    assert re.findall(r"RESOLUTION=(\d+x\d+)", master) == ["640x360", "960x540", "1280x720"]
    assert master.count("TYPE=AUDIO") == 1
    # Same output prefix: the preview's master still answers (a cached page may hold it).
    assert default_storage.exists(upload_video.hls_prefix + "first.m3u8")
    assert upload_video.poster_url and upload_video.thumbnails_url


def test_a_video_that_already_plays_keeps_its_ladder_until_the_new_one_is_complete(
    upload, clip_720p, run_tasks, viewer, before_final_publish
):
    video = upload(clip_720p)
    run_tasks()
    video.refresh_from_db()
    old_prefix = video.hls_prefix
    seen = []
    before_final_publish(
        lambda run: seen.append(type(video).objects.values_list("hls_prefix", "hls_preview").get())
    )
    video_retry(video=video, user=None)
    run_tasks()
    assert seen == [(old_prefix, False)]  # no preview over a complete ladder
    video.refresh_from_db()
    assert video.hls_prefix != old_prefix and video.status == Status.READY
    assert not default_storage.exists(old_prefix + "master.m3u8")
    play_everything(viewer, video)


def test_failure_after_the_preview_keeps_it_playable(
    upload, clip_720p, run_tasks, viewer, monkeypatch
):
    from media_pipeline import passes

    real_merge = passes.merge_masters

    def broken_merge(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(passes, "merge_masters", broken_merge)
    video = upload(clip_720p)
    run_tasks()
    video.refresh_from_db()
    job = video.jobs.get()
    assert (job.status, job.error_code, video.status) == ("failed", "internal", "failed")
    assert "重试" in video.error_message
    assert video.is_ready and video.hls_preview  # parents still get the lowest rung
    assert set(play_everything(viewer, video)) == {"360p/index.m3u8", "audio/index.m3u8"}

    monkeypatch.setattr(passes, "merge_masters", real_merge)
    preview_prefix = video.hls_prefix
    video_retry(video=video, user=None)
    run_tasks()
    video.refresh_from_db()
    assert video.status == Status.READY and not video.hls_preview
    assert video.hls_prefix != preview_prefix
    assert not default_storage.exists(preview_prefix + "first.m3u8")  # replaced, then removed
    assert len(play_everything(viewer, video)) == 4


def test_watchdog_keeps_a_dead_runs_published_preview(upload, clip_720p, run_tasks, monkeypatch):
    """A worker dies after publishing the preview: the preview stays until a new run's
    output replaces it."""
    from media_pipeline import passes

    def die(**kwargs):
        raise KeyboardInterrupt  # not an Exception: the run leaves its row as it was

    monkeypatch.setattr(passes, "merge_masters", die)
    video = upload(clip_720p)
    run_tasks()  # the worker records its task as failed; our code never saw the exception
    video.refresh_from_db()
    job = video.jobs.get()
    assert job.status == Status.TRANSCODING and video.hls_preview
    preview = video.hls_prefix

    later = timezone.now() + timedelta(hours=1)
    assert requeue_stuck_jobs(now=later) == {"requeued": [job.pk], "failed": []}
    assert default_storage.exists(preview + "first.m3u8")  # still published, still there
    monkeypatch.undo()
    run_tasks()
    video.refresh_from_db()
    assert video.status == Status.READY and video.hls_prefix != preview
    assert not default_storage.exists(preview + "first.m3u8")


@needs_s3
def test_on_s3_each_master_names_only_stored_files(
    upload, clip_720p, run_tasks, before_final_publish
):
    storage = default_storage
    seen = []

    def preview_is_complete(run):
        video = type(uploaded).objects.get(pk=uploaded.pk)
        assert video.hls_preview and video.hls_prefix == run.prefix
        seen.append(assert_stored_completely(storage, video.hls_prefix, "first.m3u8"))

    before_final_publish(preview_is_complete)
    with override_settings(STORAGES=storages(**s3_storage_options())):
        uploaded = upload(clip_720p)
        run_tasks()
        uploaded.refresh_from_db()
        assert uploaded.status == Status.READY, uploaded.error_message
        assert seen and seen[0] > 0
        everything = assert_stored_completely(storage, uploaded.hls_prefix, "master.m3u8")
        assert everything > seen[0]


def test_merged_master_puts_the_lowest_rung_first(tmp_path):
    first = tmp_path / "first.m3u8"
    first.write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n"
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_aud",NAME="audio_1",URI="audio/index.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,AUDIO="group_aud"\n'
        "360p/index.m3u8\n\n"
        '#EXT-X-STREAM-INF:BANDWIDTH=130000,CODECS="mp4a.40.2",AUDIO="group_aud"\n'
        "audio/index.m3u8\n"
    )
    rest = tmp_path / "master.m3u8"
    rest.write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n"
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_aud",NAME="audio_2",URI="audio/index.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=2600000,RESOLUTION=1280x720,AUDIO="group_aud"\n'
        "720p/index.m3u8\n\n"
        '#EXT-X-STREAM-INF:BANDWIDTH=130000,CODECS="mp4a.40.2",AUDIO="group_aud"\n'
        "audio/index.m3u8\n"
    )
    merge_masters(first=first, rest=rest, target=rest, variant="360p")
    lines = [line for line in rest.read_text().splitlines() if line and line[0] != "#"]
    assert lines == ["360p/index.m3u8", "720p/index.m3u8", "audio/index.m3u8"]
    assert rest.read_text().count("TYPE=AUDIO") == 1
    with pytest.raises(ValueError, match="1080p"):
        merge_masters(first=first, rest=rest, target=rest, variant="1080p")
