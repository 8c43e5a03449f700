"""Playing videos: the checked route serves published output to those allowed, 404 to others."""

import pytest
from django.test import Client

from courses.models import LessonPage
from media_pipeline.selectors import video_is_public
from media_pipeline.services import video_create

from .school_videos import build_video_city, published_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(media_root):
    return build_video_city()


@pytest.fixture
def video_a(city, clip):
    return published_video(clip, collection=city["collection_a"], user=city["teacher_a"])


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_staff_of_the_school_play_the_ladder(city, video_a):
    client = client_for(city["teacher_a"])
    master = client.get(video_a.playlist_url)
    assert master.status_code == 200
    assert master["Content-Type"] == "application/vnd.apple.mpegurl"
    body = master.content.decode()
    assert "360p/index.m3u8" in body and "videos/" not in body  # no storage keys leak
    variant = client.get(video_a.file_url("360p/index.m3u8"))
    segment_name = next(
        line for line in variant.content.decode().splitlines() if line.endswith(".ts")
    )
    segment = client.get(video_a.file_url(f"360p/{segment_name}"))
    assert segment.status_code == 200 and segment["Content-Type"] == "video/mp2t"
    assert b"".join(segment.streaming_content)[:1] == b"\x47"  # MPEG-TS sync byte
    assert client.get(video_a.poster_url)["Content-Type"] == "image/jpeg"
    vtt = client.get(video_a.thumbnails_url)
    assert vtt.content.startswith(b"WEBVTT") and b"thumbnails.jpg#xywh=" in vtt.content


@pytest.mark.parametrize("who", [None, "school_admin_b", "parent"])
def test_strangers_get_404_for_an_unpublished_video(city, video_a, who):
    from tests.factories import UserFactory

    user = {None: None, "parent": UserFactory(username="a_parent")}.get(who) or city.get(who)
    client = client_for(user)
    assert client.get(video_a.playlist_url).status_code == 404
    assert client.get(video_a.poster_url).status_code == 404


def test_superuser_plays_everything(city, video_a):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert client_for(admin).get(video_a.playlist_url).status_code == 200


@pytest.mark.parametrize(
    "name", ["../../src/x.m3u8", "360p/../master.m3u8", "source", "a/b/c.ts", "master.mp4"]
)
def test_only_output_files_are_served(city, video_a, name):
    client = client_for(city["teacher_a"])
    url = f"/video/{video_a.pk}/{video_a.run_id}/{name}"
    # (a 404 here may first be redirected to the language-prefixed URL, which 404s too)
    assert client.get(url, follow=True).status_code == 404


def test_an_old_or_unknown_run_is_not_served(city, video_a):
    client = client_for(city["teacher_a"])
    assert client.get(f"/video/{video_a.pk}/{'0' * 32}/master.m3u8").status_code == 404


def test_nothing_is_served_before_the_switch(city, clip):
    video = video_create(
        title="未转码",
        collection=city["collection_a"],
        user=city["teacher_a"],
        source_path=clip,
        original_name="a.mp4",
    )
    assert video.playlist_url == ""
    client = client_for(city["school_admin_a"])
    for run in ("", "x" * 32):
        assert client.get(f"/video/{video.pk}/{run}/master.m3u8").status_code == 404


@pytest.mark.skipif(
    not any(f.name == "video" for f in LessonPage._meta.get_fields()),
    reason="LessonPage has no video field yet (courses adds it)",
)
def test_a_public_lesson_makes_its_video_playable_by_anyone(city, video_a):
    lesson = LessonPage.objects.child_of(city["course_a"]).first()
    lesson.video = video_a
    lesson.save_revision().publish()
    assert video_is_public(video_a)
    assert client_for().get(video_a.playlist_url).status_code == 200
    lesson.unpublish()
    assert client_for().get(video_a.playlist_url).status_code == 404
