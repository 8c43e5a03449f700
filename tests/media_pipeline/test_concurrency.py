"""MEDIA_TRANSCODE_CONCURRENCY: no more transcodes at once than the setting, across workers;
a job that finds no free slot waits in the queue and runs once one is free."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from media_pipeline import concurrency
from media_pipeline.hls import build_hls_command
from media_pipeline.ladder import build_ladder
from media_pipeline.models import Status, TranscodeJob, TranscodeSlot
from media_pipeline.probe import probe_media

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_jobs(upload, clip):
    first, second = upload(clip, title="一"), upload(clip, title="二")
    return first.jobs.get(), second.jobs.get()


def test_slots_are_permits(two_jobs, settings):
    settings.MEDIA_TRANSCODE_CONCURRENCY = 1
    first, second = two_jobs
    assert concurrency.acquire(first.pk) == 0
    assert concurrency.acquire(second.pk) is None  # the only slot is taken
    concurrency.release(0, second.pk)  # not the holder: nothing happens
    assert concurrency.acquire(second.pk) is None
    concurrency.release(0, first.pk)
    assert concurrency.acquire(second.pk) == 0

    settings.MEDIA_TRANSCODE_CONCURRENCY = 2
    assert concurrency.acquire(first.pk) == 1


def test_a_dead_holders_slot_frees_itself_when_its_lease_runs_out(two_jobs, settings):
    settings.MEDIA_TRANSCODE_CONCURRENCY = 1
    settings.MEDIA_JOB_STALL_SECONDS = 600
    first, second = two_jobs
    concurrency.acquire(first.pk)
    soon, later = timezone.now() + timedelta(minutes=5), timezone.now() + timedelta(minutes=11)
    assert concurrency.acquire(second.pk, now=soon) is None
    assert concurrency.acquire(second.pk, now=later) == 0


def test_a_job_without_a_slot_waits_then_runs(upload, clip, run_tasks, settings):
    settings.MEDIA_TRANSCODE_CONCURRENCY = 1
    busy = upload(clip, title="正在转码").jobs.get()
    DBTaskResult.objects.all().delete()  # its worker is busy elsewhere
    concurrency.acquire(busy.pk)
    waiting = upload(clip, title="排队中")
    run_tasks()

    waiting.refresh_from_db()
    assert waiting.status == Status.QUEUED and not waiting.hls_prefix
    assert waiting.jobs.get().attempts == 0  # not even claimed
    retry = DBTaskResult.objects.filter(
        status="READY", task_path="media_pipeline.tasks.transcode_video"
    ).get()
    wait = retry.run_after - timezone.now()
    assert timedelta(seconds=5) < wait <= timedelta(seconds=settings.MEDIA_TRANSCODE_WAIT_SECONDS)

    concurrency.release(0, busy.pk)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    waiting.refresh_from_db()
    assert waiting.status == Status.READY
    assert TranscodeSlot.objects.get().job_id is None  # given back after the run


def test_the_watchdog_frees_a_requeued_jobs_slot(upload, clip, settings):
    from media_pipeline.services import requeue_stuck_jobs

    settings.MEDIA_TRANSCODE_CONCURRENCY = 1
    job = upload(clip).jobs.get()
    concurrency.acquire(job.pk)
    stale = timezone.now() - timedelta(hours=1)
    TranscodeJob.objects.filter(pk=job.pk).update(
        status=Status.TRANSCODING, heartbeat_at=stale, attempts=1, output_prefix="videos/hls/x/"
    )
    assert requeue_stuck_jobs()["requeued"] == [job.pk]
    assert TranscodeSlot.objects.get().job_id is None


def test_threads_per_transcode_reach_ffmpeg(clip, tmp_path):
    media = probe_media(path=clip)
    ladder = build_ladder(media=media)
    command = build_hls_command(media=media, ladder=ladder, output_dir=tmp_path, threads=1)
    assert command[command.index("-threads") + 1] == "1"
    assert command[command.index("-filter_complex_threads") + 1] == "1"
    default = build_hls_command(media=media, ladder=ladder, output_dir=tmp_path)
    assert "-threads" not in default
