"""The lesson page's player: its JavaScript stays within budget, and the page hands the
player what it needs (resume position, audio rendition, translated controls)."""

import gzip
import re
import uuid

import pytest
from django.contrib.staticfiles import finders

from media_pipeline.models import Status, Video
from schools.access import region_collection
from tests.courses.tree import build_city

pytestmark = pytest.mark.django_db
BUDGET_GZIPPED = 200 * 1024


@pytest.fixture
def tree(db):
    return build_city()


@pytest.fixture
def lesson(tree):
    """A published lesson whose video is ready to play."""
    video = Video.objects.create(
        title="测试微课",
        collection=region_collection(tree["city"]),
        source_key=f"videos/src/{uuid.uuid4().hex}",
        status=Status.READY,
        hls_prefix="videos/hls/test/",
        has_audio=True,
    )
    lesson = tree["shared_course"].get_children().first().specific
    lesson.video = video
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def lesson_page(client, lesson):
    return client.get(lesson.get_url()).content.decode()


def test_lesson_page_javascript_is_under_200_kb_gzipped(lesson_page):
    scripts = re.findall(r'<script src="/static/([^"?]+)', lesson_page)
    assert "js/lesson-player.js" in scripts and "vendor/hls.js/hls.min.js" in scripts
    total = 0
    for name in scripts:
        with open(finders.find(name), "rb") as handle:
            total += len(gzip.compress(handle.read(), compresslevel=9))
    assert total < BUDGET_GZIPPED, f"{total} bytes gzipped"


def test_player_controls_are_in_chinese_and_labelled(lesson_page):
    assert 'data-player-controls role="group" aria-label="播放控制"' in lesson_page
    assert 'aria-label="播放进度"' in lesson_page
    for label in ("速度", "清晰度", "自动", "省流量", "全屏"):
        assert label in lesson_page
    assert 'data-has-audio="true"' in lesson_page
    assert 'data-resume-position=""' in lesson_page  # nobody has watched it yet


def test_a_parent_resumes_where_they_left_off_on_another_device(client, tree, lesson):
    """The position comes from the server's playback record, not from this browser."""
    from django.utils import timezone

    from attendance.models import PlaybackSession
    from tests.factories import ChildFactory, GuardianFactory, UserFactory

    parent = UserFactory()
    guardian = GuardianFactory(user=parent)
    ChildFactory(family=guardian.family, school_class=tree["class_a"])
    now = timezone.now()
    PlaybackSession.objects.create(
        user=parent,
        family=guardian.family,
        lesson=lesson,
        duration=600,
        covered_seconds=120,
        position=123.5,
        started_at=now,
        last_beat_at=now,
    )
    client.force_login(parent)
    assert 'data-resume-position="123.5"' in client.get(lesson.get_url()).content.decode()
