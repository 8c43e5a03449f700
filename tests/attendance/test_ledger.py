"""The ledger itself: append-only, idempotent, totals equal to the sum, rules resolved
district before city before the defaults."""

from decimal import Decimal

from django.test import TestCase

from attendance import selectors, services
from attendance.models import AppendOnlyError, FamilyYearTotal, HoursRule, LedgerEntry

from .world import build_world


class LedgerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.family = cls.world["family_a"]
        cls.year = cls.world["year"]

    def append(self, key, **fields):
        return services.ledger_append(
            family=self.family,
            school_year=self.year,
            source=LedgerEntry.Source.ADJUSTMENT,
            key=key,
            created_by=self.world["school_admin_a"],
            **fields,
        )

    def test_same_key_never_credits_twice(self):
        first, created = self.append("k1", class_hours=Decimal("2"), sessions=1)
        again, created_again = self.append("k1", class_hours=Decimal("2"), sessions=1)
        self.assertEqual((created, created_again, first.pk), (True, False, again.pk))
        total = FamilyYearTotal.objects.get(family=self.family)
        self.assertEqual((total.sessions, total.class_hours), (1, Decimal("2")))

    def test_entries_cannot_be_changed_or_deleted(self):
        entry, _ = self.append("k2", sessions=1)
        entry.sessions = 5
        with self.assertRaises(AppendOnlyError):
            entry.save()
        with self.assertRaises(AppendOnlyError):
            entry.delete()
        self.assertEqual(LedgerEntry.objects.get().sessions, 1)

    def test_totals_equal_the_ledger_after_a_rebuild(self):
        semester = self.year.semesters.order_by("starts_on").first()
        self.append("a", class_hours=Decimal("1.5"), sessions=1, guidance=1, semester=semester)
        self.append("b", class_hours=Decimal("-0.5"), sessions=-1)
        before = FamilyYearTotal.objects.values().get(family=self.family)
        self.assertEqual(services.totals_rebuild(school_year=self.year), 1)
        after = FamilyYearTotal.objects.values().get(family=self.family)
        before.pop("id"), after.pop("id")
        self.assertEqual(after, before)
        self.assertEqual((after["class_hours"], after["guidance_1"]), (Decimal("1"), 1))

    def test_rules_district_over_city_over_defaults(self):
        district = self.world["district_a"].region
        self.assertEqual(selectors.rule_for(region=district, school_year=self.year).min_sessions, 4)
        HoursRule.objects.create(region=self.world["city"], school_year=self.year, min_sessions=5)
        self.assertEqual(selectors.rule_for(region=district, school_year=self.year).min_sessions, 5)
        HoursRule.objects.create(region=district, school_year=self.year, min_sessions=6)
        self.assertEqual(selectors.rule_for(region=district, school_year=self.year).min_sessions, 6)
        other = self.world["district_b"].region
        self.assertEqual(selectors.rule_for(region=other, school_year=self.year).min_sessions, 5)

    def test_defaults_are_four_sessions_eight_hours_two_guidance_45_minutes(self):
        rule = selectors.Rule()
        self.assertEqual(
            (rule.min_sessions, rule.min_class_hours, rule.min_guidance_per_semester),
            (4, Decimal("8"), 2),
        )
        self.assertEqual(rule.minutes_per_class_hour, 45)
