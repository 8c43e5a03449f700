import pytest

from accounts import services
from accounts.models import ConsentRecord
from schools.models import Role
from schools.services import membership_grant
from tests.factories import ChildFactory, GuardianFactory, SchoolClassFactory, UserFactory

from .factories import ConsentVersionFactory, InviteCodeFactory

PASSWORD = "Yunxi-parent-2026"


@pytest.fixture
def consent_v1(db):
    return services.consent_version_publish(
        title="儿童个人信息处理监护人同意书", body="我们仅为记录家庭教育学时处理孩子的姓名和班级。"
    )


@pytest.fixture
def school_class(db):
    return SchoolClassFactory(grade="p3")


@pytest.fixture
def child(school_class):
    return ChildFactory(name="李小雨", school_class=school_class)


@pytest.fixture
def invite(school_class):
    return InviteCodeFactory(code="YX7K3M9Q", school_class=school_class)


@pytest.fixture
def parent(child, consent_v1):
    """A registered parent of `child` who consented to the current text."""
    user = UserFactory(username="13800000001", password=PASSWORD)
    GuardianFactory(family=child.family, user=user, phone="13800000001", name="李建华")
    services.consent_record(user=user, version=consent_v1, action=ConsentRecord.Action.GRANT)
    return user


def staff_of(school, role=Role.SCHOOL_ADMIN):
    user = UserFactory()
    membership_grant(user=user, role=role, school=school)
    return user


__all__ = ["ConsentVersionFactory", "PASSWORD", "staff_of"]
