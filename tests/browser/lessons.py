"""A published lesson whose video went through the real media pipeline (ffmpeg → HLS)."""

from wagtail.models import Site

from media_pipeline.services import video_create
from schools.access import region_collection
from tests.courses.tree import build_city
from tests.media_pipeline.conftest import X264_FAST, make, tone, video_source


def make_clip(path, seconds: int = 6, size: str = "640x360"):
    """H.264/AAC, made with the media pipeline tests' ffmpeg helpers."""
    source = video_source(size=size, seconds=seconds, rate=25)
    return make(path, *source, *tone(seconds), *X264_FAST, "-c:a", "aac")


def lesson_with_pipeline_video(
    *, tmp_path, run_tasks, seconds: int = 6, size: str = "640x360"
) -> tuple[dict, object]:
    """Build the test city and give its first shared lesson a pipeline-made video.
    Returns the page tree and the lesson."""
    tree = build_city()
    Site.objects.filter(is_default_site=True).update(hostname="localhost")
    video = video_create(
        title="测试微课",
        collection=region_collection(tree["city"]),
        user=None,
        original_name="手机拍摄.mp4",
        source_path=make_clip(tmp_path / "clip.mp4", seconds, size),
    )
    run_tasks()
    video.refresh_from_db()
    assert video.is_ready, video.error_message
    lesson = tree["shared_course"].get_children().first().specific
    lesson.video = video
    lesson.save_revision().publish()
    return tree, lesson
