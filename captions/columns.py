"""The 字幕 column of the video library (media_pipeline's listing shows it)."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.tables import Column

from .selectors import user_can_edit_captions


class CaptionsColumn(Column):
    """The languages a video has captions in, linked to its 字幕 page for those who may
    edit them."""

    cell_template_name = "captions/captions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        editable = request is not None and user_can_edit_captions(user=request.user, video=instance)
        context |= {
            "labels": [caption.label for caption in instance.captions.all()],
            "manage_url": reverse("captions_admin:manage", args=[instance.pk]) if editable else "",
        }
        return context
