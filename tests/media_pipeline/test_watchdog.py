"""A worker killed mid-transcode: the watchdog requeues the job and parents never see
partial output."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from media_pipeline.models import Status, TranscodeJob

pytestmark = pytest.mark.django_db(transaction=True)


def kill_mid_transcode(job: TranscodeJob, *, minutes_ago: int = 30) -> str:
    """What a worker killed while encoding leaves behind: a running row, a stale heartbeat,
    and some segments under its prefix (but no master playlist)."""
    prefix = f"videos/hls/{job.video_id}/deadbeef{job.pk:024d}/"
    partial = Path(default_storage.path(prefix)) / "360p"
    partial.mkdir(parents=True)
    (partial / "seg_00000.ts").write_bytes(b"\x47" * 188)
    stale = timezone.now() - timedelta(minutes=minutes_ago)
    TranscodeJob.objects.filter(pk=job.pk).update(
        status=Status.TRANSCODING,
        attempts=job.attempts + 1,
        output_prefix=prefix,
        started_at=stale,
        heartbeat_at=stale,
        progress=40,
    )
    job.video.__class__.objects.filter(pk=job.video_id).update(status=Status.TRANSCODING)
    return prefix


def requeue() -> str:
    out = StringIO()
    call_command("requeue_stuck_transcodes", stdout=out)
    return out.getvalue()


def test_killed_transcode_completes_after_requeue(upload, clip, run_tasks, settings):
    settings.MEDIA_JOB_STALL_SECONDS = 600
    video = upload(clip)
    job = video.jobs.get()
    # The first delivery was taken by a worker that died: drop it from the queue.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    abandoned = kill_mid_transcode(job)
    video.refresh_from_db()
    assert video.hls_prefix == "" and not video.is_ready  # nothing half-done is published

    assert f"requeued job {job.pk}" in requeue()
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.output_prefix == ""
    run_tasks()

    job.refresh_from_db()
    video.refresh_from_db()
    assert (job.status, job.attempts, video.status) == ("ready", 2, "ready")
    assert video.hls_prefix == job.output_prefix != abandoned
    assert default_storage.exists(video.hls_prefix + "master.m3u8")
    assert not default_storage.exists(abandoned + "360p/seg_00000.ts")  # orphan removed


def test_fresh_heartbeat_is_left_alone(upload, clip, settings):
    settings.MEDIA_JOB_STALL_SECONDS = 600
    video = upload(clip)
    kill_mid_transcode(video.jobs.get(), minutes_ago=1)
    assert "no stuck jobs" in requeue()


def test_gives_up_after_max_attempts(upload, clip, settings):
    settings.MEDIA_JOB_MAX_ATTEMPTS = 3
    video = upload(clip)
    job = video.jobs.get()
    TranscodeJob.objects.filter(pk=job.pk).update(attempts=2)
    job.refresh_from_db()
    kill_mid_transcode(job)  # the third run dies too
    assert f"failed job {job.pk}" in requeue()
    job.refresh_from_db()
    video.refresh_from_db()
    assert (job.status, job.error_code, video.status) == ("failed", "stalled", "failed")
    assert "重试" in video.error_message
    assert default_storage.exists(video.source_key)


def test_a_superseded_run_stops_and_cleans_up(upload, clip, run_tasks):
    """The 'dead' worker was only slow: once requeued, its late writes are refused."""
    from media_pipeline import jobs

    video = upload(clip)
    job = video.jobs.get()
    run = jobs.claim(job.pk)
    TranscodeJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    requeue()
    with pytest.raises(jobs.Superseded):
        jobs.advance(run, progress=50)
    with pytest.raises(jobs.Superseded):
        jobs.publish(run, poster=True, thumbnails=True)
    run_tasks()
    video.refresh_from_db()
    assert video.status == "ready" and video.hls_prefix != run.prefix
