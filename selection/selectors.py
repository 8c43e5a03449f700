"""Reads for the selection: who organises, reviews or nominates in which round, what each
of them may see, and which broadcasts are running."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from courses.models import CoursePage
from schools.models import Membership, Region, Role, School, SchoolPage
from schools.selectors import regions_in_scope

from . import scoring
from .models import (
    Broadcast,
    BroadcastItem,
    Nomination,
    Result,
    ReviewerAssignment,
    Score,
    ScoreEvent,
    ScoreSheet,
    SelectionRound,
)

User = AbstractBaseUser | AnonymousUser


def rounds_organised_by(*, user: User) -> QuerySet[SelectionRound]:
    """Rounds whose organiser `user` is: an editor of the round's region or a region above."""
    if user.is_authenticated and user.is_superuser:
        return SelectionRound.objects.all()
    return SelectionRound.objects.filter(region__in=organiser_regions(user=user))


def organiser_regions(*, user: User) -> QuerySet[Region]:
    """Regions where `user` is an editor, with every region below them."""
    return regions_in_scope(user=user, roles=[Role.EDITOR])


def is_organiser(*, user: User, round: SelectionRound) -> bool:
    return rounds_organised_by(user=user).filter(pk=round.pk).exists()


def admin_schools(*, user: User) -> QuerySet[School]:
    """Schools `user` administers (学校管理员): the schools they may nominate for."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        membership__user=user, membership__role=Role.SCHOOL_ADMIN
    ).distinct()


def round_school_ids(*, round: SelectionRound) -> set[int]:
    return set(
        School.objects.filter(region_id__in=round.region.self_and_descendant_ids()).values_list(
            "pk", flat=True
        )
    )


def rounds_for_user(*, user: User) -> QuerySet[SelectionRound]:
    """Every round `user` takes part in: as organiser, reviewer, or admin of a school in
    the round's region."""
    if not user.is_authenticated:
        return SelectionRound.objects.none()
    school_regions: set[int] = set()
    for school in admin_schools(user=user).select_related("region"):
        school_regions.update({school.region_id, school.region.parent_id})
    return SelectionRound.objects.filter(
        Q(pk__in=rounds_organised_by(user=user).values("pk"))
        | Q(reviewers__reviewer=user)
        | Q(region_id__in=school_regions)
    ).distinct()


def nominating_schools(*, user: User, round: SelectionRound) -> QuerySet[School]:
    """Schools of the round's region that `user` administers."""
    return admin_schools(user=user).filter(pk__in=round_school_ids(round=round))


def nominations_for_school_admin(*, user: User, round: SelectionRound) -> QuerySet[Nomination]:
    return round.nominations.filter(school__in=nominating_schools(user=user, round=round))


def nominable_courses(*, school: School) -> QuerySet[CoursePage]:
    """Live courses of the school's own curricula."""
    page = SchoolPage.objects.filter(school=school).first()
    if page is None:
        return CoursePage.objects.none()
    return CoursePage.objects.live().descendant_of(page).order_by("path")


def assignment_of(*, user: User, round: SelectionRound) -> ReviewerAssignment | None:
    if not user.is_authenticated:
        return None
    return round.reviewers.filter(reviewer=user).first()


def conflicted_school_ids(*, assignment: ReviewerAssignment) -> set[int]:
    """Schools whose courses this reviewer must not score: the declared affiliation and
    any school where the reviewer also holds a staff role."""
    ids = set(
        Membership.objects.filter(user_id=assignment.reviewer_id, school__isnull=False).values_list(
            "school_id", flat=True
        )
    )
    if assignment.affiliated_school_id:
        ids.add(assignment.affiliated_school_id)
    return ids


def nominations_to_review(*, assignment: ReviewerAssignment) -> QuerySet[Nomination]:
    return assignment.round.nominations.exclude(
        school_id__in=conflicted_school_ids(assignment=assignment)
    ).select_related("revision", "school")


def sheets_of(*, assignment: ReviewerAssignment) -> dict[int, ScoreSheet]:
    """The reviewer's sheets by nomination id, scores loaded."""
    sheets = assignment.sheets.prefetch_related("scores")
    return {sheet.nomination_id: sheet for sheet in sheets}


def all_sheets(*, round: SelectionRound) -> QuerySet[ScoreSheet]:
    """Every sheet of the round: for the organiser only."""
    return (
        ScoreSheet.objects.filter(nomination__round=round)
        .select_related("assignment__reviewer", "nomination__school", "nomination__revision")
        .prefetch_related("scores")
        .order_by("nomination_id", "assignment_id")
    )


def results_of(*, round: SelectionRound) -> QuerySet[Result]:
    return round.results.select_related(
        "nomination__school",
        "nomination__course",
        "nomination__revision",
        "rule_award",
        "decided_award",
    )


def live_broadcasts(
    *,
    now: datetime.datetime,
    region: Region | None = None,
    school: School | None = None,
) -> list[Broadcast]:
    """Broadcasts running at `now` for a school (its district and city) or a region (it and
    the regions above it), each with its live courses as `courses`."""
    if school is not None:
        region = school.region
    if region is None:
        return []
    above = [region.pk] + ([region.parent_id] if region.parent_id else [])
    broadcasts = list(
        Broadcast.objects.filter(region_id__in=above, starts_at__lte=now, ends_at__gt=now)
    )
    items = (
        BroadcastItem.objects.filter(broadcast__in=broadcasts)
        .order_by("broadcast_id", "sort_order", "pk")
        .values_list("broadcast_id", "course_id")
    )
    from courses import selectors as course_selectors

    courses = {
        c.pk: c
        for c in course_selectors.course_cards(
            course_selectors.live_courses().filter(pk__in={c for _, c in items})
        )
    }
    for broadcast in broadcasts:
        broadcast.courses = [courses[c] for b, c in items if b == broadcast.pk and c in courses]
    return [b for b in broadcasts if b.courses]


def criteria_of(*, round: SelectionRound) -> list[scoring.Criterion]:
    return [
        scoring.Criterion(item.pk, item.weight, item.max_score) for item in round.rubric_items.all()
    ]


def levels_of(*, round: SelectionRound) -> list[scoring.Level]:
    return [
        scoring.Level(level.pk, level.rule, level.top_n, level.min_score)
        for level in round.award_levels.all()
    ]


def submitted_sheets(*, round: SelectionRound) -> dict[tuple[int, int], dict[int, Decimal]]:
    """The stored scores of every submitted sheet, keyed (nomination, reviewer)."""
    sheets: dict[tuple[int, int], dict[int, Decimal]] = {}
    rows = Score.objects.filter(
        sheet__nomination__round=round, sheet__status=ScoreSheet.Status.SUBMITTED
    ).values_list("sheet__nomination_id", "sheet__assignment__reviewer_id", "item_id", "value")
    for nomination, reviewer, item, value in rows:
        sheets.setdefault((nomination, reviewer), {})[item] = value
    return sheets


def outcomes_from_scores(*, round: SelectionRound) -> dict[int, scoring.Outcome]:
    return scoring.outcomes(
        sheets=submitted_sheets(round=round),
        nominations=round.nominations.values_list("pk", flat=True),
        criteria=criteria_of(round=round),
        levels=levels_of(round=round),
        trimmed=round.trimmed_mean,
    )


def outcomes_from_log(*, round: SelectionRound) -> dict[int, scoring.Outcome]:
    """The results recomputed from the audit log alone (ScoreEvent rows)."""
    criteria = criteria_of(round=round)
    events = (
        scoring.Event(*row)
        for row in ScoreEvent.objects.filter(round=round)
        .order_by("pk")
        .values_list("nomination_id", "reviewer_id", "item_id", "value", "submitted")
    )
    return scoring.outcomes(
        sheets=scoring.submitted_sheets_from_events(events, criteria=criteria),
        nominations=round.nominations.values_list("pk", flat=True),
        criteria=criteria,
        levels=levels_of(round=round),
        trimmed=round.trimmed_mean,
    )


def stored_outcomes(*, round: SelectionRound) -> dict[int, scoring.Outcome]:
    return {
        r.nomination_id: scoring.Outcome(r.score, r.reviewer_count, r.rank, r.tied, r.rule_award_id)
        for r in round.results.all()
    }


def results_match_log(*, round: SelectionRound) -> bool:
    """Whether the stored results are exactly what the audit log gives."""
    return stored_outcomes(round=round) == outcomes_from_log(round=round)
