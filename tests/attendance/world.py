"""A test city for the hours ledger: build_city's two districts and schools, a school
year with two semesters, and families with parent accounts in each school."""

import datetime

from django.utils import timezone

from accounts import selectors as accounts_selectors
from accounts import services as accounts_services
from accounts.models import ConsentRecord
from attendance.models import SchoolYear, Semester
from courses.models import LessonPage
from schools.models import Role
from schools.services import membership_grant
from tests.courses.tree import build_city
from tests.factories import ChildFactory, GuardianFactory, SchoolClassFactory, UserFactory


def current_school_year(city) -> SchoolYear:
    today = timezone.localdate()
    year = SchoolYear.objects.create(
        region=city,
        name="本学年",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=200),
    )
    Semester.objects.create(
        school_year=year,
        name="第一学期",
        starts_on=year.starts_on,
        ends_on=today + datetime.timedelta(days=50),
    )
    Semester.objects.create(
        school_year=year,
        name="第二学期",
        starts_on=today + datetime.timedelta(days=51),
        ends_on=year.ends_on,
    )
    return year


def consent_given(user) -> None:
    """The guardian agreed to the current consent text (published here if there is none)."""
    version = accounts_selectors.current_consent_version() or (
        accounts_services.consent_version_publish(title="监护人同意书", body="测试用同意书。")
    )
    accounts_services.consent_record(user=user, version=version, action=ConsentRecord.Action.GRANT)


def add_parent(username: str, school_class, name: str = "家长"):
    """A family with one child in `school_class` and a guardian who can sign in."""
    user = UserFactory(username=username)
    guardian = GuardianFactory(user=user, name=name)
    consent_given(user)
    ChildFactory(family=guardian.family, school_class=school_class)
    return user, guardian.family


def build_world() -> dict:
    world = build_city()
    world["year"] = current_school_year(world["city"])
    for key in ("a", "b"):
        world[f"class_{key}"].head_teacher = world[f"teacher_{key}"]
        world[f"class_{key}"].save()
        world[f"other_class_{key}"] = SchoolClassFactory(school=world[f"school_{key}"])
        world[f"parent_{key}"], world[f"family_{key}"] = add_parent(
            f"parent_{key}", world[f"class_{key}"], name=f"{key}家长"
        )
        bureau = UserFactory(username=f"bureau_{key}")
        membership_grant(user=bureau, role=Role.BUREAU, region=world[f"district_{key}"].region)
        world[f"bureau_{key}"] = bureau
    world["parent_a2"], world["family_a2"] = add_parent(
        "parent_a2", world["other_class_a"], name="邻班家长"
    )
    city_bureau = UserFactory(username="bureau_city")
    membership_grant(user=city_bureau, role=Role.BUREAU, region=world["city"])
    world["bureau_city"] = city_bureau
    world["lesson"] = LessonPage.objects.descendant_of(world["shared_course"]).first()
    return world
