"""Indexing through the task queue: publish, unpublish, and a course's lessons."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from search.query import search_content
from tests.search.corpus import OURS, build_search_city, rebuild_index

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("run_tasks")]


def titles(query: str) -> set[str]:
    return {hit.page.title for hit in search_content(query=query, per_page=50).hits}


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
def test_publish_and_unpublish_reach_the_index_through_tasks(run_tasks):
    tree = build_search_city()
    rebuild_index()
    course = tree["family_course"]
    course.title = "隔代教养的烦恼"
    course.save_revision().publish()
    assert "隔代教养的烦恼" not in titles("隔代教养")  # queued, not yet run
    run_tasks()
    assert "隔代教养的烦恼" in titles("隔代教养")
    # its lesson carries the course title, re-indexed by our subtree task
    assert "青春期孩子的情绪管理" in titles("隔代教养")

    Page.objects.get(pk=course.pk).specific.unpublish()
    run_tasks()
    assert "隔代教养的烦恼" not in titles("隔代教养")
