"""Read-side questions about videos: who may see, choose or play which video."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from .models import RUNNING_STATUSES, Status, TranscodeJob, Video
from .permissions import permission_policy

User = AbstractBaseUser | AnonymousUser


def videos_for_user(
    *, user: User, actions: Iterable[str] = ("change", "choose")
) -> QuerySet[Video]:
    """Videos in collections where ``user`` may do any of ``actions`` (superusers: all)."""
    return permission_policy.instances_user_has_any_permission_for(user, list(actions))


def video_is_public(video: Video) -> bool:
    """Used by a live lesson page that anyone may view (no privacy restriction)."""
    lesson_model = apps.get_model("courses", "LessonPage")
    try:
        lesson_model._meta.get_field("video")
    except FieldDoesNotExist:  # lessons cannot refer to videos yet
        return False
    return lesson_model.objects.live().public().filter(video=video).exists()


def user_can_play_video(*, user: User, video: Video) -> bool:
    """Parents and visitors may play what a public lesson shows; staff may play any video
    they may choose or change (their school's collection, or everything for superusers)."""
    if not video.hls_prefix:
        return False
    if video_is_public(video):
        return True
    return user.is_authenticated and permission_policy.user_has_any_permission_for_instance(
        user, ["choose", "change"], video
    )


def video_job_status(*, video: Video) -> dict:
    """What the admin's status poll shows: the latest job's state and progress."""
    job: TranscodeJob | None = video.latest_job
    return {
        "id": video.pk,
        "status": video.status,
        "status_label": Status(video.status).label,
        "progress": job.progress if job else 0,
        "running": video.status in (Status.QUEUED, *RUNNING_STATUSES),
        "error": video.error_message,
        "ready": video.is_ready,
        # The lowest rung already plays while the rest of the ladder is encoded.
        "preview": video.hls_preview,
    }
