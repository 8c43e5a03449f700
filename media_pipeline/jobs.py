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

from . import concurrency
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
        concurrency.renew(run.job_id)


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
    """Switch the video to this run's complete output (the full ladder) in one transaction and
    finish the job.

    Returns the previous output prefix (to delete after commit), "" if there was none or it
    is this run's own preview, or raises ``Superseded`` when this run no longer owns the job.
    """
    now = timezone.now()
    with transaction.atomic():
        job, video = _lock_running(run)
        previous = _switch(run, video, poster=poster, thumbnails=thumbnails, preview=False)
        video.status = Status.READY
        video.error_message = ""
        video.save(update_fields=["status", "error_message"])
        job.status = Status.READY
        job.progress = 100
        job.finished_at = job.heartbeat_at = now
        job.save()
    return previous if previous != run.prefix else ""


def may_preview(run: Run) -> bool:
    """Whether publishing this run's lowest rung early helps: only when the video has nothing
    to play yet, or just an earlier preview (never over a complete older ladder)."""
    video = Video.objects.filter(pk=run.video_id).values("hls_prefix", "hls_preview").first()
    return video is not None and (not video["hls_prefix"] or video["hls_preview"])


def publish_preview(run: Run, *, poster: bool, thumbnails: bool) -> str | None:
    """Make the video playable from this run's lowest rung (its prefix holds the rung, the
    audio and a master listing just those); the job keeps running. Returns the previous
    prefix to delete after commit ("" if none), None when a complete output is published
    after all, or raises ``Superseded``."""
    with transaction.atomic():
        _job, video = _lock_running(run)
        if video.hls_prefix and not video.hls_preview:
            return None
        return _switch(run, video, poster=poster, thumbnails=thumbnails, preview=True)


def is_published(run: Run) -> bool:
    """Whether the video currently plays this run's output (so it must not be deleted)."""
    return Video.objects.filter(pk=run.video_id, hls_prefix=run.prefix).exists()


def _lock_running(run: Run) -> tuple[TranscodeJob, Video]:
    job = _mine(run).select_for_update().first()
    if job is None or job.status in (Status.READY, Status.FAILED):
        raise Superseded(run.prefix)
    return job, Video.objects.select_for_update().get(pk=run.video_id)


def _switch(run: Run, video: Video, *, poster: bool, thumbnails: bool, preview: bool) -> str:
    previous = video.hls_prefix
    video.hls_prefix = run.prefix
    video.hls_preview = preview
    video.poster_key = f"{run.prefix}poster.jpg" if poster else ""
    video.thumbnails_vtt_key = f"{run.prefix}thumbnails.vtt" if thumbnails else ""
    video.save(update_fields=["hls_prefix", "hls_preview", "poster_key", "thumbnails_vtt_key"])
    return previous


class ProgressReporter:
    """ffmpeg progress -> job progress, written at most every ``step`` percent or
    ``interval`` seconds (a heartbeat, not a firehose). ffmpeg's 0-100 maps to
    ``start``-``ceiling``, the upload that follows to ``ceiling``-``upload_end``."""

    def __init__(
        self,
        run: Run,
        *,
        start: int = 0,
        ceiling: int = 90,
        upload_end: int = 99,
        step: float = 2,
        interval: float = 2,
    ):
        self.run, self.start, self.ceiling, self.upload_end = run, start, ceiling, upload_end
        self.step, self.interval = step, interval
        self.last_percent = float(start)
        self.last_time = time.monotonic()

    def __call__(self, percent: float) -> None:
        self._report(self.start + percent * (self.ceiling - self.start) / 100)

    def upload(self, done: int, total: int) -> None:
        """Upload progress; 100 is left for ``publish``."""
        self._report(self.ceiling + (self.upload_end - self.ceiling) * done / max(total, 1))

    def _report(self, percent: float) -> None:
        now = time.monotonic()
        if percent - self.last_percent < self.step and now - self.last_time < self.interval:
            return
        self.last_percent, self.last_time = percent, now
        advance(self.run, progress=int(percent))
