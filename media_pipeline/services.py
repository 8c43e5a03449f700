"""Writes of the media pipeline: upload a video, transcode it, retry it, requeue stalled jobs.

Tasks and views call these; nothing here asks which storage backend is configured.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import traceback
import uuid
from datetime import timedelta
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection

from . import concurrency, jobs, passes
from .exceptions import MediaRejected, TranscodeFailed
from .hls import transcode_hls
from .jobs import Run, Superseded
from .ladder import build_ladder
from .maintenance import maintenance_schedule
from .models import RUNNING_STATUSES, Status, TranscodeJob, Video
from .probe import MediaInfo, probe_media
from .storage import UploadFailed, discard_prefix, fetch, media_storage, retry_delays

logger = logging.getLogger(__name__)

UPLOAD_FAILED_MESSAGE = (
    "视频已转码，但保存到存储服务时多次失败（已重试 {attempts} 次）。"  # noqa: ISC003
    + "原文件已保留，请稍后点击“重试”。"
)
INTERNAL_ERROR_MESSAGE = "处理视频时出现意外错误，原文件已保留，请稍后点击“重试”。"
STALLED_MESSAGE = "视频多次处理均未完成（处理进程中断），原文件已保留，请稍后点击“重试”。"


class RetryRefused(Exception):
    """The video already has a job queued or running."""


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def video_create(
    *,
    title: str,
    collection: Collection,
    user: AbstractBaseUser | None,
    original_name: str = "",
    source_path: Path | None = None,
    file: File | None = None,
) -> Video:
    """Store an uploaded source (a local ``source_path`` or an uploaded ``file``) under a
    generated key, create the video and its first job, and queue the transcode on commit.

    ``original_name`` is display text only; it never becomes part of a storage key.
    """
    if (source_path is None) == (file is None):
        raise ValueError("pass exactly one of source_path or file")
    storage = media_storage()
    key = f"videos/src/{uuid.uuid4().hex}"
    if source_path is not None:
        with Path(source_path).open("rb") as handle:
            key = storage.save(key, File(handle, name="source"))
    else:
        key = storage.save(key, file)
    try:
        with transaction.atomic():
            video = Video.objects.create(
                title=title,
                collection=collection,
                uploaded_by_user=user,
                source_key=key,
                original_filename=Path(original_name).name[:255],
                size=storage.size(key),
            )
            _job_queue(video=video, user=user)
    except BaseException:
        storage.delete(key)  # no row refers to it
        raise
    return video


def video_retry(*, video: Video, user: AbstractBaseUser | None) -> TranscodeJob:
    """Queue a new transcode of ``video``'s kept source (after a failure, or to redo it).

    Raises ``RetryRefused`` while a job of this video is queued or running.
    """
    with transaction.atomic():
        video = Video.objects.select_for_update().get(pk=video.pk)
        active = (Status.QUEUED, *RUNNING_STATUSES)
        if video.jobs.filter(status__in=active).exists():
            raise RetryRefused(video.pk)
        return _job_queue(video=video, user=user)


def _job_queue(*, video: Video, user: AbstractBaseUser | None) -> TranscodeJob:
    job = TranscodeJob.objects.create(video=video, requested_by=user)
    Video.objects.filter(pk=video.pk).update(status=Status.QUEUED, error_message="")
    _enqueue_on_commit(job.pk)
    return job


def _enqueue_on_commit(job_id: int) -> None:
    from .tasks import transcode_video

    transaction.on_commit(lambda: transcode_video.enqueue(job_id))
    # The watchdog must be watching this job (without cron: see ``maintenance``).
    transaction.on_commit(maintenance_schedule)


def transcode_run(*, job_id: int) -> None:
    """Probe, transcode and publish one job's video. Safe to run more than once: a run that
    is not the job's current owner stops and removes its own output (see ``jobs``).

    Runs only with a free ``concurrency`` slot; without one, the job stays queued and its task
    is queued again for ``MEDIA_TRANSCODE_WAIT_SECONDS`` later. Rejected sources, ffmpeg
    failures and storage failures mark the job and the video failed with a Chinese message;
    the source is always kept for a retry.
    """
    slot = concurrency.acquire(job_id)
    if slot is None:
        _enqueue_later(job_id)
        return
    try:
        run = jobs.claim(job_id)
        if run is not None:
            _run(run)
    finally:
        concurrency.release(slot, job_id)


def _run(run: Run) -> None:
    with tempfile.TemporaryDirectory(prefix="transcode-") as workdir:
        try:
            _probe_and_transcode(run, Path(workdir))
        except Superseded:
            logger.info("transcode job %s run %s superseded", run.job_id, run.prefix)
            passes.discard_unpublished(run)
        except Exception as error:  # noqa: BLE001  (every failure must land on the job row)
            _record_failure(run, error)


def _probe_and_transcode(run: Run, workdir: Path) -> None:
    source = fetch(media_storage(), run.source_key, workdir)
    media = probe_media(path=source, timeout=setting("MEDIA_PROBE_TIMEOUT", 60))
    _save_probe(run, media)
    jobs.advance(run, status=Status.TRANSCODING)
    encode = partial(
        transcode_hls,
        preset=setting("MEDIA_TRANSCODE_PRESET", "veryfast"),
        threads=setting("MEDIA_TRANSCODE_THREADS", 0),
    )
    passes.encode_and_publish(
        run=run, media=media, ladder=build_ladder(media=media), workdir=workdir, encode=encode
    )


def _enqueue_later(job_id: int) -> None:
    from .tasks import transcode_video

    wait = timedelta(seconds=setting("MEDIA_TRANSCODE_WAIT_SECONDS", 15))
    transcode_video.using(run_after=timezone.now() + wait).enqueue(job_id)


def _record_failure(run: Run, error: Exception) -> None:
    if isinstance(error, MediaRejected):
        jobs.fail(run, code=error.code, message=error.message, log=error.detail)
    elif isinstance(error, TranscodeFailed):
        jobs.fail(run, code="transcode", message=error.message, log=error.log_tail)
    elif isinstance(error, UploadFailed):
        message = UPLOAD_FAILED_MESSAGE.format(attempts=len(retry_delays()))
        jobs.fail(run, code="upload", message=message, log=str(error))
    else:
        logger.exception("transcode job %s failed unexpectedly", run.job_id)
        jobs.fail(run, code="internal", message=INTERNAL_ERROR_MESSAGE, log=traceback.format_exc())


def _save_probe(run: Run, media: MediaInfo) -> None:
    width, height = media.video.display_size if media.video else (None, None)
    Video.objects.filter(pk=run.video_id).update(
        duration=media.duration,
        width=width,
        height=height,
        has_audio=media.audio is not None,
        probe=_jsonable(dataclasses.asdict(media)),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items() if key != "path"}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return value


def requeue_stuck_jobs(*, now=None) -> dict[str, list[int]]:
    """Requeue running jobs whose heartbeat is older than ``MEDIA_JOB_STALL_SECONDS`` (the
    worker died or hung); fail them once ``MEDIA_JOB_MAX_ATTEMPTS`` runs have started.

    Returns the ids ``{"requeued": [...], "failed": [...]}``.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=setting("MEDIA_JOB_STALL_SECONDS", 600))
    stuck = TranscodeJob.objects.filter(status__in=RUNNING_STATUSES, heartbeat_at__lt=cutoff)
    result: dict[str, list[int]] = {"requeued": [], "failed": []}
    for job_id in stuck.values_list("pk", flat=True):
        outcome = _requeue_one(job_id, cutoff=cutoff)
        if outcome:
            result[outcome].append(job_id)
    return result


def _requeue_one(job_id: int, *, cutoff) -> str | None:
    with transaction.atomic():
        job = (
            TranscodeJob.objects.select_for_update()
            .filter(pk=job_id, status__in=RUNNING_STATUSES, heartbeat_at__lt=cutoff)
            .first()
        )
        if job is None:  # it moved on since the listing
            return None
        abandoned = job.output_prefix
        concurrency.release_job(job.pk)
        if not Video.objects.filter(pk=job.video_id, hls_prefix=abandoned).exists():
            # A published preview of the dead run stays playable until a new run replaces it.
            transaction.on_commit(lambda: discard_prefix(abandoned))
        if job.attempts >= setting("MEDIA_JOB_MAX_ATTEMPTS", 3):
            jobs.fail(
                Run(job_id=job.pk, video_id=job.video_id, source_key="", prefix=abandoned),
                code="stalled",
                message=STALLED_MESSAGE,
            )
            return "failed"
        TranscodeJob.objects.filter(pk=job.pk).update(
            status=Status.QUEUED, output_prefix="", heartbeat_at=None, progress=0
        )
        Video.objects.filter(pk=job.video_id).update(status=Status.QUEUED)
        _enqueue_on_commit(job.pk)
        return "requeued"
