"""Index freshness.

modelsearch's own handlers (AUTO_UPDATE) already index a page through a django-tasks task
on every save, so publishing, unpublishing (which saves live=False) and editing reach the
index in the background, and deletion removes it at once. What they cannot know is that a
lesson's index entry holds its course's title, topics and grades: when a course, curriculum
or school is published, its subtree is re-indexed by a task, after the commit.
"""

from functools import partial

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

ANCESTOR_TYPES = ("coursepage", "curriculumpage", "schoolpage")


def enqueue_subtree(sender, instance, **kwargs) -> None:
    if sender._meta.model_name in ANCESTOR_TYPES:
        from search.tasks import reindex_subtree

        transaction.on_commit(partial(reindex_subtree.enqueue, instance.pk))


def register_signal_handlers() -> None:
    page_published.connect(enqueue_subtree, dispatch_uid="search_subtree_published")
    page_unpublished.connect(enqueue_subtree, dispatch_uid="search_subtree_unpublished")
