"""Staff issue and revoke invite codes, only for their own school."""

import pytest
from django.urls import reverse

from accounts.models import InviteCode
from schools.models import Role
from tests.factories import SchoolClassFactory

from .conftest import staff_of
from .factories import InviteCodeFactory

pytestmark = pytest.mark.django_db
URL = "/zh-hans/accounts/staff/invites/"


def test_school_admin_issues_a_class_code(client, school_class):
    client.force_login(staff_of(school_class.school))
    response = client.post(
        URL, {"target": f"class:{school_class.pk}", "days": 30, "max_uses": 60}, follow=True
    )
    invite = InviteCode.objects.get()
    assert (invite.school_class, invite.max_uses, invite.uses) == (school_class, 60, 0)
    assert f"新邀请码：{invite.code}" in response.content.decode()
    assert len(invite.code) == 8 and not set(invite.code) & set("01OIL")


def test_school_admin_issues_a_school_code_but_a_teacher_only_class_codes(client, school_class):
    school = school_class.school
    client.force_login(staff_of(school))
    client.post(URL, {"target": f"school:{school.pk}", "days": 7, "max_uses": 500})
    assert InviteCode.objects.get().school_class is None
    client.force_login(staff_of(school, role=Role.TEACHER))
    response = client.post(URL, {"target": f"school:{school.pk}", "days": 7, "max_uses": 500})
    assert (
        "不是可选项" in response.content.decode()
        or "选择一个有效的选项" in response.content.decode()
    )
    assert InviteCode.objects.count() == 1


def test_another_schools_class_cannot_be_chosen(client, school_class):
    client.force_login(staff_of(SchoolClassFactory().school))
    response = client.post(URL, {"target": f"class:{school_class.pk}", "days": 7, "max_uses": 5})
    assert response.status_code == 200
    assert not InviteCode.objects.exists()


def test_codes_of_another_school_are_neither_listed_nor_revocable(client, invite):
    client.force_login(staff_of(SchoolClassFactory().school))
    assert invite.code not in client.get(URL).content.decode()
    response = client.post(reverse("accounts:invite_code_revoke", args=[invite.pk]))
    assert response.status_code == 404
    invite.refresh_from_db()
    assert invite.revoked_at is None


def test_revoke(client, invite):
    client.force_login(staff_of(invite.school, role=Role.TEACHER))
    assert invite.code in client.get(URL).content.decode()
    response = client.post(reverse("accounts:invite_code_revoke", args=[invite.pk]), follow=True)
    assert f"邀请码 {invite.code} 已收回" in response.content.decode()
    invite.refresh_from_db()
    assert invite.revoked_at is not None and not invite.is_usable


def test_bad_numbers_are_explained(client, school_class):
    client.force_login(staff_of(school_class.school))
    response = client.post(URL, {"target": f"class:{school_class.pk}", "days": 0, "max_uses": ""})
    page = response.content.decode()
    assert "该字段是必填项" in page and "大于或等于1" in page
    assert not InviteCode.objects.exists()


def test_parents_cannot_open_the_staff_page(client, parent):
    client.force_login(parent)
    assert client.get(URL).status_code == 403


__all__ = ["InviteCodeFactory"]
