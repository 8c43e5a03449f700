"""Serving a caption file to the player, with the same access check as the video's HLS
(``media_pipeline.selectors.user_can_play_video``): a login-only or unpublished lesson's
captions are no more reachable than its video.

The file is small text, so it is read from the storage and answered here, on local and S3
storage alike (no redirect to a signed URL: the page's ``<track>`` stays same-origin). The
URL carries the stored file's name, which changes with every upload, so the response is
cached as immutable.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from media_pipeline.selectors import user_can_play_video
from media_pipeline.storage import media_storage

from ..models import Caption


@require_GET
def serve_caption(request: HttpRequest, video_id: int, language: str, token: str) -> HttpResponse:
    caption = get_object_or_404(
        Caption.objects.select_related("video"), video_id=video_id, language=language
    )
    if token != caption.token:
        raise Http404  # replaced since the page was rendered
    if not user_can_play_video(user=request.user, video=caption.video):
        raise Http404  # not 403: strangers learn nothing about unpublished lessons
    try:
        with media_storage().open(caption.file_key, "rb") as handle:
            body = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(body, content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response
