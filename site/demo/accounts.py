"""Demo parents' side: the demo parent has consented (so logging in lands on 我的学习 with
real content) and a class of 育英小学 has an invite code to try registration with."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import selectors, services
from accounts.models import ConsentRecord, ConsentVersion, InviteCode
from families.models import Child
from schools.models import School, SchoolClass

INVITE_CODE = "YX2026P3"
SCHOOL_CODE = "99010202"  # 东湖区育英小学


def build() -> None:
    _consent_of_demo_parent()
    _invite_code()


def _consent_of_demo_parent() -> None:
    version = selectors.current_consent_version() or ConsentVersion.objects.create(
        version=1, title="儿童个人信息处理监护人同意书", body="演示用同意书。"
    )
    parent = get_user_model().objects.filter(username="parent").first()
    if parent is not None and not selectors.consent_is_current(user=parent):
        services.consent_record(user=parent, version=version, action=ConsentRecord.Action.GRANT)


def _invite_code() -> None:
    school = School.objects.get(code=SCHOOL_CODE)
    school_class = SchoolClass.objects.filter(school=school, grade="p3").order_by("number").first()
    InviteCode.objects.get_or_create(
        code=INVITE_CODE,
        defaults={
            "school": school,
            "school_class": school_class,
            "expires_at": timezone.now() + datetime.timedelta(days=3650),
            "max_uses": 1000,
        },
    )


def invite_note() -> str:
    """One line for load_demo's output: the code, its class and a child to name."""
    invite = InviteCode.objects.select_related("school", "school_class").get(code=INVITE_CODE)
    child = (
        Child.objects.filter(school_class=invite.school_class)
        .exclude(family__guardians__user__isnull=False)
        .order_by("pk")
        .first()
    )
    name = child.name if child else "—"
    return (
        f"家长注册邀请码 / invite code: {invite.code}"
        f"（{invite.school} {invite.school_class}，孩子姓名如 / child e.g. {name}）"
    )
