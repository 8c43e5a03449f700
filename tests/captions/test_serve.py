"""Caption files are served with the video's own access check."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from captions.services import caption_attach

from .samples import SRT_LATER, VTT

pytestmark = pytest.mark.django_db


def attach(video, data: str = VTT, language: str = "zh-Hans"):
    return caption_attach(
        video=video, language=language, data=data.encode(), original_name="a.vtt", user=None
    )


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_anyone_fetches_the_captions_of_a_public_lesson(city):
    caption = attach(city["video_a"])
    response = client_for().get(caption.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert "immutable" in response["Cache-Control"]
    assert response.content.decode().startswith("WEBVTT")
    assert "各位家长好" in response.content.decode()


def test_a_login_only_lessons_captions_stay_login_only(city):
    caption = attach(city["video_a"])
    PageViewRestriction.objects.create(page=city["lesson_a"], restriction_type="login")
    assert client_for().get(caption.url).status_code == 404
    # the school's staff still get them, as they get the video
    assert client_for(city["school_admin_a"]).get(caption.url).status_code == 200


def test_an_unpublished_lessons_captions_are_hidden_from_other_schools(city):
    caption = attach(city["video_a"])
    city["lesson_a"].unpublish()
    for user in (None, city["school_admin_b"], city["teacher_b"]):
        assert client_for(user).get(caption.url).status_code == 404
    assert client_for(city["school_admin_a"]).get(caption.url).status_code == 200


def test_a_replaced_files_old_url_is_gone(city):
    old = attach(city["video_a"])
    new = attach(city["video_a"], SRT_LATER)
    assert old.url != new.url
    assert client_for().get(old.url).status_code == 404
    assert "第二版字幕" in client_for().get(new.url).content.decode()


def test_an_unknown_language_or_video_is_404(city):
    caption = attach(city["video_a"])
    english = caption.url.replace("/zh-Hans/", "/en/")
    assert client_for().get(english).status_code == 404
    other = caption.url.replace(f"/{city['video_a'].pk}/", f"/{city['video_b'].pk}/")
    assert client_for().get(other).status_code == 404
