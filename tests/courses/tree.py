"""A small city for course tests: one city, two districts, a school in each, curricula,
courses and lessons, built with the same services the product uses."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page, Site

from courses.models import (
    ActivityPage,
    CatalogPage,
    CoursePage,
    CurriculumPage,
    FeaturedCollectionPage,
    FeaturedItem,
    LessonPage,
    Topic,
)
from parentschool.demo.city import root_page
from parentschool.home.models import HomePage
from schools.access import sync_access
from schools.models import (
    DistrictPage,
    GradeLevel,
    Region,
    Role,
    School,
    SchoolPage,
    ensure_grade_levels,
)
from schools.services import membership_grant
from tests.factories import SchoolClassFactory, UserFactory


def build_city() -> dict:
    ensure_grade_levels()  # migration data, gone after a transactional test's flush
    root = root_page()
    city = Region.objects.create(name="测试市", kind=Region.Kind.CITY, code="990900")
    home = root.add_child(instance=HomePage(title="测试市网上家长学校", slug="ceshi", region=city))
    if not Site.objects.filter(is_default_site=True).update(root_page=home):
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    Site.clear_site_root_paths_cache()  # update() skips the signal that would clear it
    catalog = home.add_child(instance=CatalogPage(title="课程目录", slug="courses"))
    tree = {"home": home, "catalog": catalog, "city": city}
    for key, code in (("a", "990901"), ("b", "990902")):
        region = Region.objects.create(name=f"{key}区", kind="district", parent=city, code=code)
        district = home.add_child(instance=DistrictPage(title=f"{key}区", slug=key, region=region))
        school = School.objects.create(
            region=region, name=f"{key}区实验小学", stages=["primary"], code=f"{code}01"
        )
        school_page = district.add_child(
            instance=SchoolPage(title=school.name, slug=f"s{key}", school=school)
        )
        curriculum = school_page.add_child(
            instance=CurriculumPage(title=f"{key}校特色课程", slug="own", stage="primary")
        )
        tree |= {
            f"district_{key}": district,
            f"school_{key}": school,
            f"school_page_{key}": school_page,
            f"curriculum_{key}": curriculum,
            f"class_{key}": SchoolClassFactory(school=school),
        }
        tree[f"course_{key}"] = add_course(curriculum, f"{key}校亲子阅读课", lessons=2)
    shared = home.add_child(instance=CurriculumPage(title="全市通识课程", slug="general"))
    tree["shared"] = shared
    tree["shared_course"] = add_course(shared, "家庭教育入门", lessons=3)
    sync_access()
    for key in ("a", "b"):
        for role in (Role.TEACHER, Role.SCHOOL_ADMIN):
            user = UserFactory(username=f"{role}_{key}")
            membership_grant(user=user, role=role, school=tree[f"school_{key}"])
            tree[f"{role}_{key}"] = user
    editor = UserFactory(username="editor_city")
    membership_grant(user=editor, role=Role.EDITOR, region=city)
    tree["editor"] = editor
    return tree


def add_course(parent: Page, title: str, *, lessons: int, grades=("p3",), topic="goutong"):
    topic_obj, _ = Topic.objects.get_or_create(slug=topic, defaults={"name": topic})
    course = CoursePage(title=title, slug=f"c{CoursePage.objects.count() + 1}", summary="简介")
    course.grades = list(GradeLevel.objects.filter(code__in=grades))
    course.topics = [topic_obj]
    parent.add_child(instance=course)
    for index in range(1, lessons + 1):
        course.add_child(
            instance=LessonPage(
                title=f"{title}第{index}课",
                slug=f"l{index}",
                duration_minutes=10,
                class_hours=Decimal("0.5"),
                notes=[("paragraph", "<p>在家里，和孩子一起读一本书。</p>")],
            )
        )
    return course


def add_collection(parent: Page, title: str, courses, **fields) -> FeaturedCollectionPage:
    collection = FeaturedCollectionPage(title=title, slug=f"f{Page.objects.count()}", **fields)
    collection.items = [FeaturedItem(course=c, sort_order=i) for i, c in enumerate(courses)]
    return parent.add_child(instance=collection)


def add_activity(school_page: SchoolPage, *, days_from_now: int = 7) -> ActivityPage:
    starts = timezone.now() + datetime.timedelta(days=days_from_now)
    return school_page.add_child(
        instance=ActivityPage(
            title="家长沙龙",
            slug=f"a{Page.objects.count()}",
            kind="salon",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="活动室",
            class_hours=Decimal("1"),
        )
    )
