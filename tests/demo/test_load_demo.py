"""The demo command builds a realistic Chinese city and is safe to run twice."""

import re
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from courses.models import (
    ActivityPage,
    CoursePage,
    CurriculumPage,
    FeaturedCollectionPage,
    LessonPage,
)
from families.models import Child, ClassDeparture, Family, Guardian, SpecialGroupFlag
from schools.models import DistrictPage, Membership, Region, Role, School, SchoolPage, Stage

COUNTED = [
    Region,
    School,
    Family,
    Guardian,
    Child,
    SpecialGroupFlag,
    ClassDeparture,
    Membership,
    get_user_model(),
    apps.get_model("courses", "Topic"),
    apps.get_model("courses", "Lecturer"),
    apps.get_model("wagtailcore", "Page"),
    apps.get_model("wagtailcore", "Revision"),
    apps.get_model("auth", "Group"),
    apps.get_model("wagtailcore", "GroupPagePermission"),
    apps.get_model("wagtailimages", "Image"),
    apps.get_model("media_pipeline", "Video"),
    apps.get_model("media_pipeline", "TranscodeJob"),
    apps.get_model("media_pipeline", "MaintenanceSchedule"),
    apps.get_model("captions", "Caption"),
    apps.get_model("selection", "SelectionRound"),
    apps.get_model("selection", "Nomination"),
    apps.get_model("selection", "ScoreEvent"),
    apps.get_model("selection", "Result"),
    apps.get_model("selection", "Broadcast"),
    apps.get_model("accounts", "InviteCode"),
    apps.get_model("accounts", "ConsentVersion"),
    apps.get_model("accounts", "ConsentRecord"),
    apps.get_model("attendance", "SchoolYear"),
    apps.get_model("attendance", "Semester"),
    apps.get_model("attendance", "HoursRule"),
    apps.get_model("attendance", "LedgerEntry"),
    apps.get_model("attendance", "FamilyYearTotal"),
]
PASSWORD = "pw-demo"


def load(password=PASSWORD) -> str:
    out = StringIO()
    call_command("load_demo", password=password, stdout=out)
    return out.getvalue()


class DemoCityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load()

    def test_people_and_places(self):
        city = Region.objects.get(kind=Region.Kind.CITY)
        self.assertEqual(city.children.count(), 2)
        stages = {stage for school in School.objects.all() for stage in school.stages}
        self.assertTrue(stages >= set(Stage.values))
        self.assertGreaterEqual(School.objects.filter(kind=School.Kind.SCHOOL).count(), 4)
        self.assertTrue(School.objects.filter(kind=School.Kind.COMMUNITY).exists())
        self.assertGreaterEqual(Family.objects.count(), 40)
        self.assertFalse(Family.objects.filter(guardians=None).exists())
        # Only the pupils the demo's roster sync moved out of their class have none.
        self.assertFalse(Child.objects.filter(school_class=None, departures=None).exists())
        self.assertEqual(ClassDeparture.objects.count(), 2)
        for child in Child.objects.all():
            self.assertRegex(child.name, r"^[\u4e00-\u9fff]{2,4}$")
        siblings_apart = [
            f
            for f in Family.objects.prefetch_related("children__school_class")
            if len({c.school_class.school_id for c in f.children.all() if c.school_class}) > 1
        ]
        self.assertTrue(siblings_apart)
        self.assertEqual(set(Membership.objects.values_list("role", flat=True)), set(Role.values))
        parent = get_user_model().objects.get(username="parent")
        self.assertTrue(parent.guardian.family.children.exists())
        self.assertGreaterEqual(SpecialGroupFlag.objects.count(), 4)
        self.assertTrue(
            get_user_model()
            .objects.get(username="schooladmin")
            .has_perm("families.view_special_groups")
        )
        self.assertFalse(
            get_user_model()
            .objects.get(username="teacher")
            .has_perm("families.view_special_groups")
        )

    def test_course_content(self):
        self.assertEqual(DistrictPage.objects.live().count(), 2)
        self.assertEqual(SchoolPage.objects.live().count(), School.objects.count())
        self.assertGreaterEqual(CurriculumPage.objects.live().count(), 10)
        self.assertGreaterEqual(CoursePage.objects.live().count(), 25)
        self.assertGreaterEqual(LessonPage.objects.live().count(), 100)
        self.assertTrue(ActivityPage.objects.live().exists())
        self.assertGreaterEqual(FeaturedCollectionPage.objects.live().count(), 4)
        for course in CoursePage.objects.all():
            self.assertTrue(course.cover_id and course.lecturer_id, course.title)
            self.assertTrue(course.grades.exists(), course.title)
        # Every school has its own moderation workflow.
        for school_page in SchoolPage.objects.all():
            self.assertIsNotNone(school_page.get_workflow(), school_page.title)

    def test_demo_videos_have_chinese_captions_and_one_english(self):
        from captions.models import Caption

        self.assertEqual(Caption.objects.filter(language="zh-Hans").count(), 3)
        self.assertEqual(Caption.objects.filter(language="en").count(), 1)
        self.assertTrue(Caption.objects.filter(text__contains="睡前留出十五分钟").exists())

    def test_running_again_changes_nothing(self):
        before = {model.__name__: model.objects.count() for model in COUNTED}
        families = list(Family.objects.values_list("code", "address"))
        load(password="another")
        after = {model.__name__: model.objects.count() for model in COUNTED}
        self.assertEqual(after, before)
        self.assertEqual(list(Family.objects.values_list("code", "address")), families)
        # The second run does not reset passwords people may have changed.
        self.assertTrue(get_user_model().objects.get(username="teacher").check_password(PASSWORD))

    def test_demo_school_admin_sees_flags_and_the_teacher_does_not(self):
        family = Family.objects.get(code="YX00004")
        url = f"/admin/families/{family.pk}/"
        self.client.login(username="schooladmin", password=PASSWORD)
        self.assertIn("留守儿童", self.client.get(url).content.decode())
        self.client.login(username="teacher", password=PASSWORD)
        html = self.client.get(url).content.decode()
        self.assertIn(family.children.first().name, html)
        self.assertNotIn("留守儿童", html)

    def test_a_published_selection_round_and_a_running_broadcast(self):
        from wagtail.models import Site

        from selection.models import SelectionRound

        Site.clear_site_root_paths_cache()  # cached by other test modules' cities
        round = SelectionRound.objects.get(title="云溪市家庭教育精品课程评选")
        self.assertTrue(round.is_published)
        self.assertGreaterEqual(round.nominations.count(), 8)
        self.assertTrue(round.results.filter(tied=True).exists())
        results = self.client.get(f"/zh-hans/selection/{round.pk}/")
        self.assertContains(results, "一等奖")
        school = self.client.get(SchoolPage.objects.get(school__code="99012102").url)
        self.assertContains(school, "2026年云溪市家庭教育精品课程联合展播")

    def test_hours_ledger_has_families_ahead_and_behind(self):
        from attendance.models import FamilyYearTotal

        totals = FamilyYearTotal.objects.all()
        self.assertTrue(totals.filter(sessions__gte=4, class_hours__gte=8).exists())
        self.assertTrue(totals.filter(sessions__lt=4).exists())
        # The city dashboard shows families that meet the whole rule (guidance included)
        # beside families that do not, in both districts.
        self.client.login(username="bureau", password=PASSWORD)
        city = self.client.get("/zh-hans/attendance/reports/", follow=True)
        header, rows = city.context["total"], city.context["rows"]
        self.assertTrue(0 < header.compliant < header.families, header)
        self.assertTrue(all(0 < row.compliant < row.families for row in rows), rows)
        self.client.login(username="parent", password=PASSWORD)
        self.assertContains(self.client.get("/zh-hans/attendance/my/"), "我的学时")
        self.client.login(username="teacher", password=PASSWORD)
        guidance = ActivityPage.objects.get(slug="guidance-workshop")
        qr = self.client.get(f"/zh-hans/attendance/activities/{guidance.pk}/qr/")
        self.assertContains(qr, "<svg")

    def test_prints_one_login_per_role(self):
        for username in ["parent", "teacher", "schooladmin", "editor", "reviewer", "bureau"]:
            self.assertRegex(self.output, rf"(?m)^\s+{username}\s")
        self.assertIn(PASSWORD, self.output)

    def test_each_staff_demo_user_can_use_the_admin(self):
        for username in ["teacher", "schooladmin", "editor", "reviewer", "bureau", "admin"]:
            with self.subTest(username=username):
                self.assertTrue(self.client.login(username=username, password=PASSWORD))
                self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_demo_teacher_edits_own_school_course_only(self):
        self.client.login(username="teacher", password=PASSWORD)
        own = CoursePage.objects.descendant_of(SchoolPage.objects.get(school__code="99010202"))
        other = CoursePage.objects.descendant_of(SchoolPage.objects.get(school__code="99012101"))
        self.assertEqual(self.client.get(f"/admin/pages/{own.first().pk}/edit/").status_code, 200)
        self.assertNotEqual(
            self.client.get(f"/admin/pages/{other.first().pk}/edit/").status_code, 200
        )

    def test_demo_lecturers_are_owned_and_scoped(self):
        Lecturer = apps.get_model("courses", "Lecturer")
        for lecturer in Lecturer.objects.all():
            self.assertTrue(bool(lecturer.school_id) ^ bool(lecturer.region_id), lecturer.name)
        self.assertEqual(Lecturer.objects.get(name="林爽").region.code, "990121")
        self.client.login(username="teacher", password=PASSWORD)
        listing = self.client.get("/admin/snippets/courses/lecturer/").content.decode()
        self.assertIn("徐娜", listing)  # a parent lecturer of the teacher's school
        self.assertNotIn("高鹏", listing)  # of a school in the other county
        self.assertNotIn("周文静", listing)  # the city's guidance centre

    def test_demo_parent_signs_in_on_the_site_not_the_admin(self):
        response = self.client.post(
            "/zh-hans/accounts/login/", {"username": "parent", "password": PASSWORD}
        )
        self.assertEqual(response["Location"], "/zh-hans/accounts/learning/")
        self.assertIn("您好，王建国", self.client.get("/zh-hans/").content.decode())
        self.assertEqual(self.client.get("/admin/").status_code, 302)

    def test_demo_parent_lands_on_my_learning_with_real_content(self):
        self.client.post("/zh-hans/accounts/login/", {"username": "parent", "password": PASSWORD})
        page = self.client.get("/zh-hans/accounts/learning/").content.decode()
        self.assertIn("我的学习", page)
        self.assertIn("东湖区育英小学", page)
        self.assertIn('class="card course-card"', page)
        self.assertIn("我的学时", page)  # the family's hours against this year's rule
        self.assertIn('role="progressbar"', page)
        self.assertIn("2026年云溪市家庭教育精品课程联合展播", page)  # the running broadcast

    def test_prints_an_invite_code_that_registers_a_parent(self):
        line = next(line for line in self.output.splitlines() if "邀请码" in line)
        code, child = re.search(r"invite code: (\w+).*child e\.g\. (\S+?)）", line).groups()
        response = self.client.post(
            "/zh-hans/accounts/register/",
            {
                "phone": "13912340000",
                "new_password1": "Demo-register-2026",
                "new_password2": "Demo-register-2026",
                "invite": code,
                "child_name": child,
                "guardian_name": "演示家长",
                "relation": "mother",
                "consent": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        family = Guardian.objects.get(user__username="13912340000").family
        self.assertTrue(family.children.filter(name=child).exists())

    def test_staff_sign_in_on_the_site_lands_in_the_admin(self):
        response = self.client.post(
            "/zh-hans/accounts/login/", {"username": "teacher", "password": PASSWORD}
        )
        self.assertEqual(response["Location"], "/admin/")

    def test_wrong_password_says_so_in_chinese(self):
        response = self.client.post(
            "/zh-hans/accounts/login/", {"username": "parent", "password": "nope"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("请输入一个正确的", response.content.decode())

    def test_home_page_shows_featured_courses_and_districts(self):
        html = self.client.get("/zh-hans/").content.decode()
        self.assertIn("推荐课程", html)
        self.assertIn("冬季安全与寒假家庭教育专题", html)
        self.assertNotIn("暑期防溺水专题", html)  # its dates are over
        self.assertIn("东湖区育英小学", html)
        self.assertEqual(len(re.findall(r'class="card course-card"', html)) > 4, True)
