"""A district may keep its own school year and semesters; they override the city's for
its schools, as a district's hours rule overrides the city's."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from attendance import reporting, selectors, services
from attendance.models import HoursRule, LedgerEntry, SchoolYear, Semester

from .world import build_world

YEARS = "/admin/schoolyear/"
REPORTS = "/zh-hans/attendance/reports/"


def district_year(district, name="a区学年") -> SchoolYear:
    today = timezone.localdate()
    return SchoolYear.objects.create(
        region=district,
        name=name,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )


class DistrictCalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.district_a = w["district_a"].region
        cls.district_b = w["district_b"].region

    def test_a_districts_own_year_overrides_the_citys_for_its_schools_only(self):
        own = district_year(self.district_a)
        self.assertEqual(selectors.school_year_on(region=self.district_a), own)
        self.assertEqual(selectors.school_year_on(region=self.district_b), self.world["year"])
        self.assertEqual(selectors.school_year_on(region=self.world["city"]), self.world["year"])
        year, _semester = services.calendar_for(family=self.world["family_a"])
        self.assertEqual(year, own)

    def test_outside_the_districts_year_the_citys_applies(self):
        own = district_year(self.district_a)
        before = own.starts_on - datetime.timedelta(days=10)
        self.assertEqual(
            selectors.school_year_on(region=self.district_a, day=before), self.world["year"]
        )

    def test_a_district_rule_may_use_its_own_year_but_not_another_districts(self):
        own = district_year(self.district_a)
        HoursRule(region=self.district_a, school_year=own).full_clean()
        with self.assertRaisesMessage(ValidationError, "请选择本区域或其所属城市的学年"):
            HoursRule(region=self.district_b, school_year=own).full_clean()
        rule = selectors.rule_for(region=self.district_a, school_year=own)
        self.assertEqual(rule.min_sessions, 4)

    def test_district_dashboard_defaults_to_the_districts_year_and_offers_the_citys(self):
        district_year(self.district_a)
        self.client.force_login(self.world["bureau_a"])
        html = self.client.get(f"{REPORTS}region/{self.district_a.pk}/").content.decode()
        self.assertIn('<p class="meta">a区学年</p>', html)
        self.assertIn("本学年", html)  # the city's year stays in the picker
        self.client.force_login(self.world["bureau_b"])
        html = self.client.get(f"{REPORTS}region/{self.district_b.pk}/").content.decode()
        self.assertNotIn("a区学年", html)

    def test_city_dashboard_reads_a_districts_hours_in_its_own_year(self):
        own = district_year(self.district_a)
        first = Semester.objects.create(
            school_year=own, name="a区上学期", starts_on=own.starts_on, ends_on=own.ends_on
        )
        for i in range(4):  # recorded in district a's own year, as its calendar says
            services.ledger_append(
                family=self.world["family_a"],
                school_year=own,
                semester=first,
                source=LedgerEntry.Source.ADJUSTMENT,
                key=f"own-{i}",
                created_by=None,
                class_hours=Decimal("2"),
                sessions=1,
                guidance=1 if i < 2 else 0,
                reason="测试",
            )
        ids = [self.district_a.pk, self.district_b.pk]
        rows, header = reporting.dashboard(
            school_year=self.world["year"], group_by="district", filter_by="region", ids=ids
        )
        a = next(row for row in rows if row.group_id == self.district_a.pk)
        self.assertEqual((a.covered, a.hours_total, a.compliant), (1, 8, 1))
        self.assertEqual((header.covered, header.compliant), (1, 1))
        self.client.force_login(self.world["bureau_city"])
        html = self.client.get(f"{REPORTS}region/{self.world['city'].pk}/").content.decode()
        self.assertIn('a区</a></td><td class="num">2</td><td class="num">50%</td>', html)

    def test_city_export_reads_a_districts_hours_in_its_own_year(self):
        import os

        from openpyxl import load_workbook

        from attendance import excel

        self.test_city_dashboard_reads_a_districts_hours_in_its_own_year()
        path = excel.write_export(
            families=excel.families_of(level="region", target_id=self.world["city"].pk),
            school_year=self.world["year"],
            on_progress=lambda done, total: None,
        )
        self.addCleanup(os.unlink, path)
        rows = list(load_workbook(path).active.iter_rows(values_only=True))
        codes = {row[0]: row for row in rows[1:]}
        family_a = codes[self.world["family_a"].code]
        # Read in district a's own year: 4 sessions, 8 hours, 2 guidance activities in its
        # first semester (the only guidance column: the city's second has not begun).
        self.assertEqual(family_a[4:], (4, 8, 2, "是"))

    def test_district_bureau_adds_its_own_year_in_the_admin_not_the_citys(self):
        self.client.force_login(self.world["bureau_a"])
        response = self.client.post(f"{YEARS}new/", self.year_form(self.district_a))
        self.assertEqual(response.status_code, 302, response.content[-3000:])
        own = SchoolYear.objects.get(region=self.district_a)
        self.assertEqual(own.semesters.get().name, "上学期")
        response = self.client.post(f"{YEARS}new/", self.year_form(self.world["city"], "市学年"))
        self.assertContains(response, "选择一个有效的选项")
        response = self.client.post(f"{YEARS}new/", self.year_form(self.district_b, "b区学年"))
        self.assertContains(response, "选择一个有效的选项")
        self.assertFalse(SchoolYear.objects.filter(name__in=["市学年", "b区学年"]).exists())
        listing = self.client.get(YEARS).content.decode()
        self.assertIn("a区学年", listing)

    def year_form(self, region, name="a区学年") -> dict:
        start = timezone.localdate().replace(month=9, day=1) + datetime.timedelta(days=800)
        return {
            "region": region.pk,
            "name": name,
            "starts_on": start.isoformat(),
            "ends_on": (start + datetime.timedelta(days=300)).isoformat(),
            "semesters-TOTAL_FORMS": "1",
            "semesters-INITIAL_FORMS": "0",
            "semesters-MIN_NUM_FORMS": "1",
            "semesters-MAX_NUM_FORMS": "3",
            "semesters-0-name": "上学期",
            "semesters-0-starts_on": start.isoformat(),
            "semesters-0-ends_on": (start + datetime.timedelta(days=140)).isoformat(),
            "semesters-0-id": "",
            "semesters-0-DELETE": "",
        }
