"""State changes of one transcode run, written so that a stale run can never win.

A run is identified by the ``output_prefix`` it was given when it claimed the job. Every write
a run makes is filtered on that prefix: once the watchdog requeues the job (clearing the
prefix) or another delivery claims it, the old run's writes match no row and it stops
(``Superseded``). The video's status mirrors the job's.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Status, TranscodeJob, Video

LOG_TAIL_CHARS = 8000


class Superseded(Exception):
    """This run no longer owns its job (requeued by the watchdog, or deleted)."""


@dataclass(frozen=True, kw_only=True)
class Run:
    job_id: int
    video_id: int
    source_key: str
    prefix: str


def claim(job_id: int) -> Run | None:
    """Start a run of a queued job, with a fresh output prefix; None if there is nothing to do
    (already running elsewhere, ready, failed or deleted: a repeated delivery is a no-op)."""
    now = timezone.now()
    with transaction.atomic():
        job = TranscodeJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Status.QUEUED:
            return None
        video = Video.objects.get(pk=job.video_id)
        job.output_prefix = f"videos/hls/{video.pk}/{uuid.uuid4().hex}/"
        job.attempts += 1
        job.status = Status.PROBING
        job.progress = 0
        job.started_at = job.heartbeat_at = now
        job.error = job.error_code = job.log_tail = ""
        job.finished_at = None
        job.save()
        Video.objects.filter(pk=video.pk).update(status=Status.PROBING, error_message="")
    return Run(
        job_id=job.pk, video_id=video.pk, source_key=video.source_key, prefix=job.output_prefix
    )


def _mine(run: Run):
    return TranscodeJob.objects.filter(pk=run.job_id, output_prefix=run.prefix)


def advance(run: Run, *, status: str | None = None, progress: int | None = None) -> None:
    """Record a heartbeat (and a new status or progress); raises ``Superseded``."""
    fields: dict = {"heartbeat_at": timezone.now()}
    if status is not None:
        fields["status"] = status
    if progress is not None:
        fields["progress"] = progress
    with transaction.atomic():
        if not _mine(run).update(**fields):
            raise Superseded(run.prefix)
        if status is not None:
            Video.objects.filter(pk=run.video_id).update(status=status)


def fail(run: Run, *, code: str, message: str, log: str = "") -> None:
    """Mark the run failed with a teacher-facing (Chinese) ``message``; the source is kept."""
    now = timezone.now()
    with transaction.atomic():
        updated = _mine(run).update(
            status=Status.FAILED,
            error=message,
            error_code=code,
            log_tail=log[-LOG_TAIL_CHARS:],
            finished_at=now,
            heartbeat_at=now,
        )
        if updated:
            Video.objects.filter(pk=run.video_id).update(
                status=Status.FAILED, error_message=message
            )


def publish(run: Run, *, poster: bool, thumbnails: bool) -> str | None:
    """Switch the video to this run's output in one transaction.

    Returns the previous output prefix (to delete after commit), "" if there was none, or
    raises ``Superseded`` when this run no longer owns the job.
    """
    now = timezone.now()
    with transaction.atomic():
        job = _mine(run).select_for_update().first()
        if job is None or job.status in (Status.READY, Status.FAILED):
            raise Superseded(run.prefix)
        video = Video.objects.select_for_update().get(pk=run.video_id)
        previous = video.hls_prefix
        video.hls_prefix = run.prefix
        video.poster_key = f"{run.prefix}poster.jpg" if poster else ""
        video.thumbnails_vtt_key = f"{run.prefix}thumbnails.vtt" if thumbnails else ""
        video.status = Status.READY
        video.error_message = ""
        video.save(
            update_fields=["hls_prefix", "poster_key", "thumbnails_vtt_key", "status"]
            + ["error_message"]
        )
        job.status = Status.READY
        job.progress = 100
        job.finished_at = job.heartbeat_at = now
        job.save()
    return previous if previous != run.prefix else ""


class ProgressReporter:
    """ffmpeg progress -> job progress, written at most every ``step`` percent or
    ``interval`` seconds (a heartbeat, not a firehose). ffmpeg's 0-100 maps to 0-``ceiling``;
    the rest is the upload."""

    def __init__(self, run: Run, *, ceiling: int = 90, step: float = 2, interval: float = 2):
        self.run, self.ceiling, self.step, self.interval = run, ceiling, step, interval
        self.last_percent = 0.0
        self.last_time = time.monotonic()

    def __call__(self, percent: float) -> None:
        self._report(percent * self.ceiling / 100)

    def upload(self, done: int, total: int) -> None:
        """Upload progress; 100 is left for ``publish``."""
        self._report(self.ceiling + (99 - self.ceiling) * done / max(total, 1))

    def _report(self, percent: float) -> None:
        now = time.monotonic()
        if percent - self.last_percent < self.step and now - self.last_time < self.interval:
            return
        self.last_percent, self.last_time = percent, now
        advance(self.run, progress=int(percent))
