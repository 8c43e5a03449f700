"""The tus 1.0 endpoint of the video library (``/admin/videos/tus/``).

Extensions: creation, termination, expiration. The admin URL conf already requires a signed-in
user with admin access; these views also require permission to add videos to some collection,
and each upload is visible only to the user who created it (anyone else gets 404).

CSRF: these views are *not* exempt. POST, PATCH and DELETE are state-changing requests made
with the admin session cookie, so a cross-site page must not be able to make them. tus clients
cannot put a token in a form body, but they can send headers: the browser uploader (and the
test's tuspy client) send the token as ``X-CSRFToken``, which Django's CsrfViewMiddleware
checks for every unsafe method. OPTIONS and HEAD are safe methods and need no token. Relying
on SameSite cookies alone was rejected: it does not cover same-site subdomains or old browsers.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views import View

from ..models import UploadSession
from ..permissions import permission_policy
from ..tus import (
    UploadError,
    max_upload_bytes,
    parse_metadata,
    upload_append,
    upload_create,
    upload_for_user,
    upload_terminate,
)

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,expiration"
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"


def _tus_response(status: int = 204, **headers: str) -> HttpResponse:
    response = HttpResponse(status=status)
    response["Tus-Resumable"] = TUS_VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _header_int(request: HttpRequest, name: str) -> int:
    value = request.headers.get(name, "")
    if not value.isdigit():
        raise UploadError(f"{name} must be a non-negative integer")
    return int(value)


def _state_headers(session: UploadSession) -> dict[str, str]:
    headers = {"Upload_Offset": str(session.offset), "Upload_Length": str(session.length)}
    if session.is_complete:
        headers["Upload_Video_Id"] = str(session.video_id)
    else:
        headers["Upload_Expires"] = http_date(session.expires_at.timestamp())
    return headers


class TusView(View):
    """Shared checks: permission to add videos somewhere, and the ``Tus-Resumable`` header."""

    http_method_names = ["options", "post", "head", "patch", "delete"]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permission_policy.user_has_permission(request.user, "add"):
            return _tus_response(403)
        if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != TUS_VERSION:
            return _tus_response(412, Tus_Version=TUS_VERSION)
        try:
            return super().dispatch(request, *args, **kwargs)
        except UploadError as error:
            response = _tus_response(error.status)
            response.content = str(error).encode()
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response

    def options(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _tus_response(
            204,
            Tus_Version=TUS_VERSION,
            Tus_Extension=TUS_EXTENSIONS,
            Tus_Max_Size=str(max_upload_bytes()),
        )


class TusCreateView(TusView):
    """``POST /admin/videos/tus/``: creation. Metadata: filename, title, collection (id)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if "Upload-Length" not in request.headers:
            raise UploadError("Upload-Length is required (Upload-Defer-Length is not supported)")
        metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
        session = upload_create(
            user=request.user,
            collection_id=metadata.get("collection", ""),
            length=_header_int(request, "Upload-Length"),
            title=metadata.get("title", ""),
            original_name=metadata.get("filename", ""),
        )
        location = request.build_absolute_uri(reverse("videos:tus_upload", args=[session.pk]))
        return _tus_response(
            201,
            Location=location,
            Upload_Expires=http_date(session.expires_at.timestamp()),
        )


class TusUploadView(TusView):
    """``/admin/videos/tus/<id>/``: HEAD (offset), PATCH (append), DELETE (termination)."""

    def head(self, request: HttpRequest, upload_id) -> HttpResponse:
        session = upload_for_user(user=request.user, upload_id=upload_id)
        response = _tus_response(200, **_state_headers(session))
        response["Cache-Control"] = "no-store"
        return response

    def patch(self, request: HttpRequest, upload_id) -> HttpResponse:
        if request.content_type != OFFSET_CONTENT_TYPE:
            raise UploadError(f"Content-Type must be {OFFSET_CONTENT_TYPE}", status=415)
        session = upload_for_user(user=request.user, upload_id=upload_id)
        offset = _header_int(request, "Upload-Offset")
        length = request.META.get("CONTENT_LENGTH") or ""
        session = upload_append(
            session=session,
            offset=offset,
            body=request,  # HttpRequest.read() streams the body; never request.body
            content_length=int(length) if length.isdigit() else None,
        )
        return _tus_response(204, **_state_headers(session))

    def delete(self, request: HttpRequest, upload_id) -> HttpResponse:
        session = upload_for_user(user=request.user, upload_id=upload_id)
        upload_terminate(session=session)
        return _tus_response(204)
