"""Bureau staff edit the hours rules and calendars of their own regions in the admin."""

from django.test import TestCase

from attendance.models import HoursRule

from .world import build_world

RULES = "/admin/hoursrule/"
YEARS = "/admin/schoolyear/"


class RuleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.city_rule = HoursRule.objects.create(region=w["city"], school_year=w["year"])
        cls.rule_b = HoursRule.objects.create(
            region=w["district_b"].region, school_year=w["year"], min_sessions=6
        )

    def rule_form(self, region, **fields):
        return {
            "region": region.pk,
            "school_year": self.world["year"].pk,
            "min_sessions": 5,
            "min_class_hours": "10",
            "min_guidance_per_semester": 2,
            "minutes_per_class_hour": 40,
        } | fields

    def test_district_bureau_sets_its_districts_rule(self):
        self.client.force_login(self.world["bureau_a"])
        district = self.world["district_a"].region
        response = self.client.post(f"{RULES}new/", self.rule_form(district))
        self.assertEqual(response.status_code, 302, response.content[-2000:])
        rule = HoursRule.objects.get(region=district)
        self.assertEqual((rule.min_sessions, rule.minutes_per_class_hour), (5, 40))

    def test_district_bureau_cannot_set_another_regions_rule(self):
        self.client.force_login(self.world["bureau_a"])
        response = self.client.post(f"{RULES}new/", self.rule_form(self.world["city"]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "选择一个有效的选项")
        self.assertFalse(HoursRule.objects.filter(min_class_hours=10).exists())

    def test_lists_and_edits_stay_in_scope(self):
        self.client.force_login(self.world["bureau_a"])
        listing = self.client.get(RULES).content.decode()
        self.assertNotIn("b区", listing)
        self.assertEqual(self.client.get(f"{RULES}edit/{self.rule_b.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"{RULES}edit/{self.city_rule.pk}/").status_code, 404)
        self.client.force_login(self.world["bureau_city"])
        self.assertEqual(self.client.get(f"{RULES}edit/{self.rule_b.pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"{YEARS}edit/{self.world['year'].pk}/").status_code, 200)

    def test_school_staff_cannot_edit_rules(self):
        self.client.force_login(self.world["school_admin_a"])
        self.assertNotEqual(self.client.get(RULES).status_code, 200)
        self.assertNotEqual(self.client.get(f"{RULES}edit/{self.rule_b.pk}/").status_code, 200)

    def test_staff_reach_the_reports_from_the_admin_menu(self):
        self.client.force_login(self.world["teacher_a"])
        self.assertContains(self.client.get("/admin/"), "/zh-hans/attendance/reports/")
