"""Parents register with a phone number, a password and an invite code; the account is
bound to a guardian of the family whose child they name."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConsentRecord
from families.models import Guardian
from tests.factories import ChildFactory, GuardianFactory

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/zh-hans/accounts/register/"


def form(**overrides):
    data = {
        "phone": "139 1234 5678",
        "new_password1": PASSWORD,
        "new_password2": PASSWORD,
        "invite": "yx7k 3m9q",
        "child_name": "李小雨",
        "guardian_name": "张秀英",
        "relation": Guardian.Relation.GRANDMOTHER,
        "consent": "on",
    }
    data.update(overrides)
    return data


def nothing_created(invite, uses=0):
    invite.refresh_from_db()
    return (
        not get_user_model().objects.exists()
        and not ConsentRecord.objects.exists()
        and invite.uses == uses
    )


def test_register_adds_a_guardian_to_the_childs_family_and_logs_in(
    client, child, invite, consent_v1
):
    response = client.post(URL, form())
    assert response.status_code == 302
    assert response.url == reverse("accounts:learning")
    guardian = Guardian.objects.get(user__username="13912345678")
    assert guardian.family == child.family
    assert (guardian.name, guardian.relation) == ("张秀英", "grandmother")
    assert ConsentRecord.objects.get(user=guardian.user).version == consent_v1
    invite.refresh_from_db()
    assert invite.uses == 1
    page = client.get(reverse("accounts:learning"))
    assert "李小雨" in page.content.decode()


def test_register_binds_the_guardian_record_the_school_entered(client, child, invite, consent_v1):
    entered = GuardianFactory(family=child.family, phone="13912345678", name="李建国")
    client.post(URL, form())
    entered.refresh_from_db()
    assert entered.user.username == "13912345678"
    assert child.family.guardians.count() == 1


def test_several_guardians_join_the_same_family(client, child, invite, consent_v1):
    client.post(URL, form())
    client.logout()
    client.post(URL, form(phone="13700000002", guardian_name="李国强", relation="father"))
    names = set(child.family.guardians.exclude(user=None).values_list("name", flat=True))
    assert names == {"张秀英", "李国强"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"invite": "NOPE2345"}, "邀请码不存在"),
        ({"child_name": "王小明"}, "没有这个名字的孩子"),
        ({"consent": ""}, "需要您作为孩子监护人的同意"),
        ({"new_password2": "other-pass-2026"}, "两次输入的密码不一致"),
        ({"new_password1": "123", "new_password2": "123"}, "密码太短"),
        ({"phone": "12345"}, "11 位手机号"),
    ],
)
def test_bad_input_is_explained_in_chinese_and_creates_nothing(
    client, child, invite, consent_v1, overrides, message
):
    response = client.post(URL, form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_created(invite)


def test_expired_revoked_and_used_up_codes_are_refused(client, child, invite, consent_v1):
    invite.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    invite.save()
    assert "邀请码已过期" in client.post(URL, form()).content.decode()
    invite.expires_at = timezone.now() + datetime.timedelta(days=1)
    invite.uses = invite.max_uses = 3
    invite.save()
    assert "邀请码已用完" in client.post(URL, form()).content.decode()
    invite.uses, invite.revoked_at = 0, timezone.now()
    invite.save()
    assert "邀请码已被学校收回" in client.post(URL, form()).content.decode()
    assert nothing_created(invite)


def test_a_registered_phone_is_refused(client, child, invite, consent_v1, parent):
    response = client.post(URL, form(phone="13800000001"))
    assert "该手机号已注册" in response.content.decode()
    assert child.family.guardians.count() == 1


def test_a_class_code_only_finds_children_of_its_class(client, child, invite, consent_v1):
    ChildFactory(name="陈一一", school_class__school=child.school_class.school)
    response = client.post(URL, form(child_name="陈一一"))
    assert "没有这个名字的孩子" in response.content.decode()
    assert nothing_created(invite)


def test_a_school_code_finds_children_in_any_class_of_the_school(client, child, consent_v1):
    from .factories import InviteCodeFactory

    other = ChildFactory(name="陈一一", school_class__school=child.school_class.school)
    InviteCodeFactory(code="SCHOOL23", school_class=None, school=child.school_class.school)
    client.post(URL, form(invite="SCHOOL23", child_name="陈一一"))
    assert other.family.guardians.get().user.username == "13912345678"


def test_two_children_of_the_same_name_ask_for_a_class_code(client, child, consent_v1):
    from .factories import InviteCodeFactory

    ChildFactory(name="李小雨", school_class__school=child.school_class.school)
    invite = InviteCodeFactory(code="SCHOOL23", school_class=None, school=child.school_class.school)
    response = client.post(URL, form(invite="SCHOOL23"))
    assert "同名" in response.content.decode()
    assert nothing_created(invite)
