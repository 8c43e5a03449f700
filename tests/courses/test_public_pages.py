"""What parents see: home, district and school pages with the collections that apply,
the catalogue, course and lesson pages, with bounded queries and a purged page cache."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.courses.tree import add_activity, add_collection, add_course, build_city

# Site, page and view-restriction lookups that Wagtail makes for any page, plus ours.
MAX_QUERIES = 20


def url(page) -> str:
    return page.get_url()


class CollectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        today = timezone.localdate()
        add_collection(cls.t["home"], "全市推荐课程", [cls.t["shared_course"]])
        add_collection(cls.t["district_a"], "a区专题", [cls.t["course_a"]])
        add_collection(cls.t["school_page_b"], "b校推荐", [cls.t["course_b"]])
        add_collection(
            cls.t["home"],
            "已结束的暑期专题",
            [cls.t["course_a"]],
            starts_on=today - datetime.timedelta(days=90),
            ends_on=today - datetime.timedelta(days=1),
        )
        add_collection(
            cls.t["home"],
            "尚未开始的寒假专题",
            [cls.t["course_a"]],
            starts_on=today + datetime.timedelta(days=3),
        )

    def html(self, page) -> str:
        response = self.client.get(url(page))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_city_home_shows_city_collections_in_their_dates(self):
        html = self.html(self.t["home"])
        self.assertIn("全市推荐课程", html)
        self.assertNotIn("a区专题", html)
        self.assertNotIn("已结束的暑期专题", html)
        self.assertNotIn("尚未开始的寒假专题", html)

    def test_district_shows_city_and_its_own_collections(self):
        html = self.html(self.t["district_a"])
        self.assertIn("全市推荐课程", html)
        self.assertIn("a区专题", html)
        self.assertNotIn("b校推荐", html)

    def test_school_shows_collections_from_city_district_and_itself(self):
        html_b = self.html(self.t["school_page_b"])
        self.assertIn("全市推荐课程", html_b)
        self.assertIn("b校推荐", html_b)
        self.assertNotIn("a区专题", html_b)

    def test_unpublished_course_drops_out_of_collections(self):
        self.t["shared_course"].unpublish()
        self.assertNotIn("家庭教育入门", self.html(self.t["home"]))


class SchoolPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        cls.upcoming = add_activity(cls.t["school_page_a"], days_from_now=5)
        cls.past = add_activity(cls.t["school_page_a"], days_from_now=-5)
        cls.past.title = "上个月的讲座"
        cls.past.save()

    def test_school_page_lists_own_and_shared_curricula_and_upcoming_activities(self):
        html = self.client.get(url(self.t["school_page_a"])).content.decode()
        self.assertIn("a校特色课程", html)
        self.assertIn("全市通识课程", html)
        self.assertNotIn("b校特色课程", html)
        self.assertIn("家长沙龙", html)
        self.assertNotIn("上个月的讲座", html)

    def test_activity_page(self):
        html = self.client.get(url(self.upcoming)).content.decode()
        self.assertIn("活动室", html)


class CourseAndCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        cls.big = add_course(cls.t["shared"], "三十节课的大课", lessons=30, grades=("j1", "j2"))

    def test_course_page_lists_lessons_and_total_hours(self):
        html = self.client.get(url(self.t["shared_course"])).content.decode()
        self.assertIn("家庭教育入门第1课", html)
        self.assertIn("家庭教育入门第3课", html)
        self.assertIn("1.5", html)  # 3 lessons × 0.5 class hours

    def count_queries(self, page) -> int:
        self.client.get(url(page))  # warm up site and locale lookups
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url(page))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_course_page_with_30_lessons_in_bounded_queries(self):
        small = self.count_queries(self.t["shared_course"])  # 3 lessons
        big = self.count_queries(self.big)  # 30 lessons
        self.assertEqual(big, small, "queries grow with the number of lessons")
        self.assertLessEqual(big, MAX_QUERIES)
        self.assertContains(self.client.get(url(self.big)), "三十节课的大课第30课")

    def test_lesson_page_in_bounded_queries(self):
        lesson = self.big.get_children().last().specific
        self.client.get(url(lesson))
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url(lesson))
        self.assertContains(response, "在家里，和孩子一起读一本书。")
        self.assertLessEqual(len(queries), MAX_QUERIES)

    def test_catalogue_filters_by_stage_grade_and_topic(self):
        catalogue = url(self.t["catalog"])
        everything = self.client.get(catalogue).content.decode()
        self.assertIn("三十节课的大课", everything)
        self.assertIn("a校亲子阅读课", everything)
        junior = self.client.get(catalogue, {"stage": "junior"}).content.decode()
        self.assertIn("三十节课的大课", junior)
        self.assertNotIn("a校亲子阅读课", junior)
        grade = self.client.get(catalogue, {"grade": "p3"}).content.decode()
        self.assertNotIn("三十节课的大课", grade)
        self.assertIn("a校亲子阅读课", grade)
        add_course(self.t["shared"], "交通安全课", lessons=1, topic="anquan")
        topic = self.client.get(catalogue, {"topic": "anquan"}).content.decode()
        self.assertIn("交通安全课", topic)
        self.assertNotIn("a校亲子阅读课", topic)

    def test_catalogue_ignores_bad_filters(self):
        response = self.client.get(url(self.t["catalog"]), {"grade": "x9", "page": "abc"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "三十节课的大课")
        # A bad value drops only its own filter.
        junior = self.client.get(url(self.t["catalog"]), {"stage": "junior", "topic": "无此专题"})
        self.assertContains(junior, "三十节课的大课")
        self.assertNotContains(junior, "a校亲子阅读课")

    def test_catalogue_page_in_bounded_queries(self):
        few = self.count_queries(self.t["catalog"])
        for index in range(10):
            add_course(self.t["shared"], f"批量课程{index}", lessons=2, topic="anquan")
        many = self.count_queries(self.t["catalog"])
        self.assertEqual(many, few, "queries grow with the number of courses")
        self.assertLessEqual(many, MAX_QUERIES)
        self.assertContains(self.client.get(url(self.t["catalog"])), "批量课程9")


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()

    def setUp(self):
        cache.clear()

    def test_anonymous_pages_are_served_from_cache_until_a_publish(self):
        course = self.t["shared_course"]
        first = self.client.get(url(course))
        self.assertEqual(first["X-Page-Cache"], "miss")
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(url(course))
        self.assertEqual(second["X-Page-Cache"], "hit")
        self.assertEqual(len(queries), 0)
        course.title = "家庭教育入门（新版）"
        course.save_revision().publish()
        third = self.client.get(url(course))
        self.assertEqual(third["X-Page-Cache"], "miss")
        self.assertContains(third, "家庭教育入门（新版）")
        # The catalogue, which lists the course, was purged too.
        self.assertContains(self.client.get(url(self.t["catalog"])), "家庭教育入门（新版）")

    def test_unpublish_purges(self):
        lesson = self.t["shared_course"].get_children().first().specific
        self.assertEqual(self.client.get(url(lesson)).status_code, 200)
        lesson.unpublish()
        self.assertEqual(self.client.get(url(lesson)).status_code, 404)

    def test_signed_in_visitors_are_never_cached(self):
        self.client.force_login(self.t["teacher_a"])
        response = self.client.get(url(self.t["shared_course"]))
        self.assertNotIn("X-Page-Cache", response)

    def test_restricted_pages_are_never_cached(self):
        PageViewRestriction.objects.create(
            page=self.t["course_a"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        response = self.client.get(url(self.t["course_a"]))
        self.assertNotIn("X-Page-Cache", response)


class ApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        cls.draft = add_course(cls.t["curriculum_b"], "未发布的草稿课", lessons=1)
        cls.draft.unpublish()
        PageViewRestriction.objects.create(
            page=cls.t["course_a"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    def test_courses_endpoint_lists_live_public_courses_with_fields(self):
        response = self.client.get(
            "/api/v2/pages/",
            {"type": "courses.CoursePage", "fields": "summary,total_class_hours,grade_codes"},
        )
        self.assertEqual(response.status_code, 200)
        items = {item["title"]: item for item in response.json()["items"]}
        self.assertIn("家庭教育入门", items)
        self.assertEqual(items["家庭教育入门"]["total_class_hours"], 1.5)
        self.assertEqual(items["家庭教育入门"]["grade_codes"], ["p3"])
        self.assertNotIn("未发布的草稿课", items)
        self.assertNotIn("a校亲子阅读课", items)  # restricted

    def test_drafts_never_reach_the_api_even_for_staff(self):
        self.client.force_login(self.t["teacher_a"])
        self.assertEqual(self.client.get(f"/api/v2/pages/{self.draft.pk}/").status_code, 404)
        listing = self.client.get("/api/v2/pages/", {"search": "草稿"}).content.decode()
        self.assertNotIn("未发布的草稿课", listing)

    def test_lessons_and_activities(self):
        add_activity(self.t["school_page_b"])
        lessons = self.client.get(
            "/api/v2/pages/",
            {
                "type": "courses.LessonPage",
                "fields": "class_hours,notes",
                "child_of": self.t["shared_course"].pk,
            },
        ).json()["items"]
        self.assertEqual(len(lessons), 3)
        activities = self.client.get(
            "/api/v2/pages/", {"type": "courses.ActivityPage", "fields": "place,starts_at"}
        ).json()["items"]
        self.assertEqual(activities[0]["place"], "活动室")
