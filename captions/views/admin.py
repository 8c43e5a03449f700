"""The 字幕 (captions) page of a video in the admin: upload, replace, remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from media_pipeline.models import Video

from ..formats import CaptionFileError
from ..forms import CaptionUploadForm
from ..models import Caption, Language
from ..selectors import user_can_edit_captions
from ..services import caption_attach, caption_remove


def editable_video(request: HttpRequest, video_id: int) -> Video:
    video = get_object_or_404(Video, pk=video_id)
    if not user_can_edit_captions(user=request.user, video=video):
        raise Http404  # another school's video: not even its existence is shown
    return video


def manage(request: HttpRequest, video_id: int) -> HttpResponse:
    video = editable_video(request, video_id)
    form = CaptionUploadForm()
    if request.method == "POST":
        form = CaptionUploadForm(request.POST, request.FILES)
        if form.is_valid() and attach(request, video, form):
            return redirect("captions_admin:manage", video.pk)
    captions = {caption.language: caption for caption in video.captions.all()}
    rows = [(language, captions.get(language.value)) for language in Language]
    return TemplateResponse(
        request, "captions/manage.html", {"video": video, "rows": rows, "form": form}
    )


def attach(request: HttpRequest, video: Video, form: CaptionUploadForm) -> bool:
    upload = form.cleaned_data["file"]
    try:
        caption = caption_attach(
            video=video,
            language=form.cleaned_data["language"],
            data=upload.read(),
            original_name=upload.name,
            user=request.user,
        )
    except CaptionFileError as error:
        form.add_error("file", str(error))
        return False
    messages.success(
        request,
        _("Captions (%(language)s) saved: %(count)s cues.")
        % {"language": caption.get_language_display(), "count": caption.cue_count},
    )
    return True


@require_POST
def remove(request: HttpRequest, video_id: int, language: str) -> HttpResponse:
    video = editable_video(request, video_id)
    caption = get_object_or_404(Caption, video=video, language=language)
    caption_remove(caption=caption)
    language_name = caption.get_language_display()
    messages.success(request, _("Captions (%(language)s) removed.") % {"language": language_name})
    return redirect("captions_admin:manage", video.pk)
