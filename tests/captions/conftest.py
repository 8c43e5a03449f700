"""Two schools with a video each (rows only: no ffmpeg needed to caption or serve them)."""

import pytest

from media_pipeline.models import Status, Video
from tests.media_pipeline.school_videos import build_video_city


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def video_row(*, collection, user, key: str, duration: float = 30.0) -> Video:
    """A video as the pipeline leaves it once published (30 s long by default)."""
    return Video.objects.create(
        title=f"家庭教育微课{key}",
        collection=collection,
        uploaded_by_user=user,
        source_key=f"videos/sources/{key}.mp4",
        duration=duration,
        hls_prefix=f"videos/{key}/0123456789abcdef/",
        status=Status.READY,
    )


@pytest.fixture
def city(media_root):
    tree = build_video_city()
    for key in ("a", "b"):
        tree[f"video_{key}"] = video_row(
            collection=tree[f"collection_{key}"], user=tree[f"school_admin_{key}"], key=key
        )
        lesson = tree[f"course_{key}"].get_children().first().specific
        lesson.video = tree[f"video_{key}"]
        lesson.save_revision().publish()
        tree[f"lesson_{key}"] = lesson
    return tree
