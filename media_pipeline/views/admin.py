"""Video library views in the Wagtail admin: listing, upload, edit, delete, status, retry.

Built on Wagtail's generic model views; what they do not do for collection-based models
(narrow the listing, check each instance) is added here with the permission policy.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button

from ..models import Video
from ..permissions import permission_policy
from ..selectors import video_job_status, videos_for_user
from ..services import RetryRefused, video_create, video_retry


class VideoIndexView(generic.IndexView):
    any_permission_required = ["add", "change", "delete", "choose"]

    def get_base_queryset(self):
        return (
            videos_for_user(user=self.request.user)
            .select_related("collection")
            .prefetch_related("captions")
        )


class InstancePermissionMixin:
    """The generic views check the model permission; a video also needs the collection's."""

    instance_action = "change"

    def get_object(self, queryset=None):
        video = super().get_object(queryset)
        if not permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, video
        ):
            raise PermissionDenied
        return video


class ForUserFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class VideoEditView(InstancePermissionMixin, ForUserFormMixin, generic.EditView):
    @cached_property
    def header_buttons(self):
        captions = Button(
            _("Captions"),
            url=reverse("captions_admin:manage", args=[self.object.pk]),
            icon_name="doc-full",
            priority=10,
        )
        return [*super().header_buttons, captions]


class VideoDeleteView(InstancePermissionMixin, generic.DeleteView):
    instance_action = "delete"


class VideoUploadView(ForUserFormMixin, generic.CreateView):
    """The plain multipart form, with the resumable (tus) uploader above it when JavaScript
    runs; the form stays as the fallback."""

    template_name = "media_pipeline/upload.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "tus_endpoint": reverse("videos:tus"),
            "library_url": reverse("videos:index"),
        }

    def save_instance(self) -> Video:
        data = self.form.cleaned_data
        return video_create(
            title=data["title"],
            collection=data["collection"],
            user=self.request.user,
            file=data["file"],
            original_name=data["file"].name,
        )


def _video_for(request: HttpRequest, pk: int, actions: list[str]) -> Video:
    video = get_object_or_404(Video, pk=pk)
    if not permission_policy.user_has_any_permission_for_instance(request.user, actions, video):
        raise Http404  # another school's video: not even its existence is shown
    return video


@require_GET
def status_view(request: HttpRequest, pk: int) -> JsonResponse:
    """The listing polls this while a job runs (progress bar, status, error)."""
    video = _video_for(request, pk, ["change", "choose"])
    return JsonResponse(video_job_status(video=video))


@require_POST
def retry_view(request: HttpRequest, pk: int):
    video = _video_for(request, pk, ["change"])
    try:
        video_retry(video=video, user=request.user)
        messages.success(request, f"已重新排队处理“{video.title}”。")
    except RetryRefused:
        messages.warning(request, f"“{video.title}”正在处理中，请稍候。")
    return redirect("videos:index")
