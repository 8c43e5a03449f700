"""Read-side questions about captions: who may edit them, which a player gets."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import translation

from media_pipeline.models import Video
from media_pipeline.permissions import permission_policy

from .models import Caption, Language

User = AbstractBaseUser | AnonymousUser


def user_can_edit_captions(*, user: User, video: Video) -> bool:
    """Whoever may change the video (its uploader, their school's admins, superusers), or
    may edit a lesson that shows it (a teacher captioning a colleague's video)."""
    if not user.is_authenticated:
        return False
    if permission_policy.user_has_permission_for_instance(user, "change", video):
        return True
    lessons = apps.get_model("courses", "LessonPage").objects.filter(video=video)
    return any(lesson.permissions_for_user(user).can_edit() for lesson in lessons)


def captions_for_player(*, video: Video) -> list[Caption]:
    """The video's captions, the one in the page's language first (the player's captions
    button switches the first track), else Simplified Chinese first."""
    current = translation.get_language() or ""
    preferred = Language.EN if current.startswith("en") else Language.ZH_HANS
    captions = list(Caption.objects.filter(video=video))
    return sorted(captions, key=lambda caption: caption.language != preferred)


def caption_tracks(*, video: Video) -> list[dict]:
    """The player's tracks as data, for the read API's ``video_info``."""
    return [
        {"language": caption.language, "label": caption.label, "url": caption.url}
        for caption in captions_for_player(video=video)
    ]


def caption_text_of(*, video_id: int) -> str:
    """Every caption's cue text of a video, for the search index of the lessons showing it."""
    texts = Caption.objects.filter(video_id=video_id).order_by("language")
    return "\n".join(texts.values_list("text", flat=True))
