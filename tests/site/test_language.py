"""Simplified Chinese is the default language of the site and the admin; English works."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from parentschool.demo import city

    city.build(password="pw", pages=False)


def test_root_sends_a_browser_without_preference_to_chinese(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_root_follows_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_home_page_speaks_chinese_by_default(client, demo):
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "登录" in html and "家庭教育专题" in html
    assert "云溪市网上家长学校" in html


def test_home_page_in_english_from_the_url(client, demo):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Family-education topics" in html


def test_admin_speaks_chinese_by_default(client):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html


def test_choosing_english_is_remembered(client, demo):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/zh-hans/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.get("/")["Location"] == "/en/"


def test_language_link_switches_the_same_page_and_remembers(client):
    response = client.get("/i18n/switch/en/", {"next": "/zh-hans/courses/?stage=junior"})
    assert response.status_code == 302
    assert response["Location"] == "/en/courses/?stage=junior"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/")["Location"] == "/en/"


def test_language_link_refuses_other_sites_and_unknown_languages(client):
    response = client.get("/i18n/switch/en/", {"next": "https://example.com/phish"})
    assert response["Location"] == "/"
    assert client.get("/i18n/switch/fr/", {"next": "/zh-hans/"}).status_code == 404


def test_header_links_to_the_other_language_and_search(client, demo):
    html = client.get("/zh-hans/").content.decode()
    assert 'href="/i18n/switch/en/?next=/zh-hans/"' in html
    assert 'href="/zh-hans/search/"' in html
