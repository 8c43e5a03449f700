"""Minors' data: a user sees the families of their own school (or region) and no other."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from families.selectors import families_in_scope, family_of
from schools.models import Membership, Region, Role, SchoolClass
from schools.selectors import schools_in_scope, user_can_access_school
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    """One city, two districts, a school in each, a family at each school."""
    city = RegionFactory()
    east, west = DistrictFactory(parent=city), DistrictFactory(parent=city)
    school_a, school_b = SchoolFactory(region=east), SchoolFactory(region=west)
    child_a = ChildFactory(school_class=SchoolClassFactory(school=school_a))
    child_b = ChildFactory(school_class=SchoolClassFactory(school=school_b))
    return {
        "city": city,
        "east": east,
        "west": west,
        "a": school_a,
        "b": school_b,
        "family_a": child_a.family,
        "family_b": child_b.family,
    }


def staff(role, **place):
    user = UserFactory()
    membership_grant(user=user, role=role, **place)
    return user


def test_teacher_sees_only_own_school(city):
    teacher = staff(Role.TEACHER, school=city["a"])
    SchoolClass.objects.filter(school=city["a"]).update(head_teacher=teacher)
    assert list(schools_in_scope(user=teacher)) == [city["a"]]
    assert list(families_in_scope(user=teacher)) == [city["family_a"]]
    assert not user_can_access_school(user=teacher, school=city["b"])


def test_teacher_sees_only_the_families_of_classes_they_head(city):
    teacher = staff(Role.TEACHER, school=city["a"])
    assert not families_in_scope(user=teacher).exists()
    own_class = SchoolClassFactory(school=city["a"], head_teacher=teacher)
    own = ChildFactory(school_class=own_class).family
    assert list(families_in_scope(user=teacher)) == [own]


def test_heading_a_class_elsewhere_without_teaching_there_shows_nothing(city):
    teacher = staff(Role.TEACHER, school=city["a"])
    SchoolClassFactory(school=city["b"], head_teacher=teacher)
    ChildFactory(school_class=teacher.head_of_classes.get())
    assert not families_in_scope(user=teacher).exists()


def test_editors_and_reviewers_see_no_family(city):
    for role in (Role.EDITOR, Role.REVIEWER):
        assert not families_in_scope(user=staff(role, region=city["city"])).exists()


def test_school_admin_of_b_cannot_see_a(city):
    admin_b = staff(Role.SCHOOL_ADMIN, school=city["b"])
    assert city["family_a"] not in families_in_scope(user=admin_b)
    assert city["family_b"] in families_in_scope(user=admin_b)


def test_district_bureau_sees_its_district_only(city):
    bureau = staff(Role.BUREAU, region=city["east"])
    assert set(schools_in_scope(user=bureau)) == {city["a"]}
    assert set(families_in_scope(user=bureau)) == {city["family_a"]}


def test_city_bureau_sees_every_district(city):
    bureau = staff(Role.BUREAU, region=city["city"])
    assert set(schools_in_scope(user=bureau)) == {city["a"], city["b"]}
    assert set(families_in_scope(user=bureau)) == {city["family_a"], city["family_b"]}


def test_scope_can_be_narrowed_to_roles(city):
    reviewer = staff(Role.REVIEWER, region=city["city"])
    assert not schools_in_scope(user=reviewer, roles=[Role.BUREAU]).exists()


def test_parent_sees_only_own_family(city):
    parent = UserFactory()
    GuardianFactory(family=city["family_a"], user=parent)
    assert list(families_in_scope(user=parent)) == [city["family_a"]]
    assert family_of(user=parent) == city["family_a"]
    assert not schools_in_scope(user=parent).exists()


def test_family_with_children_in_two_schools_is_seen_by_both(city):
    ChildFactory(family=city["family_a"], school_class=SchoolClassFactory(school=city["b"]))
    admin_b = staff(Role.SCHOOL_ADMIN, school=city["b"])
    assert set(families_in_scope(user=admin_b)) == {city["family_a"], city["family_b"]}


def test_anonymous_and_plain_users_see_nothing(city):
    assert not families_in_scope(user=AnonymousUser()).exists()
    assert not families_in_scope(user=UserFactory()).exists()


def test_school_role_needs_a_school(city):
    with pytest.raises(ValidationError):
        membership_grant(user=UserFactory(), role=Role.TEACHER, region=city["east"])
    assert not Membership.objects.exists()


def test_district_must_belong_to_a_city():
    region = Region(name="孤立区", kind=Region.Kind.DISTRICT, code="000001")
    with pytest.raises(ValidationError, match="必须属于一个市|must belong to a city"):
        region.full_clean()
