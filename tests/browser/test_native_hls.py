"""Where Media Source Extensions are missing (older iOS, WeChat on iOS) the player hands the
playlist to the browser's own HLS instead of hls.js.

Chromium has no native HLS, so this checks our side of that path on a Chromium made to
look like such a browser (no MediaSource, `canPlayType` saying "maybe" to HLS): which
source the video element gets, that hls.js stays out of it, that the quality menu explains
itself, and that the data saver switches to the audio-only playlist. Whether Safari then
decodes the stream is Safari's part; it is not run here."""

import time

import pytest

from tests.browser.lessons import lesson_with_pipeline_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIKE_IOS = """
(() => {
  for (const name of ["MediaSource", "WebKitMediaSource", "ManagedMediaSource"]) {
    Object.defineProperty(window, name, { value: undefined, configurable: true });
  }
  const canPlayType = HTMLMediaElement.prototype.canPlayType;
  HTMLMediaElement.prototype.canPlayType = function (type) {
    return type === "application/vnd.apple.mpegurl" ? "maybe" : canPlayType.call(this, type);
  };
})();
"""


def video_state(page) -> dict:
    return page.evaluate(
        """v => ({
            src: v.getAttribute("src") || "",
            hls: !!v.hls,
            controls: !v.closest(".player").querySelector("[data-player-controls]").hidden,
        })""",
        page.locator("video[data-hls-src]").element_handle(),
    )


def wait_for_source(page, suffix: str) -> dict:
    # Poll from Python: the page's Content Security Policy forbids evaluated strings.
    deadline = time.monotonic() + 15
    while not (state := video_state(page))["src"].endswith(suffix):
        assert time.monotonic() < deadline, f"the video never got …{suffix}: {state}"
        page.wait_for_timeout(200)
    return state


def test_without_media_source_the_browser_plays_the_playlist_itself(
    live_server, phone, run_tasks, tmp_path
):
    _tree, lesson = lesson_with_pipeline_video(tmp_path=tmp_path, run_tasks=run_tasks)
    phone.context.add_init_script(script=LIKE_IOS)
    phone.goto(live_server.url + lesson.get_url())

    state = wait_for_source(phone, "/master.m3u8")
    assert state == {"src": state["src"], "hls": False, "controls": True}
    quality = phone.locator("select[data-quality]")
    assert quality.is_disabled()
    assert phone.get_by_text("此浏览器会根据网络自动选择清晰度。").is_visible()

    phone.locator("button[data-low-bandwidth]").click()
    state = wait_for_source(phone, "/audio/index.m3u8")
    assert not state["hls"]
    phone.reload()  # the choice is remembered on this device
    wait_for_source(phone, "/audio/index.m3u8")


def test_with_media_source_hls_js_plays_and_the_element_gets_no_playlist(
    live_server, phone, run_tasks, tmp_path
):
    _tree, lesson = lesson_with_pipeline_video(tmp_path=tmp_path, run_tasks=run_tasks)
    phone.goto(live_server.url + lesson.get_url())
    deadline = time.monotonic() + 15
    while not (state := video_state(phone))["hls"]:
        assert time.monotonic() < deadline, f"hls.js never attached: {state}"
        phone.wait_for_timeout(200)
    assert not state["src"].endswith(".m3u8")  # hls.js feeds a blob: MediaSource URL
    assert not phone.get_by_text("此浏览器会根据网络自动选择清晰度。").is_visible()
