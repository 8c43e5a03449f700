"""File cleanup when a video row goes away (as Wagtail does for images and documents)."""

from django.db import transaction
from django.db.models.signals import post_delete


def delete_video_files(sender, instance, **kwargs) -> None:
    from .storage import discard_prefix, media_storage

    def delete() -> None:
        # Jobs of this video were deleted with it; a run still going stops at its next
        # heartbeat and removes its own output.
        media_storage().delete(instance.source_key)
        discard_prefix(instance.hls_prefix)

    transaction.on_commit(delete)


def register_signal_handlers() -> None:
    from .models import Video

    post_delete.connect(delete_video_files, sender=Video, dispatch_uid="media_pipeline_video_files")
