"""A lesson with captions: the player shows them by default, and a parent can turn them off
(remembered on the next visit)."""

import time

import pytest

from captions.services import caption_attach
from tests.browser.lessons import lesson_with_pipeline_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SRT = "1\n00:00:00,000 --> 00:00:05,000\n各位家长好，欢迎来到家长学校\n"


def track_state(page) -> dict:
    return page.evaluate(
        """v => {
            const t = Array.from(v.textTracks).find(t => t.kind === "captions");
            return t ? {mode: t.mode, language: t.language, label: t.label,
                        cues: t.cues ? t.cues.length : 0} : null;
        }""",
        page.locator("video[data-hls-src]").element_handle(),
    )


def wait_for(page, predicate, what: str) -> dict:
    # Poll from Python: the page's Content Security Policy forbids evaluated strings.
    deadline = time.monotonic() + 15
    while not predicate(state := track_state(page)):
        assert time.monotonic() < deadline, f"{what}: {state}"
        page.wait_for_timeout(200)
    return state


def test_captions_show_by_default_and_turn_off(live_server, phone, screenshot, run_tasks, tmp_path):
    _tree, lesson = lesson_with_pipeline_video(tmp_path=tmp_path, run_tasks=run_tasks)
    caption_attach(
        video=lesson.video,
        language="zh-Hans",
        data=SRT.encode("gbk"),
        original_name="a.srt",
        user=None,
    )
    phone.goto(live_server.url + lesson.get_url())
    state = wait_for(phone, lambda s: s and s["cues"] == 1, "the captions did not load")
    assert state == {"mode": "showing", "language": "zh-Hans", "label": "中文", "cues": 1}
    button = phone.get_by_role("button", name="字幕")
    assert button.is_visible() and button.get_attribute("aria-pressed") == "true"
    screenshot(phone, "lesson-captions")

    button.click()
    assert track_state(phone)["mode"] == "disabled"
    assert button.get_attribute("aria-pressed") == "false"
    phone.reload()
    wait_for(phone, lambda s: s and s["mode"] == "disabled", "the choice was not remembered")
    assert phone.get_by_role("button", name="字幕").get_attribute("aria-pressed") == "false"
