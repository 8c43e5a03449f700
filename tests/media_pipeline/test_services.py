"""The pipeline end to end on local storage: upload, transcode on the worker, publish, retry."""

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from media_pipeline.models import Status, TranscodeJob, Video
from media_pipeline.services import RetryRefused, video_retry

from .conftest import make

pytestmark = pytest.mark.django_db(transaction=True)


def stored_files(prefix: str) -> list[str]:
    root = Path(default_storage.path(prefix))
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_upload_is_stored_under_a_generated_key(upload, tmp_path, clip):
    named = tmp_path / "../../etc/第一课 final.mp4".replace("/", "_")
    named.write_bytes(clip.read_bytes())
    video = upload(named)
    assert video.source_key.startswith("videos/src/")
    assert "final" not in video.source_key and "第一课" not in video.source_key
    assert video.original_filename == named.name
    assert video.size == clip.stat().st_size
    assert default_storage.exists(video.source_key)
    assert video.status == Status.QUEUED
    assert video.jobs.get().status == Status.QUEUED


def test_worker_publishes_the_ladder(upload, clip, run_tasks):
    video = upload(clip)
    assert not video.hls_prefix  # nothing to play before the worker runs
    run_tasks()
    video.refresh_from_db()
    job = video.jobs.get()
    assert (video.status, job.status, job.progress, job.attempts) == ("ready", "ready", 100, 1)
    assert video.hls_prefix == job.output_prefix
    assert video.hls_prefix.startswith(f"videos/hls/{video.pk}/")
    files = stored_files(video.hls_prefix)
    assert {"master.m3u8", "360p/index.m3u8", "audio/index.m3u8", "poster.jpg"} <= set(files)
    assert video.poster_key == video.hls_prefix + "poster.jpg"
    assert video.thumbnails_vtt_key == video.hls_prefix + "thumbnails.vtt"
    assert (video.width, video.height, video.has_audio) == (640, 360, True)
    assert 1.9 < video.duration < 2.2
    assert video.probe["video"]["codec"] == "h264"
    assert job.started_at <= job.heartbeat_at <= job.finished_at


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty"), (b"just some text, not a film\n" * 40, "not_media")],
)
def test_bad_upload_keeps_the_record_with_its_error(
    upload, clip, tmp_path, run_tasks, content, code
):
    good = upload(clip, title="好视频")
    bad_file = tmp_path / "bad.mp4"
    bad_file.write_bytes(content)
    bad = upload(bad_file, title="坏视频")
    run_tasks()
    bad.refresh_from_db()
    job = bad.jobs.get()
    assert (bad.status, job.status, job.error_code) == ("failed", "failed", code)
    assert bad.error_message == job.error and "请" in bad.error_message
    assert not bad.hls_prefix
    assert default_storage.exists(bad.source_key)  # kept for the record (and a retry)
    assert not default_storage.exists(f"videos/hls/{bad.pk}")
    good.refresh_from_db()
    assert good.status == "ready"  # nothing else affected


def test_truncated_upload_is_refused(upload, clip, tmp_path, run_tasks):
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    video = upload(cut)
    run_tasks()
    video.refresh_from_db()
    assert video.status == "failed"
    assert video.jobs.get().error_code in {"truncated", "corrupt", "not_media"}


def test_retry_publishes_a_fresh_output_and_deletes_the_old(upload, clip, run_tasks, uploader):
    video = upload(clip)
    run_tasks()
    video.refresh_from_db()
    first = video.hls_prefix
    job = video_retry(video=video, user=uploader)
    with pytest.raises(RetryRefused):
        video_retry(video=video, user=uploader)  # one job at a time
    video.refresh_from_db()
    assert video.hls_prefix == first  # the old output plays until the new one is complete
    run_tasks()
    video.refresh_from_db()
    job.refresh_from_db()
    assert job.status == "ready" and job.requested_by == uploader
    assert video.hls_prefix == job.output_prefix != first
    assert not default_storage.exists(first + "master.m3u8")
    assert default_storage.exists(video.hls_prefix + "master.m3u8")


def test_retry_after_the_source_is_fixed(upload, clip, tmp_path, run_tasks, uploader):
    """A failure caused by storage (here: the source went missing) succeeds on retry."""
    video = upload(clip)
    source = Path(default_storage.path(video.source_key))
    kept = source.read_bytes()
    source.unlink()
    run_tasks()
    video.refresh_from_db()
    assert video.status == "failed" and video.jobs.get().error_code == "internal"
    source.write_bytes(kept)
    video_retry(video=video, user=uploader)
    run_tasks()
    video.refresh_from_db()
    assert video.status == "ready" and video.error_message == ""
    assert video.jobs.count() == 2


def test_a_repeated_delivery_is_a_no_op(upload, clip, run_tasks):
    from media_pipeline.tasks import transcode_video

    video = upload(clip)
    run_tasks()
    video.refresh_from_db()
    published = video.hls_prefix
    job = video.jobs.get()
    transcode_video.enqueue(job.pk)  # at-least-once: the queue delivers it again
    run_tasks()
    video.refresh_from_db()
    assert video.hls_prefix == published
    assert TranscodeJob.objects.get(pk=job.pk).attempts == 1


def test_deleting_a_video_deletes_its_files(upload, clip, run_tasks):
    video = upload(clip)
    run_tasks()
    video.refresh_from_db()
    source, prefix = video.source_key, video.hls_prefix
    video.delete()
    assert not default_storage.exists(source)
    assert not default_storage.exists(prefix + "master.m3u8")
    assert not Video.objects.exists()


def test_audio_only_lesson(upload, media_dir, run_tasks):
    from .conftest import tone

    audio = make(media_dir / "talk.m4a", *tone(), "-c:a", "aac")
    video = upload(audio)
    run_tasks()
    video.refresh_from_db()
    assert video.status == "ready" and not video.poster_key and video.has_audio
    assert "audio/index.m3u8" in stored_files(video.hls_prefix)
