"""File cleanup when a caption row goes away (removed, or deleted with its video)."""

from django.db import transaction
from django.db.models.signals import post_delete


def delete_caption_file(sender, instance, **kwargs) -> None:
    from .services import discard_file

    transaction.on_commit(lambda: discard_file(instance.file_key))


def register_signal_handlers() -> None:
    from .models import Caption

    post_delete.connect(delete_caption_file, sender=Caption, dispatch_uid="captions_file")
