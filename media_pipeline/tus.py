"""Resumable uploads (tus 1.0): sessions, partial files, completion and expiry.

The HTTP side is in ``views/tus.py``; this module knows nothing about requests. A session's
bytes are appended to ``MEDIA_UPLOAD_TMP_DIR/<session id>``; once all ``length`` bytes are
there, ``video_create`` stores them under a generated key and the partial file is removed.
The client's filename is kept for display only and never reaches a path.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .maintenance import maintenance_schedule
from .models import UploadSession
from .permissions import permission_policy
from .services import setting, video_create

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024  # read the request body this much at a time
DEFAULT_MAX_BYTES = 4 * 1024**3


class UploadError(Exception):
    """A tus request that cannot be honoured; ``status`` is the HTTP status to answer with."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


def max_upload_bytes() -> int:
    return int(setting("MEDIA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_dir() -> Path:
    default = Path(settings.VAR_DIR) / "uploads"
    path = Path(setting("MEDIA_UPLOAD_TMP_DIR", default))
    path.mkdir(parents=True, exist_ok=True)
    return path


def expiry_delta() -> timedelta:
    return timedelta(seconds=int(setting("MEDIA_UPLOAD_EXPIRE_SECONDS", 24 * 60 * 60)))


def partial_path(session: UploadSession) -> Path:
    return upload_dir() / session.pk.hex


def parse_metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64(value)`` pairs (value optional)."""
    metadata: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in header.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            metadata[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise UploadError(f"Upload-Metadata: {key} is not base64 UTF-8") from error
    return metadata


def upload_create(
    *,
    user: AbstractBaseUser,
    collection_id: str,
    length: int,
    title: str = "",
    original_name: str = "",
) -> UploadSession:
    """Start an upload of ``length`` bytes into a collection where ``user`` may add videos."""
    if length < 0:
        raise UploadError("Upload-Length must not be negative")
    if length > max_upload_bytes():
        raise UploadError("文件超过允许的大小。", status=413)
    allowed = permission_policy.collections_user_has_permission_for(user, "add")
    collection = allowed.filter(pk=collection_id).first() if str(collection_id).isdigit() else None
    if collection is None:
        raise UploadError("没有向该分类上传视频的权限。", status=403)
    display_name = Path(original_name.replace("\\", "/")).name[:255]
    session = UploadSession.objects.create(
        user=user,
        collection=collection,
        title=(title.strip() or Path(display_name).stem or "未命名视频")[:255],
        original_filename=display_name,
        length=length,
        expires_at=timezone.now() + expiry_delta(),
    )
    partial_path(session).touch(exist_ok=False)
    # Abandoned, it must expire even without cron (see ``maintenance``).
    transaction.on_commit(maintenance_schedule)
    return session


def upload_for_user(*, user: AbstractBaseUser, upload_id: str) -> UploadSession:
    """The user's own session; anyone else's (or a missing one) is ``UploadError(404)``."""
    session = UploadSession.objects.filter(pk=upload_id, user=user).first()
    if session is None:
        raise UploadError("Not found", status=404)
    if not session.is_complete and session.expires_at <= timezone.now():
        raise UploadError("Upload expired", status=410)
    return session


@contextmanager
def _locked_partial(session: UploadSession) -> Iterator[BinaryIO]:
    """The partial file opened for appending, locked against a concurrent PATCH."""
    try:
        handle = partial_path(session).open("r+b")
    except FileNotFoundError as error:
        raise UploadError("Upload expired", status=410) from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise UploadError("Another request is writing this upload", status=409) from error
        yield handle


def upload_append(
    *, session: UploadSession, offset: int, body: BinaryIO, content_length: int | None
) -> UploadSession:
    """Append a chunk at ``offset`` (streamed, never held whole in memory); finish the upload
    (create the video) when the last byte arrives."""
    if session.is_complete:
        raise UploadError("Upload already complete", status=409)
    with _locked_partial(session) as handle:
        current = handle.seek(0, os.SEEK_END)  # the file is the truth after any crash
        if offset != current:
            raise UploadError(f"Upload-Offset is {current}", status=409)
        remaining = session.length - current
        if content_length is not None and content_length > remaining:
            raise UploadError("The chunk goes past Upload-Length", status=413)
        try:
            written = _copy(body, handle, limit=remaining)
            if written > remaining:  # a lying Content-Length: drop the whole chunk
                handle.truncate(current)
                handle.seek(current)
        finally:  # a client that went away mid-chunk keeps what arrived
            handle.flush()
            session.offset = handle.tell()
            session.expires_at = timezone.now() + expiry_delta()
            session.save(update_fields=["offset", "expires_at", "updated_at"])
        if written > remaining:
            raise UploadError("The chunk goes past Upload-Length", status=413)
        if session.offset == session.length:
            _finish(session)
    return session


def _copy(body: BinaryIO, handle: BinaryIO, *, limit: int) -> int:
    """Copy until the body ends; stop (and report ``limit + 1``) once it runs past ``limit``."""
    written = 0
    while chunk := body.read(CHUNK_BYTES):
        if written + len(chunk) > limit:
            handle.write(chunk[: limit - written])
            return limit + 1
        handle.write(chunk)
        written += len(chunk)
    return written


def _finish(session: UploadSession) -> None:
    path = partial_path(session)
    session.video = video_create(
        title=session.title,
        collection=session.collection,
        user=session.user,
        original_name=session.original_filename,
        source_path=path,
    )
    session.save(update_fields=["video", "updated_at"])
    path.unlink(missing_ok=True)


def upload_terminate(*, session: UploadSession) -> None:
    """tus termination: forget the upload and its bytes (a finished video is kept)."""
    partial_path(session).unlink(missing_ok=True)
    session.delete()


def expire_abandoned_uploads(*, now: datetime | None = None) -> list[str]:
    """Delete sessions past ``expires_at`` and their partial files, plus stray partial files
    no session names that are older than the expiry window. Returns the deleted ids."""
    now = now or timezone.now()
    expired = list(UploadSession.objects.filter(expires_at__lte=now))
    for session in expired:
        upload_terminate(session=session)
    live = {pk.hex for pk in UploadSession.objects.values_list("pk", flat=True)}
    cutoff = (now - expiry_delta()).timestamp()
    for path in upload_dir().iterdir():
        if path.is_file() and path.name not in live and path.stat().st_mtime < cutoff:
            logger.info("removing stray partial upload %s", path.name)
            path.unlink(missing_ok=True)
    return [str(session.pk) for session in expired]
