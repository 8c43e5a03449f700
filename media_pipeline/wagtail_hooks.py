from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .viewsets import video_chooser_viewset, video_viewset


@hooks.register("register_admin_viewset")
def register_video_viewsets():
    return [video_viewset, video_chooser_viewset]


@hooks.register("insert_global_admin_js")
def video_status_poller():
    # Inert unless the page shows a running job (the video library listing).
    return format_html('<script src="{}" defer></script>', static("media_pipeline/status.js"))
