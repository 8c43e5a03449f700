"""The home page on a phone, in a real Chromium."""

import pytest

from parentschool.demo import city

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_phone_visitor_sees_the_chinese_home_page(live_server, phone, screenshot):
    city.build(password="pw-browser")
    phone.goto(live_server.url + "/")
    assert phone.url == live_server.url + "/zh-hans/"
    assert phone.locator("h1").inner_text() == "云溪市网上家长学校"
    assert phone.get_by_role("heading", name="家庭教育专题", exact=True).is_visible()
    assert phone.get_by_text("东湖区育英小学").first.is_visible()
    assert phone.get_by_role("heading", name="推荐课程").is_visible()
    # One column on a phone: nothing wider than the screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone, "home-phone")


def test_phone_visitor_opens_a_course_and_a_lesson(live_server, phone, screenshot):
    city.build(password="pw-browser")
    phone.goto(live_server.url + "/zh-hans/courses/?stage=primary")
    phone.locator(".course-card a").first.click()
    assert phone.locator("ol.lessons li").count() >= 3
    screenshot(phone, "course-phone")
    phone.locator("ol.lessons a").first.click()
    assert phone.get_by_role("heading", name="家长小贴士").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "lesson-phone")


def test_parent_signs_in_from_the_phone(live_server, phone, screenshot):
    city.build(password="pw-browser", pages=False)
    phone.goto(live_server.url + "/zh-hans/accounts/login/")
    phone.get_by_label("用户名").fill("parent")
    phone.get_by_label("密码").fill("pw-browser")
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/zh-hans/accounts/**")
    assert phone.get_by_text("您好，王建国").is_visible()
    screenshot(phone, "home-signed-in")
