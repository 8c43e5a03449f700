"""The video library in the admin: each school sees, chooses and retries only its own videos."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from media_pipeline.models import Status, TranscodeJob, Video

from .school_videos import build_video_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(media_root):
    tree = build_video_city()
    for key in ("a", "b"):
        tree[f"video_{key}"] = a_video(tree, key, title=f"{key}校视频")
    return tree


def a_video(tree, key, *, title, status=Status.READY, error="") -> Video:
    video = Video.objects.create(
        title=title,
        collection=tree[f"collection_{key}"],
        uploaded_by_user=tree[f"school_admin_{key}"],
        source_key=f"videos/src/{uuid.uuid4().hex}",
        status=status,
        error_message=error,
    )
    TranscodeJob.objects.create(video=video, status=status, error=error, progress=37)
    return video


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_library_lists_only_the_schools_videos(city):
    response = client_for(city["teacher_a"]).get(reverse("videos:index"))
    assert response.status_code == 200
    assert "a校视频" in response.content.decode()
    assert "b校视频" not in response.content.decode()


def test_library_is_in_the_menu_as_视频库(city):
    response = client_for(city["teacher_a"]).get(reverse("wagtailadmin_home"))
    sidebar = response.content.decode().encode().decode("unicode_escape")  # JSON props
    assert "视频库" in sidebar and reverse("videos:index") in sidebar


def test_chooser_offers_only_the_schools_videos(city):
    client = client_for(city["teacher_a"])
    response = client.get(reverse("video_chooser:choose"))
    html = response.json()["html"]
    assert "a校视频" in html and "b校视频" not in html
    chosen = client.get(reverse("video_chooser:chosen", args=[city["video_a"].pk]))
    assert chosen.json()["result"]["title"] == "a校视频"
    other = client.get(reverse("video_chooser:chosen", args=[city["video_b"].pk]))
    assert other.status_code == 404


def test_other_schools_videos_cannot_be_edited_polled_or_retried(city):
    client = client_for(city["school_admin_a"])
    video_b = city["video_b"]
    assert client.get(reverse("videos:edit", args=[video_b.pk])).status_code in (302, 403)
    assert client.get(reverse("videos:status", args=[video_b.pk])).status_code == 404
    assert client.post(reverse("videos:retry", args=[video_b.pk])).status_code == 404
    assert video_b.jobs.count() == 1


def test_upload_stores_the_file_and_queues_a_job(city):
    client = client_for(city["teacher_a"])
    upload = SimpleUploadedFile("我的课.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4")
    response = client.post(
        reverse("videos:add"),
        {"title": "新上传", "collection": city["collection_a"].pk, "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    video = Video.objects.get(title="新上传")
    assert video.uploaded_by_user == city["teacher_a"]
    assert video.original_filename == "我的课.mp4" and "我的课" not in video.source_key
    assert video.jobs.get().status == Status.QUEUED


def test_upload_refuses_another_schools_collection(city):
    client = client_for(city["teacher_a"])
    upload = SimpleUploadedFile("x.mp4", b"data", "video/mp4")
    response = client.post(
        reverse("videos:add"),
        {"title": "越权", "collection": city["collection_b"].pk, "file": upload},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not Video.objects.filter(title="越权").exists()


def test_failed_video_shows_its_error_and_can_be_retried(city):
    failed = a_video(city, "a", title="坏视频", status=Status.FAILED, error="文件是空的")
    client = client_for(city["school_admin_a"])
    page = client.get(reverse("videos:index")).content.decode()
    assert "文件是空的" in page and reverse("videos:retry", args=[failed.pk]) in page
    response = client.post(reverse("videos:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED and failed.jobs.count() == 2


def test_status_endpoint_reports_progress(city):
    running = a_video(city, "a", title="转码中", status=Status.TRANSCODING)
    client = client_for(city["teacher_a"])
    page = client.get(reverse("videos:index")).content.decode()
    assert 'value="37"' in page and reverse("videos:status", args=[running.pk]) in page
    data = client.get(reverse("videos:status", args=[running.pk])).json()
    assert data["status"] == "transcoding" and data["progress"] == 37 and data["running"]
    assert data["preview"] is False


def test_library_says_when_parents_can_already_watch(city):
    running = a_video(city, "a", title="先看低清", status=Status.TRANSCODING)
    client = client_for(city["teacher_a"])
    notice = "家长已可观看（最低清晰度），其他清晰度稍后可用。"
    page = client.get(reverse("videos:index")).content.decode()
    assert f"hidden>{notice}" in page  # running, but nothing published yet
    Video.objects.filter(pk=running.pk).update(hls_prefix="videos/hls/x/abc/", hls_preview=True)
    page = client.get(reverse("videos:index")).content.decode()
    assert f"data-video-preview>{notice}" in page
    data = client.get(reverse("videos:status", args=[running.pk])).json()
    assert data["preview"] is True and data["running"]
