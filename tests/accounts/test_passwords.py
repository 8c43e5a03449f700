"""Login lockout, password change, and the school's one-time reset codes."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import lockout, services
from accounts.models import ResetCode
from schools.models import Role
from tests.factories import ChildFactory, GuardianFactory, SchoolClassFactory, UserFactory
from tests.services import needs_redis

from .conftest import PASSWORD, staff_of

pytestmark = pytest.mark.django_db
LOGIN = "/zh-hans/accounts/login/"
NEW = "Huaxia-new-2027"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_parent_login_lands_on_my_learning(client, parent):
    response = client.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
    assert response.url == reverse("accounts:learning")


def test_five_failures_lock_the_account_even_with_the_right_password(client, parent):
    for _attempt in range(5):
        client.post(LOGIN, {"username": "13800000001", "password": "wrong-guess"})
    response = client.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_locked_too(client, parent):
    staff = UserFactory(username="teacher1", password=PASSWORD)
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "teacher1", "password": "wrong"})
    client.post("/admin/login/", {"username": "teacher1", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    cache.clear()
    client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_a_success_before_the_limit_starts_counting_again(client, parent):
    for _attempt in range(4):
        client.post(LOGIN, {"username": "13800000001", "password": "wrong-guess"})
    client.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
    client.logout()
    for _attempt in range(4):
        client.post(LOGIN, {"username": "13800000001", "password": "wrong-guess"})
    response = client.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
    assert response.status_code == 302


def test_change_password(client, parent):
    client.force_login(parent)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "密码已修改" in response.content.decode()
    parent.refresh_from_db()
    assert parent.check_password(NEW)


def test_change_password_with_a_wrong_old_password_keeps_the_old_one(client, parent):
    client.force_login(parent)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    parent.refresh_from_db()
    assert parent.check_password(PASSWORD)


def test_school_admin_issues_a_one_time_reset_code(client, parent, child):
    admin = staff_of(child.school_class.school)
    client.force_login(admin)
    listing = client.get(reverse("accounts:reset_codes")).content.decode()
    assert "13800000001" in listing
    guardian = parent.guardian
    page = client.post(reverse("accounts:reset_code_issue", args=[guardian.pk])).content.decode()
    code = page.split('<p class="reset-code"><code>')[1].split("<")[0]
    assert len(code) == 8 and code.isdigit()
    assert not ResetCode.objects.filter(code_hash=code).exists()  # only a hash is kept
    client.logout()
    data = {"phone": "13800000001", "code": code, "new_password1": NEW, "new_password2": NEW}
    response = client.post(reverse("accounts:reset_with_code"), data, follow=True)
    assert "密码已修改，请重新登录" in response.content.decode()
    parent.refresh_from_db()
    assert parent.check_password(NEW)
    other = "Second-try-2027"
    again = {**data, "new_password1": other, "new_password2": other}
    assert (
        "重置码不正确" in client.post(reverse("accounts:reset_with_code"), again).content.decode()
    )
    parent.refresh_from_db()
    assert parent.check_password(NEW)


def test_an_expired_or_wrong_code_changes_nothing(client, parent, child):
    code = services.reset_code_issue(user=parent, issued_by=parent)
    data = {"phone": "13800000001", "code": "00000000", "new_password1": NEW, "new_password2": NEW}
    assert "重置码不正确" in client.post(reverse("accounts:reset_with_code"), data).content.decode()
    ResetCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    data["code"] = code
    assert "重置码不正确" in client.post(reverse("accounts:reset_with_code"), data).content.decode()
    parent.refresh_from_db()
    assert parent.check_password(PASSWORD)


def test_reset_codes_cannot_be_guessed_forever(client, parent):
    code = services.reset_code_issue(user=parent, issued_by=parent)
    data = {"phone": "13800000001", "code": "11111111", "new_password1": NEW, "new_password2": NEW}
    for _attempt in range(5):
        client.post(reverse("accounts:reset_with_code"), data)
    response = client.post(reverse("accounts:reset_with_code"), {**data, "code": code})
    assert "错误次数过多" in response.content.decode()
    parent.refresh_from_db()
    assert parent.check_password(PASSWORD)


def test_another_schools_admin_cannot_issue_a_reset_code(client, parent):
    other_admin = staff_of(SchoolClassFactory().school)
    client.force_login(other_admin)
    assert "13800000001" not in client.get(reverse("accounts:reset_codes")).content.decode()
    response = client.post(reverse("accounts:reset_code_issue", args=[parent.guardian.pk]))
    assert response.status_code == 404
    assert not ResetCode.objects.exists()


def test_a_teacher_cannot_issue_reset_codes(client, parent, child):
    teacher = staff_of(child.school_class.school, role=Role.TEACHER)
    client.force_login(teacher)
    response = client.post(reverse("accounts:reset_code_issue", args=[parent.guardian.pk]))
    assert response.status_code == 403
    assert not ResetCode.objects.exists()


def test_parents_without_an_account_are_not_listed(client, child):
    GuardianFactory(family=child.family, phone="13600000000")
    ChildFactory()
    client.force_login(staff_of(child.school_class.school))
    assert "13600000000" not in client.get(reverse("accounts:reset_codes")).content.decode()
    assert not get_user_model().objects.filter(username="13600000000").exists()


def test_login_page_offers_the_reset_and_registration_pages(client):
    page = client.get(LOGIN).content.decode()
    assert f'href="{reverse("accounts:reset_with_code")}">忘记密码？' in page
    assert f'href="{reverse("accounts:register")}">家长注册' in page
    assert '<label for="id_username">手机号或用户名</label>' in page


@needs_redis
def test_the_lockout_is_shared_through_redis(client, parent):
    """The counting (add/incr with a window) works on the Redis cache production uses."""
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.TEST_REDIS_URL,
            "KEY_PREFIX": f"t{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=redis):
        for _attempt in range(5):
            client.post(LOGIN, {"username": "13800000001", "password": "wrong-guess"})
        other_process = Client()  # another browser; Redis is what web processes share
        response = other_process.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
        assert "登录失败次数过多" in response.content.decode()
        lockout.clear(username="13800000001")
        response = other_process.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
        assert response.status_code == 302


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.5"])
def test_behind_our_proxy_each_parent_is_counted_by_their_own_address(parent):
    """Thirty failures from one phone behind the proxy lock that phone, not the city."""
    UserFactory(username="13800000009", password=PASSWORD)
    attacker = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    for attempt in range(30):
        attacker.post(LOGIN, {"username": f"1390000{attempt:04d}", "password": "wrong-guess"})
    # The left-most entry is the client's own claim: changing it does not escape the lock.
    spoofed = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    spoofed.post(LOGIN, {"username": "13800000009", "password": PASSWORD})
    assert "_auth_user_id" not in spoofed.session
    neighbour = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    neighbour.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
    assert neighbour.session["_auth_user_id"] == str(parent.pk)


def test_a_forwarded_header_from_elsewhere_is_ignored(parent):
    """Without a trusted proxy in front, X-Forwarded-For is whatever the client wrote."""
    for attempt in range(30):
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}").post(
            LOGIN, {"username": f"1390000{attempt:04d}", "password": "wrong-guess"}
        )
    late = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.200")
    late.post(LOGIN, {"username": "13800000001", "password": PASSWORD})
    assert "_auth_user_id" not in late.session
