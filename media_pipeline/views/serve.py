"""Playing a video: playlists, segments, poster and thumbnails through one checked route.

Why an access-checked route rather than handing out signed URLs in the page: every request
runs ``user_can_play_video`` (a lesson unpublished or made private stops playing at once, and
strangers get 404 whatever they guess), and the page needs only one stable URL, the master
playlist. Playlists use relative URIs, and the route mirrors the output tree, so they resolve
back here with no rewriting. Segments and images are then:

- on local storage, streamed from disk (``FileResponse``);
- on S3-compatible storage, answered with a redirect to a presigned URL that lives only
  ``MEDIA_SIGNED_URL_SECONDS`` (60 s by default: just long enough to follow), so bytes come
  straight from the bucket and a leaked link soon dies.

The URL carries the output's run id: a re-transcode publishes under a new id, so responses
can be cached as immutable and a player never mixes segments of two outputs.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..models import Video
from ..selectors import user_can_play_video
from ..storage import local_path, media_storage

# A variant folder at most, then a file of a kind the transcoder writes.
NAME_PATTERN = re.compile(r"(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_-]+\.(m3u8|ts|m4s|jpg|vtt)")
CONTENT_TYPES = {
    "m3u8": "application/vnd.apple.mpegurl",
    "ts": "video/mp2t",
    "m4s": "video/iso.segment",
    "jpg": "image/jpeg",
    "vtt": "text/vtt; charset=utf-8",
}


@require_GET
def serve_video_file(request: HttpRequest, video_id: int, run: str, name: str) -> HttpResponse:
    match = NAME_PATTERN.fullmatch(name)
    video = get_object_or_404(Video, pk=video_id)
    if not (match and video.hls_prefix and run == video.run_id):
        raise Http404
    if not user_can_play_video(user=request.user, video=video):
        raise Http404  # not 403: strangers learn nothing about unpublished lessons
    key = video.hls_prefix + name
    storage = media_storage()
    if not storage.exists(key):
        raise Http404
    response = _file_response(storage, key, CONTENT_TYPES[match.group(1)], playlist=name)
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response


def _file_response(storage, key: str, content_type: str, *, playlist: str) -> HttpResponse:
    if playlist.endswith((".m3u8", ".vtt")):
        # Small text files that name their neighbours relatively: answered by us, so the
        # relative names resolve to this route.
        with storage.open(key, "rb") as handle:
            return HttpResponse(handle.read(), content_type=content_type)
    path = local_path(storage, key)
    if path is not None:
        return FileResponse(path.open("rb"), content_type=content_type)
    expire = getattr(settings, "MEDIA_SIGNED_URL_SECONDS", 60)
    url = storage.url(key, parameters={"ResponseContentType": content_type}, expire=expire)
    return HttpResponseRedirect(url)
