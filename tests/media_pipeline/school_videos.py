"""Two schools with a video each, permissions granted as schools.access will grant them."""

from pathlib import Path

from media_pipeline.permissions import grant_video_permissions
from media_pipeline.services import transcode_run, video_create
from schools.access import school_collection, school_group
from schools.models import Role
from tests.courses.tree import build_city

TEACHER_VIDEO_ACTIONS = ["add", "choose"]
MANAGER_VIDEO_ACTIONS = ["add", "change", "delete", "choose"]


def build_video_city() -> dict:
    tree = build_city()
    for key in ("a", "b"):
        school = tree[f"school_{key}"]
        collection = school_collection(school)
        tree[f"collection_{key}"] = collection
        grant_video_permissions(
            group=school_group(school, Role.TEACHER),
            collection=collection,
            actions=TEACHER_VIDEO_ACTIONS,
        )
        grant_video_permissions(
            group=school_group(school, Role.SCHOOL_ADMIN),
            collection=collection,
            actions=MANAGER_VIDEO_ACTIONS,
        )
    return tree


def published_video(source: Path, *, collection, user, title: str = "亲子沟通第一课"):
    """A video transcoded right here (no worker): for tests about what happens after."""
    video = video_create(
        title=title, collection=collection, user=user, source_path=source, original_name="a.mp4"
    )
    transcode_run(job_id=video.jobs.get().pk)
    video.refresh_from_db()
    assert video.is_ready, video.error_message
    return video
