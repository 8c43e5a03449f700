"""A lesson whose video went through the media pipeline plays on a phone."""

import time

import pytest
from wagtail.models import Site

from media_pipeline.services import video_create
from schools.access import region_collection
from tests.courses.tree import build_city
from tests.media_pipeline.conftest import X264_FAST, make, tone, video_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_clip(path):
    """6 s of 640x360 H.264/AAC, made with the media pipeline tests' ffmpeg helpers."""
    return make(path, *video_source(seconds=6, rate=25), *tone(6), *X264_FAST, "-c:a", "aac")


def test_lesson_video_plays_from_the_pipelines_hls(
    live_server, phone, screenshot, run_tasks, tmp_path
):
    tree = build_city()
    Site.objects.filter(is_default_site=True).update(hostname="localhost")
    video = video_create(
        title="测试微课",
        collection=region_collection(tree["city"]),
        user=None,
        original_name="手机拍摄.mp4",
        source_path=make_clip(tmp_path / "clip.mp4"),
    )
    run_tasks()
    video.refresh_from_db()
    assert video.is_ready, video.error_message
    lesson = tree["shared_course"].get_children().first().specific
    lesson.video = video
    lesson.save_revision().publish()

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
