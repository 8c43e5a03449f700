"""The watchdog and the upload expiry run from the task queue, with no cron: a maintenance
task re-queues itself while there is work to watch, and only one is ever pending."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from media_pipeline.maintenance import maintenance_schedule
from media_pipeline.models import MaintenanceSchedule, Status, TranscodeJob, UploadSession
from media_pipeline.tus import partial_path

from .test_watchdog import kill_mid_transcode

pytestmark = pytest.mark.django_db(transaction=True)

MAINTENANCE = "media_pipeline.tasks.media_maintenance"


def pending_maintenance():
    return DBTaskResult.objects.filter(task_path=MAINTENANCE, status="READY")


def make_due(task: DBTaskResult) -> None:
    """Time passes: the task's ``run_after`` comes."""
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())


@pytest.fixture
def abandoned_upload(uploader, root_collection, settings, tmp_path):
    """A teacher started an upload yesterday and never came back."""
    settings.MEDIA_UPLOAD_TMP_DIR = tmp_path / "uploads"
    session = UploadSession.objects.create(
        user=uploader,
        collection=root_collection,
        title="没传完",
        length=1000,
        offset=100,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    partial_path(session).write_bytes(b"x" * 100)
    return session


def test_an_upload_schedules_one_maintenance_task(upload, clip, settings):
    settings.MEDIA_MAINTENANCE_SECONDS = 300
    upload(clip, title="一")
    upload(clip, title="二")
    assert maintenance_schedule() is None  # asked again: still the same one
    task = pending_maintenance().get()
    assert timedelta(seconds=250) < task.run_after - timezone.now() <= timedelta(seconds=300)
    assert MaintenanceSchedule.objects.get().task_result_id == str(task.pk)


def test_maintenance_requeues_a_dead_transcode_and_expires_abandoned_uploads(
    upload, clip, run_tasks, abandoned_upload, settings
):
    settings.MEDIA_JOB_STALL_SECONDS = 600
    video = upload(clip)
    job = video.jobs.get()
    DBTaskResult.objects.filter(task_path="media_pipeline.tasks.transcode_video").delete()
    kill_mid_transcode(job)  # its worker died 30 minutes ago
    partial = partial_path(abandoned_upload)
    assert partial.exists()

    make_due(pending_maintenance().get())
    run_tasks()

    job.refresh_from_db()
    video.refresh_from_db()
    assert (job.status, job.attempts, video.status) == (Status.READY, 2, Status.READY)
    assert not UploadSession.objects.filter(pk=abandoned_upload.pk).exists()
    assert not partial.exists()
    # The job was still queued when maintenance ran, so it scheduled its next run.
    assert pending_maintenance().count() == 1


def test_the_chain_stops_when_there_is_nothing_to_watch(upload, clip, run_tasks):
    upload(clip)
    first = pending_maintenance().get()
    run_tasks()  # the transcode (maintenance is not due yet)
    make_due(first)
    run_tasks()
    assert not pending_maintenance().exists()
    assert MaintenanceSchedule.objects.get().task_result_id == ""
    assert maintenance_schedule() is not None  # the next upload starts it again


def test_a_stray_duplicate_does_its_work_but_does_not_multiply(upload, clip, run_tasks):
    from media_pipeline.tasks import media_maintenance

    upload(clip)
    scheduled = pending_maintenance().get()
    stray = media_maintenance.enqueue()  # e.g. someone queued one by hand
    TranscodeJob.objects.update(status=Status.QUEUED)  # keep something to watch
    run_tasks()
    assert DBTaskResult.objects.get(pk=stray.id).status == "SUCCESSFUL"
    assert list(pending_maintenance()) == [scheduled]


def test_a_lost_pending_task_is_replaced_once_overdue(upload, clip, settings):
    settings.MEDIA_MAINTENANCE_SECONDS = 300
    upload(clip)
    pending_maintenance().delete()  # e.g. the task results were purged
    assert maintenance_schedule() is None  # not overdue yet: believed pending
    later = timezone.now() + timedelta(minutes=11)
    assert maintenance_schedule(now=later) is not None
    assert pending_maintenance().count() == 1
