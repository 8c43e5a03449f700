"""Two schools in two districts of one city, a head teacher and a school admin at each,
bureau staff at each level, and a family in each school."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from schools.models import Role
from schools.services import membership_grant
from tests.factories import (
    ChildFactory,
    DistrictFactory,
    GuardianFactory,
    RegionFactory,
    SchoolClassFactory,
    SchoolFactory,
    UserFactory,
)


def staff(role, **place):
    user = UserFactory()
    membership_grant(user=user, role=role, **place)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def grant(user, codename: str) -> None:
    user.user_permissions.add(Permission.objects.get(codename=codename))


@pytest.fixture
def world(db):
    city = RegionFactory(name="云溪市")
    east, west = DistrictFactory(parent=city, name="东湖区"), DistrictFactory(parent=city)
    school_a = SchoolFactory(region=east, name="育英小学")
    school_b = SchoolFactory(region=west, name="城关小学")
    teacher_a = staff(Role.TEACHER, school=school_a)
    class_a = SchoolClassFactory(school=school_a, grade="p3", number=1, head_teacher=teacher_a)
    other_class_a = SchoolClassFactory(school=school_a, grade="p3", number=2)
    class_b = SchoolClassFactory(school=school_b, grade="p3", number=1)
    child_a = ChildFactory(school_class=class_a, name="王子涵")
    GuardianFactory(family=child_a.family, name="王建国", phone="13900000001")
    child_a2 = ChildFactory(school_class=other_class_a, name="李雨桐")
    GuardianFactory(family=child_a2.family, name="李晓红", phone="13900000002")
    child_b = ChildFactory(school_class=class_b, name="赵可馨")
    GuardianFactory(family=child_b.family, name="赵永刚", phone="13900000003")
    return {
        "city": city,
        "east": east,
        "a": school_a,
        "b": school_b,
        "class_a": class_a,
        "other_class_a": other_class_a,
        "class_b": class_b,
        "child_a": child_a,
        "child_a2": child_a2,
        "child_b": child_b,
        "family_a": child_a.family,
        "family_a2": child_a2.family,
        "family_b": child_b.family,
        "teacher_a": teacher_a,
        "admin_a": staff(Role.SCHOOL_ADMIN, school=school_a),
        "admin_b": staff(Role.SCHOOL_ADMIN, school=school_b),
        "bureau_east": staff(Role.BUREAU, region=east),
        "bureau_city": staff(Role.BUREAU, region=city),
        "editor": staff(Role.EDITOR, region=city),
    }
