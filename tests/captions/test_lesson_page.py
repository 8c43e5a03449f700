"""The lesson page offers the video's captions as <track> elements of the player."""

import re

import pytest
from django.test import Client

from captions.services import caption_attach

from .samples import VTT

pytestmark = pytest.mark.django_db

ENGLISH = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nDear parents\n"


def attach(video, data: str, language: str):
    return caption_attach(
        video=video, language=language, data=data.encode(), original_name="a.vtt", user=None
    )


def tracks(html: str) -> list[str]:
    return re.findall(r'<track kind="captions"[^>]*>', html)


def test_the_player_has_a_chinese_captions_track_shown_by_default(city):
    caption = attach(city["video_a"], VTT, "zh-Hans")
    html = Client().get(city["lesson_a"].url).content.decode()
    assert tracks(html) == [
        f'<track kind="captions" srclang="zh-Hans" label="中文" src="{caption.url}" default>'
    ]


def test_no_track_without_captions(city):
    html = Client().get(city["lesson_a"].url).content.decode()
    assert "<video" in html and tracks(html) == []


def test_the_pages_language_comes_first(city):
    attach(city["video_a"], VTT, "zh-Hans")
    attach(city["video_a"], ENGLISH, "en")
    chinese = tracks(Client().get(city["lesson_a"].url).content.decode())
    assert [('srclang="zh-Hans"' in t, "default" in t) for t in chinese] == [
        (True, True),
        (False, False),
    ]
    english_url = city["lesson_a"].url.replace("/zh-hans/", "/en/", 1)
    english = tracks(Client().get(english_url).content.decode())
    assert 'srclang="en" label="English"' in english[0] and "default" in english[0]


def test_a_cached_lesson_page_shows_captions_added_later(
    city, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    url = city["lesson_a"].url
    assert tracks(Client().get(url).content.decode()) == []
    assert tracks(Client().get(url).content.decode()) == []  # now from the cache
    with django_capture_on_commit_callbacks(execute=True):
        caption = attach(city["video_a"], VTT, "zh-Hans")
    assert caption.url in Client().get(url).content.decode()


def test_the_read_api_lists_the_caption_tracks(city):
    caption = attach(city["video_a"], VTT, "zh-Hans")
    info = Client().get(f"/api/v2/pages/{city['lesson_a'].pk}/").json()["video_info"]
    assert info["captions"] == [{"language": "zh-Hans", "label": "中文", "url": caption.url}]
