"""A phrase spoken in a lesson's video (its captions) finds the lesson in search."""

import pytest
from django.test import override_settings

from captions.services import caption_attach, caption_remove
from search.query import search_content
from tests.search.corpus import OURS

from .samples import SRT

pytestmark = pytest.mark.django_db(transaction=True)

PHRASE = "先听他说完再回应"


def titles(results) -> set[str]:
    return {hit.page.title for hit in results.hits}


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
def test_a_spoken_phrase_finds_the_lesson_until_the_captions_go(city, run_tasks):
    lesson = city["lesson_a"]
    run_tasks()  # the publishes' own indexing
    assert lesson.title not in titles(search_content(query=PHRASE))
    caption = caption_attach(
        video=city["video_a"],
        language="zh-Hans",
        data=SRT.encode(),
        original_name="a.srt",
        user=None,
    )
    run_tasks()
    assert lesson.title in titles(search_content(query=PHRASE))
    caption_remove(caption=caption)
    run_tasks()
    assert lesson.title not in titles(search_content(query=PHRASE))
