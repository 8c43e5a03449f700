"""Upkeep that must happen without anyone asking: the transcode watchdog and the expiry of
abandoned uploads, run by the task worker itself (no cron needed in the embedded setup).

A maintenance task re-queues itself ``MEDIA_MAINTENANCE_SECONDS`` ahead with the task API's
``run_after`` for as long as there is something to watch (a job queued or running, an upload
in progress); the next upload or transcode starts the chain again. ``MaintenanceSchedule``
keeps it to one pending task, whatever the number of web and worker processes asking:

- the right to queue is taken with one conditional UPDATE (free, or the pending one is long
  overdue, e.g. its result was purged), atomic on SQLite and PostgreSQL;
- the row then records the queued task's result id, and a maintenance task that finds another
  id there is a stray duplicate: it does its work but does not re-queue itself.

The ``requeue_stuck_transcodes`` and ``expire_abandoned_uploads`` commands stay for cron in
production, where running them more often does no harm.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import RUNNING_STATUSES, MaintenanceSchedule, Status, TranscodeJob, UploadSession

SCHEDULE = "media"


def interval() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "MEDIA_MAINTENANCE_SECONDS", 300)))


def maintenance_schedule(*, now: datetime | None = None) -> str | None:
    """Queue the maintenance task ``interval()`` from now unless one is already pending.

    Returns the queued task result's id, or None when one was pending.
    """
    now = now or timezone.now()
    due = now + interval()
    MaintenanceSchedule.objects.get_or_create(name=SCHEDULE)
    token = f"claim-{uuid.uuid4().hex}"
    free = Q(task_result_id="") | Q(run_after__lt=now - interval())
    if not MaintenanceSchedule.objects.filter(free, name=SCHEDULE).update(
        task_result_id=token, run_after=due
    ):
        return None
    from .tasks import media_maintenance

    try:
        result = media_maintenance.using(run_after=due).enqueue()
    except BaseException:
        MaintenanceSchedule.objects.filter(name=SCHEDULE, task_result_id=token).update(
            task_result_id=""
        )
        raise
    MaintenanceSchedule.objects.filter(name=SCHEDULE, task_result_id=token).update(
        task_result_id=str(result.id)
    )
    return str(result.id)


def maintenance_run(*, task_result_id: str) -> dict[str, list]:
    """Requeue stalled transcodes, expire abandoned uploads, and queue the next run while
    there is something left to watch (unless this run is a stray duplicate)."""
    from .services import requeue_stuck_jobs
    from .tus import expire_abandoned_uploads

    scheduled = MaintenanceSchedule.objects.filter(
        name=SCHEDULE, task_result_id=task_result_id
    ).update(task_result_id="", run_after=None)
    result: dict[str, list] = requeue_stuck_jobs()
    result["expired_uploads"] = expire_abandoned_uploads()
    if scheduled and something_to_watch():
        maintenance_schedule()
    return result


def something_to_watch() -> bool:
    active = (Status.QUEUED, *RUNNING_STATUSES)
    return (
        TranscodeJob.objects.filter(status__in=active).exists()
        or UploadSession.objects.filter(video__isnull=True).exists()
    )
