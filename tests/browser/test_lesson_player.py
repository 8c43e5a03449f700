"""A lesson whose video went through the media pipeline plays on a phone."""

import time

import pytest

from tests.browser.lessons import lesson_with_pipeline_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lesson_video_plays_from_the_pipelines_hls(
    live_server, phone, screenshot, run_tasks, tmp_path
):
    _tree, lesson = lesson_with_pipeline_video(tmp_path=tmp_path, run_tasks=run_tasks)

    phone.goto(live_server.url + lesson.get_url())
    player = phone.locator("video[data-hls-src]")
    assert player.get_attribute("data-hls-src").endswith("/master.m3u8")
    phone.evaluate("v => { v.muted = true; return v.play(); }", player.element_handle())
    # Poll from Python: the page's Content Security Policy forbids evaluated strings.
    deadline = time.monotonic() + 20
    while phone.evaluate("v => v.currentTime", player.element_handle()) <= 1:
        assert time.monotonic() < deadline, "the video did not play"
        phone.wait_for_timeout(250)
    screenshot(phone, "lesson-playing")
