"""A teacher uploads a lesson video from the admin with tus-js-client: progress shows, the
video lands in the school's library, and the worker transcodes it while the page watches."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from media_pipeline.models import Status, UploadSession, Video
from tests.media_pipeline.conftest import make, tone
from tests.media_pipeline.school_videos import build_video_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every value the uploader's percentage shows, kept across the redirect to the library.
RECORD_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const percent = document.querySelector("[data-tus-percent]");
  if (!percent) return;
  new MutationObserver(() => {
    const seen = JSON.parse(sessionStorage.getItem("tusProgress") || "[]");
    seen.push(percent.textContent);
    sessionStorage.setItem("tusProgress", JSON.stringify(seen));
  }).observe(percent, { childList: true, characterData: true, subtree: true });
});
"""


@pytest.fixture
def lesson_file(tmp_path):
    """3 s of noisy 640x360 at a high bitrate: about 1.5 MB, several progress events."""
    picture = "testsrc2=s=640x360:r=25:d=3,noise=alls=30:allf=t"
    return make(
        tmp_path / "陪孩子写作业.mp4",
        *("-f", "lavfi", "-i", picture),
        *tone(3),
        *("-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M", "-pix_fmt", "yuv420p"),
        *("-c:a", "aac"),
    )


@pytest.fixture
def admin_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_PROGRESS)
    yield page
    context.close()


def test_teacher_uploads_with_tus_and_the_video_gets_transcoded(
    live_server, admin_page, lesson_file, settings, tmp_path, run_tasks, screenshot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_UPLOAD_TMP_DIR = tmp_path / "uploads"
    city = build_video_city()
    page = admin_page
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", "teacher_a")
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))

    # Slow the upload down the way a phone network would, so progress has steps to show.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 400_000},
    )
    page.goto(live_server.url + reverse("videos:add"))
    page.fill("#id_title", "陪孩子写作业")
    page.set_input_files("input[name=file]", str(lesson_file))
    page.locator("#w-editor-form [type=submit]").first.click()

    expect(page.locator("[data-tus-message]")).to_be_visible()
    page.wait_for_url(f"{live_server.url}{reverse('videos:index')}#video-*", timeout=60_000)
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('tusProgress') || '[]')")
    steps = [int(value.rstrip("%")) for value in seen]
    assert steps[-1] == 100 and any(0 < step < 100 for step in steps), steps

    video = Video.objects.get(title="陪孩子写作业")
    assert video.collection == city["collection_a"]
    assert video.uploaded_by_user == city["teacher_a"]
    assert video.original_filename == "陪孩子写作业.mp4" and "陪孩子" not in video.source_key
    assert video.size == lesson_file.stat().st_size
    assert UploadSession.objects.get().video == video
    row = page.locator("tr", has_text="陪孩子写作业")
    expect(row).to_contain_text("排队中")

    run_tasks()
    video.refresh_from_db()
    assert video.status == Status.READY, video.error_message
    expect(row).to_contain_text("已就绪", timeout=15_000)  # the library's status poll
    screenshot(page, "admin-video-uploaded")
