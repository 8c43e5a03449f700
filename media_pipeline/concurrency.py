"""How many transcodes run at once, across every worker process and machine.

``MEDIA_TRANSCODE_CONCURRENCY`` (default 1) rows of ``TranscodeSlot`` are the permits. A run
takes a free slot with one conditional UPDATE (atomic on SQLite and PostgreSQL alike, and no
transaction stays open while ffmpeg runs, which SQLite could not afford); a job that finds no
free slot is put back on the queue for later and stays "queued". A slot is a lease: the job's
heartbeats renew it, so a slot held by a killed worker frees itself once the heartbeat is as
stale as the watchdog's limit (and the watchdog frees it at once when it requeues the job).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import TranscodeSlot


def slot_count() -> int:
    return max(1, int(getattr(settings, "MEDIA_TRANSCODE_CONCURRENCY", 1)))


def lease() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "MEDIA_JOB_STALL_SECONDS", 600)))


def acquire(job_id: int, *, now: datetime | None = None) -> int | None:
    """Take a free slot for ``job_id``; returns its number, or None when all are busy."""
    now = now or timezone.now()
    count = slot_count()
    TranscodeSlot.objects.bulk_create(
        [TranscodeSlot(number=number) for number in range(count)], ignore_conflicts=True
    )
    free = Q(job__isnull=True) | Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    for number in range(count):
        taken = TranscodeSlot.objects.filter(free, number=number).update(
            job_id=job_id, lease_until=now + lease()
        )
        if taken:
            return number
    return None


def renew(job_id: int) -> None:
    """The job is alive: push its slot's lease forward (called with every heartbeat)."""
    TranscodeSlot.objects.filter(job_id=job_id).update(lease_until=timezone.now() + lease())


def release(number: int, job_id: int) -> None:
    """Give slot ``number`` back, if ``job_id`` still holds it."""
    TranscodeSlot.objects.filter(number=number, job_id=job_id).update(job=None, lease_until=None)


def release_job(job_id: int) -> None:
    """Free whatever slot ``job_id`` holds (the watchdog, requeueing a dead run)."""
    TranscodeSlot.objects.filter(job_id=job_id).update(job=None, lease_until=None)
