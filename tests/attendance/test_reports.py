"""The hours pages and who may see them: parents their family, teachers the classes they
head, school admins their school, bureau staff their district or city."""

from django.test import TestCase

from attendance.reporting import summarize

from .credit import credit, make_compliant
from .world import build_world

MY = "/zh-hans/attendance/my/"
REPORTS = "/zh-hans/attendance/reports/"


class ReportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        make_compliant(w, w["family_a"])
        credit(w, w["family_a2"], "behind", hours="1")
        cls.class_url = f"{REPORTS}class/{w['class_a'].pk}/"
        cls.other_class_url = f"{REPORTS}class/{w['other_class_a'].pk}/"
        cls.class_b_url = f"{REPORTS}class/{w['class_b'].pk}/"
        cls.school_url = f"{REPORTS}school/{w['school_a'].pk}/"
        cls.school_b_url = f"{REPORTS}school/{w['school_b'].pk}/"
        cls.district_url = f"{REPORTS}region/{w['district_a'].region.pk}/"
        cls.district_b_url = f"{REPORTS}region/{w['district_b'].region.pk}/"
        cls.city_url = f"{REPORTS}region/{w['city'].pk}/"

    def status_of(self, user, url) -> int:
        self.client.force_login(self.world[user])
        return self.client.get(url).status_code


class FamilyPageTests(ReportTestCase):
    def test_parent_sees_own_progress_and_what_counts_next(self):
        self.client.force_login(self.world["parent_a2"])
        html = self.client.get(MY).content.decode()
        self.assertIn("我的学时", html)
        self.assertIn('<span class="figure">1 / 4</span>', html)
        self.assertIn("还差 3 次", html)
        self.assertIn("还差 7 课时", html)
        self.assertIn("接下来可以计入学时的", html)
        self.assertNotIn("a家长", html)  # another family's guardian

    def test_after_withdrawing_consent_the_hours_are_hidden_until_given_again(self):
        from accounts import services
        from accounts.models import ConsentRecord
        from accounts.selectors import current_consent_version

        parent = self.world["parent_a2"]
        services.consent_record(
            user=parent, version=current_consent_version(), action=ConsentRecord.Action.WITHDRAW
        )
        self.client.force_login(parent)
        response = self.client.get(MY)
        self.assertRedirects(response, f"/zh-hans/accounts/consent/?next={MY}")

    def test_compliant_family_is_told_so(self):
        self.client.force_login(self.world["parent_a"])
        self.assertContains(self.client.get(MY), "本学年要求已达成")

    def test_staff_without_family_is_told_why(self):
        self.client.force_login(self.world["teacher_a"])
        self.assertContains(self.client.get(MY), "只有关联了家庭的家长账号", status_code=403)

    def test_upcoming_activity_of_the_childs_class_is_listed(self):
        from tests.courses.tree import add_activity

        activity = add_activity(self.world["school_page_a"], days_from_now=3)
        activity.title = "亲子阅读沙龙"
        activity.save_revision().publish()
        self.client.force_login(self.world["parent_a"])
        self.assertContains(self.client.get(MY), "亲子阅读沙龙")
        self.client.force_login(self.world["parent_b"])
        self.assertNotContains(self.client.get(MY), "亲子阅读沙龙")


class ClassReportTests(ReportTestCase):
    def test_head_teacher_sees_who_is_behind_first(self):
        self.client.force_login(self.world["school_admin_a"])
        self.world["family_a2"].children.update(school_class=self.world["class_a"])
        html = self.client.get(self.class_url).content.decode()
        self.assertIn("1 个家庭未达标", html)
        self.assertLess(html.index("邻班家长"), html.index("a家长"))
        self.assertIn("3 次", html)
        self.assertIn("7 课时", html)
        self.assertIn("已达标", html)

    def test_boundaries(self):
        cases = [
            ("teacher_a", self.class_url, 200),
            ("teacher_a", self.other_class_url, 404),  # same school, not their class
            ("teacher_a", self.class_b_url, 404),
            ("school_admin_a", self.other_class_url, 200),
            ("school_admin_b", self.class_url, 404),
            ("bureau_a", self.class_url, 200),
            ("bureau_b", self.class_url, 404),
            ("bureau_city", self.class_b_url, 200),
            ("parent_a", self.class_url, 404),
            ("editor", self.class_url, 404),
        ]
        for user, url, status in cases:
            with self.subTest(user=user, url=url):
                self.assertEqual(self.status_of(user, url), status)

    def test_family_ledger_boundaries(self):
        url = f"/zh-hans/attendance/families/{self.world['family_a'].pk}/"
        for user, status in [
            ("teacher_a", 200),
            ("school_admin_a", 200),
            ("bureau_city", 200),
            ("teacher_b", 404),
            ("school_admin_b", 404),
            ("bureau_b", 404),
            ("parent_a2", 404),
        ]:
            with self.subTest(user=user):
                self.assertEqual(self.status_of(user, url), status)


class DashboardTests(ReportTestCase):
    def test_school_dashboard_counts_by_class(self):
        self.client.force_login(self.world["school_admin_a"])
        html = self.client.get(self.school_url).content.decode()
        self.assertIn("家庭学时统计", html)
        self.assertIn("2 个家庭", html)
        self.assertIn("达标率 50%", html)
        self.assertIn("覆盖率 100%", html)
        self.assertIn("平均 4.50 课时", html)
        self.assertIn(f'href="{self.class_url}?year=', html)

    def test_city_dashboard_drills_down_to_districts(self):
        self.client.force_login(self.world["bureau_city"])
        html = self.client.get(self.city_url).content.decode()
        self.assertIn("a区", html)
        self.assertIn("b区", html)
        self.assertIn(f'href="{self.district_url}?year=', html)
        district = self.client.get(self.district_url).content.decode()
        self.assertIn(f'href="{self.school_url}?year=', district)
        self.assertIn(f'href="{self.city_url}?year=', district)  # back up to the city

    def test_boundaries(self):
        cases = [
            ("bureau_city", self.city_url, 200),
            ("bureau_a", self.district_url, 200),
            ("bureau_a", self.city_url, 404),
            ("bureau_a", self.district_b_url, 404),
            ("bureau_a", self.school_b_url, 404),
            ("school_admin_a", self.school_url, 200),
            ("school_admin_a", self.school_b_url, 404),
            ("school_admin_a", self.district_url, 404),
            ("teacher_a", self.school_url, 404),
            ("parent_a", self.school_url, 404),
            ("editor", self.city_url, 404),
        ]
        for user, url, status in cases:
            with self.subTest(user=user, url=url):
                self.assertEqual(self.status_of(user, url), status)

    def test_reports_home_sends_each_role_to_its_widest_report(self):
        for user, target in [
            ("bureau_city", self.city_url),
            ("bureau_a", self.district_url),
            ("school_admin_a", self.school_url),
            ("teacher_a", self.class_url),
        ]:
            with self.subTest(user=user):
                self.client.force_login(self.world[user])
                response = self.client.get(REPORTS)
                self.assertRedirects(response, target, fetch_redirect_response=False)

    def test_summary_respects_the_districts_rule(self):
        from attendance.models import HoursRule

        w = self.world
        HoursRule.objects.create(
            region=w["district_a"].region, school_year=w["year"], min_sessions=5
        )
        rows = summarize(
            school_year=w["year"], group_by="school", filter_by="school", ids=[w["school_a"].pk]
        )
        self.assertEqual((rows[0].families, rows[0].compliant), (2, 0))

    def test_a_family_with_two_children_in_one_school_counts_once(self):
        from tests.factories import ChildFactory

        w = self.world
        ChildFactory(family=w["family_a"], school_class=w["other_class_a"])
        rows = summarize(
            school_year=w["year"], group_by="school", filter_by="school", ids=[w["school_a"].pk]
        )
        self.assertEqual((rows[0].families, rows[0].compliant), (2, 1))

    def test_header_counts_a_family_in_two_schools_once_and_rows_in_each(self):
        from tests.factories import ChildFactory

        w = self.world
        ChildFactory(family=w["family_a"], school_class=w["class_b"])  # a child in school b
        self.client.force_login(w["bureau_city"])
        html = self.client.get(self.city_url).content.decode()
        # a区 has family_a and family_a2, b区 has family_b and family_a: the rows sum to 4.
        self.assertIn('<td class="num">2</td>', html)
        self.assertIn("3 个家庭", html)
        self.assertNotIn("4 个家庭", html)
        self.assertIn("每个家庭只计一次", html)

    def test_school_header_counts_a_family_in_two_classes_once(self):
        from tests.factories import ChildFactory

        w = self.world
        ChildFactory(family=w["family_a"], school_class=w["other_class_a"])
        self.client.force_login(w["school_admin_a"])
        html = self.client.get(self.school_url).content.decode()
        self.assertIn("2 个家庭", html)
        self.assertIn("平均 4.50 课时", html)

    def test_school_dashboard_shows_its_course_satisfaction_only(self):
        from accounts.models import SatisfactionResponse

        w = self.world
        course = w["shared_course"]
        SatisfactionResponse.objects.create(family=w["family_a"], course=course, score=4)
        SatisfactionResponse.objects.create(family=w["family_a2"], course=course, score=5)
        SatisfactionResponse.objects.create(family=w["family_b"], course=course, score=1)
        self.client.force_login(w["school_admin_a"])
        html = self.client.get(self.school_url).content.decode()
        self.assertIn("课程满意度", html)
        self.assertIn("2 个家庭参与了课程评价，平均 4.50 分", html)
        self.client.force_login(w["school_admin_b"])
        html = self.client.get(self.school_b_url).content.decode()
        self.assertIn("1 个家庭参与了课程评价，平均 1.00 分", html)
