"""Demo hours ledger: the 2026–2027 school year of 云溪市 with its semesters and rules (青山县
asks ten class hours), a plausible spread of credits for the demo families (some have met
the rule, most are on their way, a few have nothing yet), and a guidance activity at the
育英小学 happening around the time the demo is loaded, so its QR check-in can be tried.

Idempotent: the calendar and rules are keyed by region and name, every ledger entry by the
same idempotency key the product uses, so a second run adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from attendance import services
from attendance.models import HoursRule, LedgerEntry, SchoolYear, Semester
from courses.models import ActivityPage, LessonPage
from families.models import Family
from schools.models import Region, SchoolPage

from .content import _child

SEED = 20261127
# Share of families per profile: (lessons watched, activities attended, home visits). The
# first profile meets the rule in both districts (青山县 asks ten class hours; two guidance
# activities in the first semester: the head teacher's two home visits).
PROFILES = [(12, 2, 2), (5, 2, 0), (3, 1, 0), (1, 0, 0), (0, 0, 0)]
WEIGHTS = [3, 3, 3, 2, 1]


def build(*, city: Region) -> None:
    """Calendar, rules, demo credits and a live guidance activity (see the module doc)."""
    year = _calendar(city)
    _rules(city, year)
    _guidance_today()
    _credits(year)


def _calendar(city: Region) -> SchoolYear:
    """The school year around today (2026–2027 when the demo was written): from 1
    September to 31 August, so a demo loaded in the summer still has a current year."""
    today = timezone.localdate()
    first = today.year if today.month >= 9 else today.year - 1
    year, _ = SchoolYear.objects.get_or_create(
        region=city,
        name=f"{first}–{first + 1}学年",
        defaults={
            "starts_on": datetime.date(first, 9, 1),
            "ends_on": datetime.date(first + 1, 8, 31),
        },
    )
    semesters = [
        ("第一学期", datetime.date(first, 9, 1), datetime.date(first + 1, 2, 14)),
        ("第二学期", datetime.date(first + 1, 2, 15), datetime.date(first + 1, 8, 31)),
    ]
    for name, starts, ends in semesters:
        Semester.objects.get_or_create(
            school_year=year, name=name, defaults={"starts_on": starts, "ends_on": ends}
        )
    return year


def _rules(city: Region, year: SchoolYear) -> None:
    HoursRule.objects.get_or_create(region=city, school_year=year)
    qingshan = Region.objects.filter(name="青山县").first()
    if qingshan is not None:
        HoursRule.objects.get_or_create(
            region=qingshan, school_year=year, defaults={"min_class_hours": Decimal("10")}
        )


def _guidance_today() -> None:
    school_page = SchoolPage.objects.filter(school__name="东湖区育英小学").first()
    if school_page is None:
        return
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    _child(
        school_page,
        ActivityPage,
        "guidance-workshop",
        title="家庭教育指导活动：亲子沟通工作坊",
        kind=ActivityPage.Kind.GUIDANCE,
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=3),
        place="育英小学多功能厅",
        class_hours=Decimal("1.5"),
        description="<p>班主任现场展示签到二维码，家长用微信扫码签到。</p>",
    )


def _credits(year: SchoolYear) -> None:
    rng = random.Random(SEED)
    lessons = list(LessonPage.objects.live().public().order_by("path")[:40])
    past = list(
        ActivityPage.objects.live().filter(ends_at__lt=timezone.now()).order_by("starts_at")
    )
    for family in Family.objects.filter(code__startswith="YX").order_by("code"):
        watched, attended, visits = rng.choices(PROFILES, WEIGHTS)[0]
        picks = rng.sample(lessons, min(watched, len(lessons)))
        for lesson in picks:
            _lesson_credit(family, lesson, year)
        school = family.children.filter(school_class__isnull=False).first()
        school_id = school.school_class.school_id if school else None
        mine = [a for a in past if a.get_parent().specific.school.pk == school_id]
        try:
            for activity in mine[:attended]:
                _activity_credit(family, activity)
            for visit in range(visits if school is not None else 0):
                _home_visit(family, school.school_class, rng, visit=visit)
        except services.CreditRefused:
            continue  # an activity of the previous school year: nothing to credit


def _lesson_credit(family: Family, lesson: LessonPage, year: SchoolYear) -> None:
    guardian = family.guardians.order_by("pk").first()
    services.ledger_append(
        family=family,
        school_year=year,
        semester=year.semesters.filter(starts_on__lte=timezone.localdate()).last(),
        source=LedgerEntry.Source.ONLINE_LESSON,
        key=f"lesson:{family.pk}:{lesson.pk}:{year.pk}",
        created_by=guardian.user if guardian else None,
        class_hours=lesson.class_hours,
        minutes=lesson.duration_minutes,
        sessions=1,
        lesson=lesson,
        evidence={"demo": True, "covered_percent": 96},
    )


def _activity_credit(family: Family, activity: ActivityPage) -> None:
    services.activity_credit(
        family=family,
        activity=activity,
        source=LedgerEntry.Source.ROSTER,
        created_by=None,
        evidence={"method": "roster", "demo": True},
    )


def _home_visit(family: Family, school_class, rng: random.Random, *, visit: int) -> None:
    teacher = school_class.head_teacher
    # Within the first semester, which began on 1 September.
    days_ago = rng.randrange(3, 40) + 30 * visit
    visited_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    services.home_visit_record(
        family=family,
        visited_on=visited_on,
        minutes=rng.choice([45, 60, 90]),
        note=rng.choice(
            ["了解孩子在家的作息与阅读习惯", "与家长交流孩子的情绪管理", "指导家长安排寒假学习计划"]
        ),
        created_by=teacher,
        form_token=f"demo-{family.code}" + (f"-{visit + 1}" if visit else ""),
    )
