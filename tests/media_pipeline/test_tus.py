"""Resumable uploads with the tus 1.0 protocol: the protocol itself with Django's test client,
then a real tus client (tuspy) against a live server, interrupted and resumed."""

import base64
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from media_pipeline.models import Status, UploadSession, Video

from .conftest import X264_FAST, make, tone, video_source
from .school_videos import build_video_city

TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


@pytest.fixture
def tus_dir(settings, tmp_path, media_root):
    settings.MEDIA_UPLOAD_TMP_DIR = tmp_path / "uploads"
    return settings.MEDIA_UPLOAD_TMP_DIR


@pytest.fixture
def city(db, tus_dir):
    return build_video_city()


def metadata(**values: str) -> str:
    return ",".join(f"{key} {base64.b64encode(v.encode()).decode()}" for key, v in values.items())


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def create(client: Client, collection, length: int, *, filename="../../etc/课.mp4", **headers):
    return client.post(
        reverse("videos:tus"),
        headers={
            **TUS,
            "Upload-Length": str(length),
            "Upload-Metadata": metadata(
                filename=filename, title="断点续传", collection=str(collection.pk)
            ),
            **headers,
        },
    )


def patch(client: Client, url: str, offset: int, data: bytes, content_type=OCTETS):
    return client.generic(
        "PATCH", url, data, content_type=content_type, headers={**TUS, "Upload-Offset": str(offset)}
    )


def test_options_advertises_version_extensions_and_max_size(city, settings):
    settings.MEDIA_UPLOAD_MAX_BYTES = 1234
    response = client_for(city["teacher_a"]).options(reverse("videos:tus"))
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration"
    assert response["Tus-Max-Size"] == "1234"


def test_upload_in_chunks_creates_the_video(city, tus_dir):
    client = client_for(city["teacher_a"])
    data = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4
    response = create(client, city["collection_a"], len(data))
    assert response.status_code == 201 and response["Upload-Expires"]
    url = response["Location"]

    assert patch(client, url, 0, data[:100]).status_code == 204
    head = client.head(url, headers=TUS)
    assert head["Upload-Offset"] == "100" and head["Upload-Length"] == str(len(data))
    assert "no-store" in head["Cache-Control"]

    done = patch(client, url, 100, data[100:])
    assert done.status_code == 204 and done["Upload-Offset"] == str(len(data))
    video = Video.objects.get(pk=done["Upload-Video-Id"])
    assert video.title == "断点续传" and video.collection == city["collection_a"]
    assert video.original_filename == "课.mp4" and "课" not in video.source_key
    assert default_storage.open(video.source_key).read() == data
    assert video.jobs.get().status == Status.QUEUED
    assert list(tus_dir.iterdir()) == []  # the partial file is gone
    assert client.head(url, headers=TUS)["Upload-Video-Id"] == str(video.pk)


def test_wrong_offset_is_a_conflict(city):
    client = client_for(city["teacher_a"])
    url = create(client, city["collection_a"], 10)["Location"]
    assert patch(client, url, 0, b"12345").status_code == 204
    response = patch(client, url, 3, b"xx")
    assert response.status_code == 409
    assert client.head(url, headers=TUS)["Upload-Offset"] == "5"


def test_wrong_content_type_is_refused(city):
    client = client_for(city["teacher_a"])
    url = create(client, city["collection_a"], 10)["Location"]
    assert patch(client, url, 0, b"12345", "application/octet-stream").status_code == 415


def test_too_large_uploads_and_chunks_are_refused(city, settings):
    settings.MEDIA_UPLOAD_MAX_BYTES = 100
    client = client_for(city["teacher_a"])
    assert create(client, city["collection_a"], 101).status_code == 413
    url = create(client, city["collection_a"], 10)["Location"]
    assert patch(client, url, 0, b"x" * 11).status_code == 413
    assert client.head(url, headers=TUS)["Upload-Offset"] == "0"


def test_missing_length_or_tus_header_is_refused(city):
    client = client_for(city["teacher_a"])
    response = client.post(reverse("videos:tus"), headers=TUS)
    assert response.status_code == 400
    no_version = client.post(reverse("videos:tus"), headers={"Upload-Length": "5"})
    assert no_version.status_code == 412 and no_version["Tus-Version"] == "1.0.0"


def test_termination_deletes_the_partial_upload(city, tus_dir):
    client = client_for(city["teacher_a"])
    url = create(client, city["collection_a"], 10)["Location"]
    patch(client, url, 0, b"123")
    assert client.delete(url, headers=TUS).status_code == 204
    assert client.head(url, headers=TUS).status_code == 404
    assert not UploadSession.objects.exists() and list(tus_dir.iterdir()) == []


def test_abandoned_uploads_expire(city, tus_dir):
    client = client_for(city["teacher_a"])
    url = create(client, city["collection_a"], 10)["Location"]
    patch(client, url, 0, b"123")
    kept = create(client, city["collection_a"], 10)["Location"]
    UploadSession.objects.filter(pk=url.rstrip("/").rsplit("/", 1)[-1]).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.head(url, headers=TUS).status_code == 410
    out = StringIO()
    call_command("expire_abandoned_uploads", stdout=out)
    assert "expired upload" in out.getvalue()
    assert UploadSession.objects.count() == 1
    assert len(list(tus_dir.iterdir())) == 1
    assert client.head(kept, headers=TUS).status_code == 200


def test_another_users_upload_is_not_found(city):
    url = create(client_for(city["teacher_a"]), city["collection_a"], 10)["Location"]
    other = client_for(city["school_admin_a"])  # same school, still not theirs
    assert other.head(url, headers=TUS).status_code == 404
    assert patch(other, url, 0, b"123").status_code == 404
    assert other.delete(url, headers=TUS).status_code == 404
    assert UploadSession.objects.get().offset == 0


def test_teacher_of_b_cannot_upload_into_a(city):
    client = client_for(city["teacher_b"])
    assert create(client, city["collection_a"], 10).status_code == 403
    assert create(client, city["collection_b"], 10).status_code == 201
    assert UploadSession.objects.get().collection == city["collection_b"]


def test_csrf_token_is_required(city):
    client = client_for(city["teacher_a"], enforce_csrf_checks=True)
    assert create(client, city["collection_a"], 10).status_code == 403
    client.get(reverse("videos:add"))  # sets the CSRF cookie, as the upload page does
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert create(client, city["collection_a"], 10, **{"X-CSRFToken": token}).status_code == 201


def test_upload_page_loads_the_resumable_uploader(city):
    page = client_for(city["teacher_a"]).get(reverse("videos:add")).content.decode()
    assert "tus-js-client/tus.min.js" in page and "media_pipeline/upload.js" in page
    assert reverse("videos:tus") in page and 'name="file"' in page  # the fallback form


# --- A real tus client against a live server ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_tuspy_uploads_resumes_and_finishes(live_server, tmp_path, settings, media_root):
    from tusclient.client import TusClient

    settings.MEDIA_UPLOAD_TMP_DIR = tmp_path / "uploads"
    city = build_video_city()
    source = make(
        tmp_path / "秘密的名字.mp4",
        *video_source("320x240", 1),
        *tone(1),
        *X264_FAST,
        "-c:a",
        "aac",
    )
    data = source.read_bytes()
    chunk = max(4096, len(data) // 5 + 1)

    login = Client()
    login.force_login(city["teacher_a"])
    csrf = _get_new_csrf_string()
    session = login.cookies[settings.SESSION_COOKIE_NAME].value
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
    }
    client = TusClient(live_server.url + reverse("videos:tus"), headers=headers)
    meta = {
        "filename": source.name,
        "title": "真客户端",
        "collection": str(city["collection_a"].pk),
    }

    first = client.uploader(file_path=str(source), chunk_size=chunk, metadata=meta)
    first.upload_chunk()
    first.upload_chunk()  # ... and then the connection "drops"
    assert 0 < first.offset < len(data)

    resumed = client.uploader(file_path=str(source), chunk_size=chunk, url=first.url)
    assert resumed.offset == first.offset  # asked the server (HEAD)
    resumed.upload()
    assert resumed.offset == len(data)

    video = Video.objects.get(title="真客户端")
    assert video.uploaded_by_user == city["teacher_a"]
    assert video.jobs.get().status == Status.QUEUED
    assert default_storage.open(video.source_key).read() == data
    assert video.original_filename == source.name
    assert "秘密" not in video.source_key and source.stem not in video.source_key
    assert list((tmp_path / "uploads").iterdir()) == []
