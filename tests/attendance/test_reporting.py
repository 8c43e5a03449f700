"""The dashboards' one-statement report (`reporting.dashboard`) gives the numbers of the
two queries it replaced (`summarize` for the rows, `region_total` for the header)."""

from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from attendance import reporting
from attendance.models import HoursRule
from tests.factories import ChildFactory, SchoolClassFactory

from .credit import credit, make_compliant
from .world import add_parent, build_world


class OneStatementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = w = build_world()
        cls.district_a, cls.district_b = w["district_a"].region, w["district_b"].region
        # District a asks for more sessions than the default, district b for fewer.
        HoursRule.objects.create(region=cls.district_a, school_year=w["year"], min_sessions=5)
        HoursRule.objects.create(
            region=cls.district_b,
            school_year=w["year"],
            min_sessions=3,
            min_class_hours=5,
            min_guidance_per_semester=1,
        )
        make_compliant(w, w["family_a"])  # 4 sessions, 8 hours, 2 guidance
        ChildFactory(family=w["family_a"], school_class=w["class_b"])  # in both districts
        credit(w, w["family_a2"], "a2", hours="1")
        ChildFactory(family=w["family_a2"], school_class=w["class_a"])  # two classes of a
        for i in range(3):
            credit(w, w["family_b"], f"b{i}", hours="2", guidance=1 if i == 0 else 0)
        _user, cls.family_b2 = add_parent("parent_b2", w["other_class_b"])  # no credit

    def both_ways(self, *, group_by: str, filter_by: str, ids: list[int]):
        options = {
            "school_year": self.w["year"],
            "group_by": group_by,
            "filter_by": filter_by,
            "ids": ids,
        }
        rows, header = reporting.dashboard(**options)
        old_rows = reporting.summarize(**options)
        del options["group_by"]
        old_header = reporting.region_total(**options)
        by_group = lambda summaries: sorted(summaries, key=lambda s: s.group_id)  # noqa: E731
        self.assertEqual(by_group(rows), by_group(old_rows))
        self.assertEqual(header, old_header)
        return {r.group_id: r for r in rows}, header

    def test_city_rows_judge_each_district_by_its_rule_and_the_header_counts_once(self):
        self.assertLess(self.district_a.pk, self.district_b.pk)
        ids = [self.district_a.pk, self.district_b.pk]
        rows, header = self.both_ways(group_by="district", filter_by="region", ids=ids)
        a, b = rows[self.district_a.pk], rows[self.district_b.pk]
        self.assertEqual((a.families, a.covered, a.compliant), (2, 2, 0))
        self.assertEqual((b.families, b.covered, b.compliant), (3, 2, 2))
        # family_a once, judged by district a's rule (the lower-numbered): not compliant.
        self.assertEqual((header.families, header.covered, header.compliant), (4, 3, 1))
        self.assertEqual(header.average_hours, Decimal("3.75"))  # (8 + 1 + 6) / 4

    def test_district_rows_by_school(self):
        rows, header = self.both_ways(
            group_by="school", filter_by="region", ids=[self.district_b.pk]
        )
        school_b = rows[self.w["school_b"].pk]
        self.assertEqual((school_b.families, school_b.compliant), (3, 2))
        self.assertEqual((header.families, header.compliant), (3, 2))

    def test_school_rows_by_class_count_a_family_in_two_classes_in_each(self):
        rows, header = self.both_ways(
            group_by="class", filter_by="school", ids=[self.w["school_a"].pk]
        )
        self.assertEqual(rows[self.w["class_a"].pk].families, 2)  # family_a and family_a2
        self.assertEqual(rows[self.w["other_class_a"].pk].families, 1)
        self.assertEqual((header.families, header.covered), (2, 2))

    def test_a_selection_without_families_has_no_header(self):
        empty = SchoolClassFactory(school=self.w["school_b"])
        rows, header = self.both_ways(group_by="class", filter_by="class", ids=[empty.pk])
        self.assertEqual((rows, header), ({}, None))

    def test_the_district_page_reads_the_totals_once(self):
        self.client.force_login(self.w["bureau_city"])
        url = f"/zh-hans/attendance/reports/region/{self.w['city'].pk}/"
        with CaptureQueriesContext(connection) as queries:
            html = self.client.get(url).content.decode()
        self.assertIn("4 个家庭", html)
        reads = [q for q in queries.captured_queries if "attendance_familyyeartotal" in q["sql"]]
        self.assertEqual(len(reads), 1)

    def test_a_child_moving_to_another_school_moves_the_family_on_the_next_load(self):
        ids = [self.district_b.pk]
        rows, _header = self.both_ways(group_by="school", filter_by="region", ids=ids)
        self.assertEqual(rows[self.w["school_b"].pk].families, 3)
        moved = self.w["family_b"].children.get()
        moved.school_class = self.w["other_class_a"]
        moved.save()
        rows, header = self.both_ways(group_by="school", filter_by="region", ids=ids)
        self.assertEqual(rows[self.w["school_b"].pk].families, 2)
        self.assertEqual(header.families, 2)
        rows, _header = self.both_ways(
            group_by="class", filter_by="school", ids=[self.w["school_a"].pk]
        )
        self.assertEqual(rows[self.w["other_class_a"].pk].families, 2)

    def test_a_filter_wider_than_its_groups_is_refused(self):
        with self.assertRaises(ValueError):
            reporting.dashboard(
                school_year=self.w["year"], group_by="district", filter_by="school", ids=[1]
            )

    def test_total_hours_are_exact_decimals_on_every_database(self):
        ids = [self.district_a.pk, self.district_b.pk]
        rows, header = self.both_ways(group_by="district", filter_by="region", ids=ids)
        self.assertEqual(header.hours_total, Decimal("15.00"))
        self.assertEqual(str(rows[self.district_b.pk].hours_total), "14.00")
