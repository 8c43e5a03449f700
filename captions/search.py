"""Keeping lessons' search entries in step with their video's captions."""

from __future__ import annotations

from django.apps import apps
from modelsearch.backends import get_search_backend

from search.lookups import shared_lookups


def captioned_lessons_reindex(*, video_id: int) -> int:
    """Re-index the live lessons showing ``video_id`` (their ``caption_text`` changed);
    returns how many."""
    lesson_model = apps.get_model("courses", "LessonPage")
    lessons = list(lesson_model.objects.live().filter(video_id=video_id))
    if lessons:
        with shared_lookups():
            get_search_backend().add_bulk(lesson_model, lessons)
    return len(lessons)
