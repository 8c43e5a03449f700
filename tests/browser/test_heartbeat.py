"""A parent watches a lesson in a real browser: the heartbeat script reports the seconds
played, and leaving the page (beacon) brings the lesson over 90%, so it counts."""

import time

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Site

from attendance.models import LedgerEntry, PlaybackSession
from media_pipeline.services import video_create
from schools.access import region_collection
from tests.attendance.world import build_world
from tests.browser.lessons import make_clip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_watching_a_lesson_in_the_browser_counts_it(
    live_server, phone, run_tasks, tmp_path, screenshot
):
    world = build_world()
    Site.objects.filter(is_default_site=True).update(hostname="localhost")
    video = video_create(
        title="测试微课",
        collection=region_collection(world["city"]),
        user=None,
        original_name="手机拍摄.mp4",
        source_path=make_clip(tmp_path / "clip.mp4"),
    )
    run_tasks()
    lesson = world["lesson"]
    lesson.video = video
    lesson.save_revision().publish()

    client = Client()
    client.force_login(world["parent_a"])
    phone.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    hours_page = live_server.url + "/zh-hans/attendance/my/"
    phone.goto(hours_page)
    sessions = phone.locator(".progress-list .figure").first
    assert sessions.inner_text() == "0 / 4"
    phone.goto(live_server.url + lesson.get_url())
    player = phone.locator("video[data-attendance-lesson]")
    deadline = time.monotonic() + 30
    while not phone.evaluate("v => v.dataset.attendanceSession", player.element_handle()):
        assert time.monotonic() < deadline, "the page opened no playback session"
        phone.wait_for_timeout(250)
    phone.evaluate("v => { v.muted = true; return v.play(); }", player.element_handle())
    deadline = time.monotonic() + 30
    while not phone.evaluate("v => v.ended", player.element_handle()):
        assert time.monotonic() < deadline, "the video did not play to the end"
        phone.wait_for_timeout(250)
    phone.goto(live_server.url + "/zh-hans/")  # pagehide: the beacon carries the last ranges
    deadline = time.monotonic() + 30  # a busy machine may take a while to answer
    while not LedgerEntry.objects.filter(family=world["family_a"], lesson=lesson).exists():
        assert time.monotonic() < deadline, list(
            PlaybackSession.objects.values("intervals", "duration", "last_seq", "claimed_seconds")
        )
        phone.wait_for_timeout(250)
    session = PlaybackSession.objects.get(user=world["parent_a"], lesson=lesson)
    assert session.covered_seconds >= 0.9 * session.duration
    assert session.credited
    phone.goto(hours_page)  # the family sees its hours go up
    assert sessions.inner_text() == "1 / 4"
    assert lesson.title in phone.locator("main").inner_text()
    screenshot(phone, "hours-after-watching")
