"""Reads of the hours ledger: calendars, rules, a family's totals and resume positions."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from families.models import Family
from schools.models import Region, School

from .models import (
    DEFAULT_CLASS_HOURS,
    DEFAULT_GUIDANCE_PER_SEMESTER,
    DEFAULT_MINUTES_PER_CLASS_HOUR,
    DEFAULT_SESSIONS,
    MAX_SEMESTERS,
    HoursRule,
    LedgerEntry,
    PlaybackSession,
    SchoolYear,
    Semester,
)
from .playback_store import store


@dataclass(frozen=True)
class Rule:
    min_sessions: int = DEFAULT_SESSIONS
    min_class_hours: Decimal = DEFAULT_CLASS_HOURS
    min_guidance_per_semester: int = DEFAULT_GUIDANCE_PER_SEMESTER
    minutes_per_class_hour: int = DEFAULT_MINUTES_PER_CLASS_HOUR


@dataclass
class FamilyProgress:
    rule: Rule
    school_year: SchoolYear
    sessions: int = 0
    class_hours: Decimal = Decimal("0")
    guidance_by_semester: dict[Semester, int] = field(default_factory=dict)

    @classmethod
    def from_total(
        cls, total, *, rule: Rule, school_year: SchoolYear | None, semesters: list[Semester]
    ) -> "FamilyProgress":
        """Progress read from a family's running totals (`FamilyYearTotal`, or None when
        nothing is recorded yet); guidance for the `semesters` that have begun."""
        return cls(
            rule=rule,
            school_year=school_year,
            sessions=total.sessions if total else 0,
            class_hours=total.class_hours if total else Decimal("0"),
            guidance_by_semester={
                s: getattr(total, f"guidance_{i + 1}") if total else 0
                for i, s in enumerate(semesters)
            },
        )

    @property
    def sessions_percent(self) -> int:
        return _percent(self.sessions, self.rule.min_sessions)

    @property
    def hours_percent(self) -> int:
        return _percent(self.class_hours, self.rule.min_class_hours)

    @property
    def sessions_missing(self) -> int:
        return max(0, self.rule.min_sessions - self.sessions)

    @property
    def hours_missing(self) -> Decimal:
        return max(Decimal("0"), self.rule.min_class_hours - self.class_hours)

    @property
    def guidance_missing(self) -> dict[Semester, int]:
        return {
            semester: self.rule.min_guidance_per_semester - count
            for semester, count in self.guidance_by_semester.items()
            if count < self.rule.min_guidance_per_semester
        }

    @property
    def compliant(self) -> bool:
        return not (self.sessions_missing or self.hours_missing or self.guidance_missing)


def _percent(value, target) -> int:
    return 100 if not target else min(100, int(100 * value / target))


def city_of(region: Region) -> Region:
    return region if region.kind == Region.Kind.CITY else region.parent


def school_years_for(region: Region):
    """The school years that apply to `region`: its own (a district's) and its city's."""
    return SchoolYear.objects.filter(region_id__in={region.pk, city_of(region).pk})


def school_year_on(*, region: Region, day: datetime.date | None = None) -> SchoolYear | None:
    """The school year containing `day` (today by default): the district's own if it has
    one then, else its city's, the same way a district's hours rule overrides the city's."""
    day = day or timezone.localdate()
    years = school_years_for(region).filter(starts_on__lte=day, ends_on__gte=day)
    own = years.filter(region=region).order_by("-starts_on").first()
    return own or years.filter(region=city_of(region)).order_by("-starts_on").first()


def year_during(*, region: Region, school_year: SchoolYear) -> SchoolYear:
    """The school year that applies to `region` during `school_year` (a city's, say): the
    district's own year containing the middle of it, else `school_year` itself. A city
    dashboard reads each district's families in the year their hours were recorded in."""
    if school_year.region_id == region.pk:
        return school_year
    middle = school_year.starts_on + (school_year.ends_on - school_year.starts_on) / 2
    own = (
        SchoolYear.objects.filter(region=region, starts_on__lte=middle, ends_on__gte=middle)
        .order_by("-starts_on")
        .first()
    )
    return own or school_year


@dataclass(frozen=True)
class Calendar:
    """What a district's families are judged by during a (city's) school year."""

    school_year: SchoolYear  # the year its hours are recorded in
    rule: Rule
    semesters: list[Semester]  # that year's begun semesters (guidance owed), at most three


def calendar_during(*, region: Region, school_year: SchoolYear) -> Calendar:
    """`year_during`, with that year's rule for `region` and its begun semesters."""
    year = year_during(region=region, school_year=school_year)
    return Calendar(
        school_year=year,
        rule=rule_for(region=region, school_year=year),
        semesters=list(started_semesters(school_year=year)[:MAX_SEMESTERS]),
    )


def semester_on(*, school_year: SchoolYear, day: datetime.date) -> Semester | None:
    return school_year.semesters.filter(starts_on__lte=day, ends_on__gte=day).first()


def started_semesters(*, school_year: SchoolYear, day: datetime.date | None = None):
    """Semesters that have begun: guidance is owed only for those."""
    day = day or timezone.localdate()
    return school_year.semesters.filter(starts_on__lte=day).order_by("starts_on")


def rule_for(*, region: Region, school_year: SchoolYear) -> Rule:
    """The district's rule, else its city's, else the defaults (4 sessions, 8 hours…)."""
    rules = {
        r.region_id: r
        for r in HoursRule.objects.filter(
            school_year=school_year, region_id__in=[region.pk, region.parent_id]
        )
    }
    found = rules.get(region.pk) or rules.get(region.parent_id)
    if found is None:
        return Rule()
    return Rule(
        min_sessions=found.min_sessions,
        min_class_hours=found.min_class_hours,
        min_guidance_per_semester=found.min_guidance_per_semester,
        minutes_per_class_hour=found.minutes_per_class_hour,
    )


def school_of_family(*, family: Family) -> School | None:
    """The school of the family's eldest enrolled child: its district's rule applies."""
    child = (
        family.children.filter(school_class__isnull=False)
        .select_related("school_class__school__region__parent")
        .order_by("birth_date", "pk")
        .first()
    )
    return child.school_class.school if child else None


def family_progress(*, family: Family, school_year: SchoolYear, region: Region) -> FamilyProgress:
    """The family's sessions, class hours and guidance per started semester this year."""
    entries = LedgerEntry.objects.filter(family=family, school_year=school_year)
    totals = entries.aggregate(
        sessions=Coalesce(Sum("sessions"), 0),
        class_hours=Coalesce(Sum("class_hours"), Decimal("0")),
    )
    semesters = list(started_semesters(school_year=school_year))
    guidance = dict(
        entries.filter(semester__in=semesters)
        .values_list("semester_id")
        .annotate(total=Sum("guidance"))
        .values_list("semester_id", "total")
    )
    return FamilyProgress(
        rule=rule_for(region=region, school_year=school_year),
        school_year=school_year,
        sessions=totals["sessions"],
        class_hours=totals["class_hours"],
        guidance_by_semester={s: guidance.get(s.pk, 0) for s in semesters},
    )


def family_entries(*, family: Family, school_year: SchoolYear):
    return (
        LedgerEntry.objects.filter(family=family, school_year=school_year)
        .select_related("lesson", "activity", "created_by")
        .order_by("-created_at")
    )


def resume_position(*, user: AbstractBaseUser, lesson) -> float | None:
    """Where `user` last was in `lesson` (seconds), for the player to resume; None if
    they never played it or finished it."""
    if not user.is_authenticated:
        return None
    latest = PlaybackSession.objects.filter(user=user, lesson=lesson).order_by("-last_beat_at")
    last = store().overlay(list(latest[:1]))
    if not last or last[0].position <= 0:
        return None
    position, duration = last[0].position, last[0].duration
    return None if position >= duration - 5 else position


def lessons_in_progress(*, user: AbstractBaseUser) -> list[PlaybackSession]:
    """Lessons the user started and has not yet covered enough to count, with the
    seconds played up to the last heartbeat."""
    sessions = (
        PlaybackSession.objects.filter(user=user, superseded=False, credited=False)
        .select_related("lesson")
        .order_by("-last_beat_at")[:5]
    )
    return [s for s in store().overlay(list(sessions)) if not s.credited]


def current_progress(*, family: Family) -> FamilyProgress | None:
    """The family's progress this school year under its school's rule, or None when its
    children are in no class or no school year covers today."""
    school = school_of_family(family=family)
    year = school_year_on(region=school.region) if school else None
    if year is None:
        return None
    return family_progress(family=family, school_year=year, region=school.region)


def lessons_completed(*, family: Family, school_year: SchoolYear, limit: int = 5):
    """Online lessons this year that already counted for the family, latest first."""
    return (
        LedgerEntry.objects.filter(
            family=family,
            school_year=school_year,
            source=LedgerEntry.Source.ONLINE_LESSON,
            lesson__isnull=False,
        )
        .select_related("lesson")
        .order_by("-created_at")[:limit]
    )
