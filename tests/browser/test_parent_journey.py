"""The parents' side in real Chromium on a phone-sized screen: register with an invite code,
large text, and the lesson player (play, speed, quality, resume after a reload)."""

import time

import pytest

from accounts import services
from tests.accounts.factories import InviteCodeFactory
from tests.browser.lessons import lesson_with_pipeline_video
from tests.factories import ChildFactory, SchoolClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until(check, message: str, seconds: float = 20):
    # Poll from Python: the page's Content Security Policy forbids evaluated strings.
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, message() if callable(message) else message
        time.sleep(0.25)


def test_register_with_an_invite_code_then_large_text(live_server, phone, screenshot):
    services.consent_version_publish(
        title="儿童个人信息处理监护人同意书", body="我们仅为记录家庭教育学时处理孩子的姓名和班级。"
    )
    school_class = SchoolClassFactory(grade="p3")
    ChildFactory(name="赵小禾", school_class=school_class)
    InviteCodeFactory(code="HE7Q2XKM", school_class=school_class)

    phone.goto(live_server.url + "/zh-hans/accounts/login/")
    phone.get_by_role("link", name="家长注册").click()
    phone.get_by_label("手机号").fill("13912345678")
    phone.get_by_label("密码", exact=True).fill("Yunxi-parent-2026")
    phone.get_by_label("再次输入密码").fill("Yunxi-parent-2026")
    phone.get_by_label("邀请码").fill("he7q2xkm")
    phone.get_by_label("孩子姓名").fill("赵小禾")
    phone.get_by_label("您的姓名").fill("赵国梁")
    phone.get_by_label("与孩子关系").select_option("grandfather")
    screenshot(phone, "register-filled")
    phone.get_by_label("我已阅读上述同意书").check()
    phone.get_by_role("button", name="注册", exact=True).click()
    phone.wait_for_url("**/zh-hans/accounts/learning/")
    assert phone.get_by_text("欢迎！您的账户已关联到您的家庭。").is_visible()
    assert phone.get_by_text("赵小禾").first.is_visible()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(phone, "my-learning")

    normal = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    phone.get_by_role("button", name="大字模式").click()
    phone.wait_for_load_state()
    assert "large-text" in phone.evaluate("() => document.body.className")
    large = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert large >= normal * 1.25
    button = phone.get_by_role("button", name="标准字号").bounding_box()
    assert button["height"] >= 48  # big enough for a grandparent's finger
    phone.goto(live_server.url + "/zh-hans/search/")
    assert "large-text" in phone.evaluate("() => document.body.className")
    screenshot(phone, "large-text")


def test_player_plays_changes_speed_and_quality_and_resumes(
    live_server, phone, screenshot, run_tasks, tmp_path
):
    _tree, lesson = lesson_with_pipeline_video(
        tmp_path=tmp_path, run_tasks=run_tasks, seconds=12, size="960x540"
    )
    phone.goto(live_server.url + lesson.get_url())
    video = phone.locator("video[data-hls-src]").element_handle()
    controls = phone.locator("[data-player-controls]")
    assert controls.is_visible()
    quality = phone.get_by_label("清晰度")
    wait_until(
        lambda: quality.locator("option").count() >= 3,
        lambda: phone.evaluate(
            "v => JSON.stringify({levels: v.hls && v.hls.levels.map(l => [l.height, l.codecSet]),"
            " options: document.querySelector('[data-quality]').options.length,"
            " native: v.canPlayType('application/vnd.apple.mpegurl')})",
            video,
        ),
    )
    assert quality.locator("option").first.text_content() == "自动"

    phone.evaluate("v => { v.muted = true; }", video)
    phone.get_by_role("button", name="播放").click()
    wait_until(lambda: phone.evaluate("v => v.currentTime", video) > 1, "the video did not play")
    assert phone.get_by_role("button", name="暂停").is_visible()
    # The ladder's audio is a separate rendition group: make sure it is heard too.
    wait_until(lambda: phone.evaluate("v => v.webkitAudioDecodedByteCount", video) > 0, "no sound")

    phone.get_by_label("速度").select_option("1.5")
    assert phone.evaluate("v => v.playbackRate", video) == 1.5
    quality.select_option(index=1)
    assert phone.evaluate("v => v.hls.autoLevelEnabled", video) is False
    wait_until(lambda: phone.evaluate("v => v.hls.currentLevel", video) == 0, "no manual level")
    screenshot(phone, "player-controls")

    wait_until(lambda: phone.evaluate("v => v.currentTime", video) > 4, "did not reach 4 s")
    phone.get_by_role("button", name="暂停").click()
    saved = phone.evaluate("v => v.currentTime", video)

    phone.reload()
    video = phone.locator("video[data-hls-src]").element_handle()
    wait_until(
        lambda: phone.evaluate("v => v.currentTime", video) >= saved - 0.5,
        "did not resume at the saved position",
    )
    assert phone.evaluate("v => v.playbackRate", video) == 1.5  # the speed is remembered
    screenshot(phone, "player-resumed")


def test_player_keyboard_thumbnails_and_data_saver(
    live_server, phone, screenshot, run_tasks, tmp_path
):
    _tree, lesson = lesson_with_pipeline_video(tmp_path=tmp_path, run_tasks=run_tasks)
    phone.goto(live_server.url + lesson.get_url())
    video = phone.locator("video[data-hls-src]")
    handle = video.element_handle()
    phone.evaluate("v => { v.muted = true; }", handle)
    video.focus()
    phone.keyboard.press(" ")
    wait_until(lambda: phone.evaluate("v => v.currentTime", handle) > 0.5, "space did not play")
    phone.keyboard.press(" ")
    assert phone.evaluate("v => v.paused", handle)
    before = phone.evaluate("v => v.currentTime", handle)
    phone.keyboard.press("ArrowRight")
    assert phone.evaluate("v => v.currentTime", handle) >= before + 4

    seek = phone.get_by_label("播放进度")
    preview = phone.locator("[data-preview]")
    wait_until(lambda: phone.evaluate("v => !!(v.player.thumbnails || []).length", handle), "vtt")
    box = seek.bounding_box()
    phone.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    assert preview.is_visible()
    assert "thumbnails.jpg" in preview.locator(".thumb").evaluate("t => t.style.backgroundImage")
    screenshot(phone, "player-seek-preview")

    saver = phone.get_by_role("button", name="省流量")
    saver.click()
    assert saver.get_attribute("aria-pressed") == "true"
    wait_until(
        lambda: phone.evaluate("v => v.hls && v.hls.url", handle).endswith("audio/index.m3u8"),
        "data saver did not switch to the audio-only rendition",
    )
    phone.reload()
    handle = phone.locator("video[data-hls-src]").element_handle()
    wait_until(
        lambda: (phone.evaluate("v => v.hls && v.hls.url", handle) or "").endswith(
            "audio/index.m3u8"
        ),
        "data saver was not remembered",
    )
