"""Background work of captions. Thin: primitive ids in, a service call out."""

from django_tasks import task

from . import search


@task(queue_name="search")
def reindex_captioned_lessons(video_id: int) -> int:
    return search.captioned_lessons_reindex(video_id=video_id)
