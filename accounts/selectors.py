"""Reads of the parents' side, and the staff's scoped views of it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from attendance.models import LedgerEntry
from courses import selectors as course_selectors
from courses.models import ActivityPage, CoursePage, LessonPage
from families.models import Child, Family, Guardian
from families.selectors import families_in_scope
from schools.models import Role, School, SchoolClass, SchoolPage
from schools.selectors import schools_in_scope

from .models import (
    ConsentRecord,
    ConsentVersion,
    DisplayPreference,
    InviteCode,
    SatisfactionResponse,
)

STAFF_CODE_ROLES = (Role.TEACHER, Role.SCHOOL_ADMIN)


def current_consent_version() -> ConsentVersion | None:
    return ConsentVersion.objects.order_by("-version").first()


def consent_is_current(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user's latest decision consents to the newest wording."""
    if not user.is_authenticated:
        return False
    latest = ConsentRecord.objects.filter(user=user).select_related("version").first()
    current = current_consent_version()
    return (
        latest is not None
        and current is not None
        and latest.action == ConsentRecord.Action.GRANT
        and latest.version_id == current.pk
    )


def consent_history(*, user: AbstractBaseUser) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).select_related("version")


def is_parent(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and Guardian.objects.filter(user=user).exists()


def large_text_enabled(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return DisplayPreference.objects.filter(user=user, large_text=True).exists()


def children_of(*, family: Family) -> list[Child]:
    return list(family.children.select_related("school_class__school"))


def recommended_courses(*, children: Iterable[Child], limit: int = 6) -> list[CoursePage]:
    """Published courses for the grades of the family's children, premium first."""
    grades = {c.school_class.grade for c in children if c.school_class_id}
    if not grades:
        return []
    ids = (
        course_selectors.live_courses()
        .filter(grades__code__in=grades)
        .order_by("-is_premium", "-first_published_at", "-pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )
    order = ("-is_premium", "-first_published_at", "-pk")
    return course_selectors.course_cards(
        CoursePage.objects.filter(pk__in=list(ids)).order_by(*order)
    )


def broadcasts_for(*, children: Iterable[Child]) -> list:
    """Joint broadcasts (联合展播) running now for the children's schools, each once."""
    from selection.selectors import live_broadcasts

    now = timezone.now()
    schools = {c.school_class.school for c in children if c.school_class_id}
    found = {}
    for school in sorted(schools, key=lambda s: s.pk):
        for broadcast in live_broadcasts(now=now, school=school):
            found.setdefault(broadcast.pk, broadcast)
    return list(found.values())


def upcoming_activities_for(*, children: Iterable[Child], limit: int = 10) -> list[ActivityPage]:
    """Offline activities still to come at the children's schools, for the whole school or
    aimed at one of the children's classes."""
    classes = [c.school_class for c in children if c.school_class_id]
    if not classes:
        return []
    school_ids = {c.school_id for c in classes}
    activities = (
        ActivityPage.objects.live()
        .public()
        .filter(ends_at__gte=timezone.now())
        .filter(Q(target_classes=None) | Q(target_classes__in=classes))
    )
    holders = list(SchoolPage.objects.filter(school_id__in=school_ids))
    return list(
        course_selectors.children_of_any(activities, holders)
        .distinct()
        .order_by("starts_at")[:limit]
    )


def invite_schools(*, user: AbstractBaseUser) -> QuerySet[School]:
    """Schools whose invite codes the user may issue and see."""
    return schools_in_scope(user=user, roles=STAFF_CODE_ROLES)


def invite_classes(*, user: AbstractBaseUser) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(school__in=invite_schools(user=user)).select_related("school")


def invite_codes_in_scope(*, user: AbstractBaseUser) -> QuerySet[InviteCode]:
    return InviteCode.objects.filter(school__in=invite_schools(user=user)).select_related(
        "school", "school_class"
    )


def resettable_guardians(*, user: AbstractBaseUser) -> QuerySet[Guardian]:
    """Parents with an account whose family has a child at a school the user administers."""
    schools = schools_in_scope(user=user, roles=[Role.SCHOOL_ADMIN])
    families = families_in_scope(user=user).filter(children__school_class__school__in=schools)
    return (
        Guardian.objects.filter(family__in=families, user__isnull=False)
        .select_related("user", "family")
        .order_by("name", "pk")
    )


@dataclass
class SchoolSatisfaction:
    school: School
    responses: int
    average: float | None
    distribution: dict[int, int]


def satisfaction_by_school(*, schools: Iterable[School]) -> list[SchoolSatisfaction]:
    """Course satisfaction per school: a family's answer counts for every school its
    children attend (once per school, however many children it has there)."""
    schools = list(schools)
    rows = (
        SatisfactionResponse.objects.filter(family__children__school_class__school__in=schools)
        .values_list("pk", "family__children__school_class__school_id", "score")
        .distinct()
    )
    scores: dict[int, list[int]] = defaultdict(list)
    for _pk, school_id, score in rows:
        scores[school_id].append(score)
    result = []
    for school in schools:
        values = scores.get(school.pk, [])
        result.append(
            SchoolSatisfaction(
                school=school,
                responses=len(values),
                average=round(sum(values) / len(values), 2) if values else None,
                distribution={n: values.count(n) for n in range(5, 0, -1)},
            )
        )
    return result


def satisfaction_schools(*, user: AbstractBaseUser) -> QuerySet[School]:
    return schools_in_scope(user=user, roles=[Role.SCHOOL_ADMIN])


def course_credited(*, family: Family, course: CoursePage) -> bool:
    """Whether the ledger credits the family with at least one lesson of `course`: the
    satisfaction survey is for families who took the course, not for anyone who opens
    its last page."""
    lessons = LessonPage.objects.descendant_of(course).values("pk")
    return LedgerEntry.objects.filter(family=family, lesson__in=lessons).exists()
