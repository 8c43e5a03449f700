"""Writes of captions: attach (or replace) a video's caption file, remove it.

A new file is stored under a fresh name before the row points at it, and the old file is
deleted only once the row has moved on (``signal_handlers`` deletes the files of removed
rows): a refused or failed upload leaves the caption that was there untouched.
"""

from __future__ import annotations

import logging
import uuid
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from media_pipeline.models import Video
from media_pipeline.storage import media_storage
from parentschool.pagecache import purge_all

from .formats import CaptionFileError, read_caption_file
from .models import Caption

logger = logging.getLogger(__name__)


def caption_attach(
    *,
    video: Video,
    language: str,
    data: bytes,
    original_name: str,
    user: AbstractBaseUser | None,
) -> Caption:
    """Attach ``data`` (WebVTT or SRT, UTF-8 or GBK) as ``video``'s captions in ``language``,
    replacing any there were. Raises ``CaptionFileError`` (nothing changed) if the file
    cannot be used."""
    if not video.duration:
        raise CaptionFileError(
            _("The video is still being checked. Add captions once its length is known.")
        )
    parsed = read_caption_file(data, duration=video.duration)
    storage = media_storage()
    key = storage.save(
        f"captions/{video.pk}/{language}-{uuid.uuid4().hex}.vtt",
        ContentFile(parsed.vtt.encode("utf-8")),
    )
    try:
        with transaction.atomic():
            previous = Caption.objects.select_for_update().filter(video=video, language=language)
            caption = previous.first() or Caption(video=video, language=language)
            old_key = caption.file_key
            caption.file_key = key
            caption.original_filename = original_name[:255]
            caption.cue_count = parsed.cue_count
            caption.text = parsed.text
            caption.uploaded_by_user = user if user and user.is_authenticated else None
            caption.save()
            _after_change(video_id=video.pk)
    except BaseException:
        storage.delete(key)
        raise
    if old_key:
        transaction.on_commit(lambda: discard_file(old_key))
    return caption


def caption_remove(*, caption: Caption) -> None:
    """Remove a caption; its file goes once the deletion is committed."""
    caption.delete()
    _after_change(video_id=caption.video_id)


def _after_change(*, video_id: int) -> None:
    from .tasks import reindex_captioned_lessons

    # Cached lesson pages name the old file (or none): they must be rendered anew.
    transaction.on_commit(purge_all)
    # The lessons' search entries hold the spoken words.
    transaction.on_commit(partial(reindex_captioned_lessons.enqueue, video_id))


def discard_file(key: str) -> None:
    """Delete a file nothing refers to, best effort: an unreachable storage leaves an
    orphan behind rather than failing the caller."""
    try:
        media_storage().delete(key)
    except Exception:  # noqa: BLE001
        logger.warning("could not delete %s", key, exc_info=True)
