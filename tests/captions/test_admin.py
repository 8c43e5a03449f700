"""The 字幕 page of a video in the admin: upload WebVTT or SRT, refusals, replace, remove,
and who may do it."""

import html

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from captions.models import Caption

from .samples import SRT, SRT_LATER, VTT

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, video, data: bytes, *, name="第一课.vtt", language="zh-Hans"):
    return client.post(
        reverse("captions_admin:manage", args=[video.pk]),
        {"language": language, "file": SimpleUploadedFile(name, data)},
    )


def stored(caption) -> str:
    with default_storage.open(caption.file_key, "rb") as handle:
        return handle.read().decode("utf-8")


def test_school_admin_attaches_a_webvtt_file(city):
    client = client_for(city["school_admin_a"])
    response = upload(client, city["video_a"], VTT.encode())
    assert response.status_code == 302
    caption = Caption.objects.get(video=city["video_a"], language="zh-Hans")
    assert caption.cue_count == 2 and caption.original_filename == "第一课.vtt"
    assert stored(caption).startswith("WEBVTT") and "今天我们聊聊亲子沟通" in stored(caption)
    page = client.get(response.url).content.decode()
    assert "字幕（简体中文）已保存，共 2 条。" in page
    assert "第一课.vtt" in page


def test_srt_is_converted_to_webvtt(city):
    upload(client_for(city["school_admin_a"]), city["video_a"], SRT.encode(), name="a.srt")
    text = stored(Caption.objects.get(video=city["video_a"]))
    assert text.startswith("WEBVTT")
    assert "00:00:01.500 --> 00:00:04.000\n先听他说完再回应" in text
    assert "," not in text.split("\n\n", 1)[1].splitlines()[0]  # SRT's comma is gone
    assert "\r" not in text


@pytest.mark.parametrize(
    "data",
    [SRT.encode("gbk"), SRT.encode("gb18030"), b"\xef\xbb\xbf" + VTT.encode()],
    ids=["gbk", "gb18030", "utf-8-bom"],
)
def test_gbk_and_bom_files_are_stored_as_utf8(city, data):
    response = upload(client_for(city["school_admin_a"]), city["video_a"], data)
    assert response.status_code == 302
    text = stored(Caption.objects.get(video=city["video_a"]))
    assert text.startswith("WEBVTT")
    assert any(word in text for word in ("各位家长好", "孩子放学回家"))
    assert "\ufeff" not in text


def test_english_captions_sit_beside_chinese_ones(city):
    client = client_for(city["school_admin_a"])
    upload(client, city["video_a"], VTT.encode())
    upload(client, city["video_a"], b"WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n", language="en")
    assert set(city["video_a"].captions.values_list("language", flat=True)) == {"zh-Hans", "en"}


TOO_LONG = "WEBVTT\n\n00:00:01.000 --> 00:00:45.000\n太长了\n"
BAD_FILES = {
    "not-captions": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "文件不是 UTF-8 或 GBK 编码的文本"),
    "plain-text": ("这是一份教案，不是字幕。\n".encode(), "这不是字幕文件"),
    "broken-vtt-time": (
        b"WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nabc\n",
        "无法识别时间码：“00:00:0x.000 --> 00:00:02.000”",
    ),
    "broken-srt-time": (
        "1\n00:00:00,000 --> 00:00:01,000\n好\n\n2\n00:00:01,000 --> 00:00:0x,000\n坏\n".encode(),
        "无法识别时间码：“00:00:01,000 --> 00:00:0x,000”",
    ),
    "empty": (b"", "提交的是空文件"),
    "blank": (b"\r\n \n", "文件为空"),
    "header-only": (b"WEBVTT\n\n", "文件中没有字幕"),
    "utf-16": (SRT.encode("utf-16"), "文件不是 UTF-8 或 GBK 编码的文本"),
    "beyond-the-video": (TOO_LONG.encode(), "第 1 条字幕结束于 00:00:45.000，晚于视频结束时间"),
    "ends-before-it-starts": (
        b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nx\n",
        "第 1 条字幕的结束时间（00:00:01.000）早于开始时间（00:00:05.000）",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_in_chinese_and_the_old_caption_is_kept(city, kind):
    data, message = BAD_FILES[kind]
    client = client_for(city["school_admin_a"])
    upload(client, city["video_a"], VTT.encode())
    before = Caption.objects.get(video=city["video_a"])
    response = upload(client, city["video_a"], data, name="坏文件.vtt")
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    after = Caption.objects.get(video=city["video_a"])
    assert (after.file_key, after.cue_count, after.updated_at) == (
        before.file_key,
        before.cue_count,
        before.updated_at,
    )
    assert stored(after).startswith("WEBVTT") and "各位家长好" in stored(after)
    assert default_storage.listdir(f"captions/{city['video_a'].pk}")[1] == [
        before.file_key.rsplit("/", 1)[-1]
    ]


def test_a_file_over_the_size_limit_is_refused(city, settings):
    settings.CAPTIONS_MAX_BYTES = 1024
    client = client_for(city["school_admin_a"])
    response = upload(client, city["video_a"], VTT.encode() + b"\n" * 2000)
    assert "文件超过 1 KB" in response.content.decode()
    assert not Caption.objects.exists()


def test_a_video_without_a_known_length_cannot_be_captioned_yet(city):
    video = city["video_a"]
    video.duration = None
    video.save()
    response = upload(client_for(city["school_admin_a"]), video, VTT.encode())
    assert "视频仍在检查中" in response.content.decode()
    assert not Caption.objects.exists()


def test_replacing_stores_a_new_file_and_deletes_the_old_one(
    city, django_capture_on_commit_callbacks
):
    client = client_for(city["school_admin_a"])
    upload(client, city["video_a"], VTT.encode())
    old = Caption.objects.get(video=city["video_a"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, city["video_a"], SRT_LATER.encode(), name="新版.srt")
    new = Caption.objects.get(video=city["video_a"])
    assert new.pk == old.pk and new.file_key != old.file_key
    assert "第二版字幕" in stored(new)
    assert not default_storage.exists(old.file_key)


def test_removing_deletes_the_row_and_the_file(city, django_capture_on_commit_callbacks):
    client = client_for(city["school_admin_a"])
    upload(client, city["video_a"], VTT.encode())
    caption = Caption.objects.get(video=city["video_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("captions_admin:remove", args=[city["video_a"].pk, "zh-Hans"]), follow=True
        )
    assert "字幕（简体中文）已删除。" in response.content.decode()
    assert not Caption.objects.exists()
    assert not default_storage.exists(caption.file_key)


def test_another_schools_staff_cannot_attach_replace_or_remove(city):
    owner = client_for(city["school_admin_b"])
    upload(owner, city["video_b"], VTT.encode())
    caption = Caption.objects.get(video=city["video_b"])
    for user in (city["school_admin_a"], city["teacher_a"]):
        client = client_for(user)
        manage = reverse("captions_admin:manage", args=[city["video_b"].pk])
        assert client.get(manage).status_code == 404
        assert upload(client, city["video_b"], SRT_LATER.encode()).status_code == 404
        remove = reverse("captions_admin:remove", args=[city["video_b"].pk, "zh-Hans"])
        assert client.post(remove).status_code == 404
    assert Caption.objects.get(video=city["video_b"]).file_key == caption.file_key


def test_a_teacher_who_may_edit_the_lesson_captions_its_video(city):
    # teacher_a neither uploaded video_a nor may change it, but edits the lesson showing it.
    response = upload(client_for(city["teacher_a"]), city["video_a"], VTT.encode())
    assert response.status_code == 302
    assert Caption.objects.filter(video=city["video_a"]).exists()


def test_a_teacher_cannot_caption_a_school_video_no_lesson_shows(city):
    lesson = city["lesson_a"]
    lesson.video = None
    lesson.save_revision().publish()
    response = upload(client_for(city["teacher_a"]), city["video_a"], VTT.encode())
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(city):
    response = Client().get(reverse("captions_admin:manage", args=[city["video_a"].pk]))
    assert response.status_code == 302 and "/login/" in response.url


def test_the_video_library_links_to_the_captions_page(city):
    client = client_for(city["school_admin_a"])
    manage = reverse("captions_admin:manage", args=[city["video_a"].pk])
    listing = client.get(reverse("videos:index")).content.decode()
    assert f'<a href="{manage}">添加字幕</a>' in listing
    upload(client, city["video_a"], VTT.encode())
    listing = client.get(reverse("videos:index")).content.decode()
    assert f'中文 <a href="{manage}">编辑字幕</a>' in listing
    edit = client.get(reverse("videos:edit", args=[city["video_a"].pk])).content.decode()
    assert manage in edit and "字幕" in edit


def test_deleting_the_video_deletes_its_caption_files(city, django_capture_on_commit_callbacks):
    client = client_for(city["school_admin_a"])
    upload(client, city["video_a"], VTT.encode())
    caption = Caption.objects.get(video=city["video_a"])
    with django_capture_on_commit_callbacks(execute=True):
        city["video_a"].delete()
    assert not Caption.objects.exists()
    assert not default_storage.exists(caption.file_key)
