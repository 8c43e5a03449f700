"""Nominating, assigning reviewers and scoring."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from schools.models import Membership, Role, School

from .. import selectors
from ..exceptions import SelectionRefused
from ..models import (
    Nomination,
    Phase,
    ReviewerAssignment,
    Score,
    ScoreEvent,
    ScoreSheet,
    SelectionRound,
)
from .access import require_organiser


def _frozen_revision(*, course: CoursePage, user: AbstractBaseUser):
    # The live revision is what parents see now; a page never published through a
    # revision gets one made from its current live content.
    if course.live_revision_id:
        return course.live_revision
    return course.save_revision(user=user, clean=False, log_action=False)


@transaction.atomic
def nomination_create(
    *,
    round: SelectionRound,
    course: CoursePage,
    statement: str,
    user: AbstractBaseUser,
) -> Nomination:
    """Nominate one of the school's live courses, within the window and the quota; the
    course is frozen as a revision so later edits do not change what reviewers score."""
    if round.phase() != Phase.NOMINATING:
        raise SelectionRefused(_("Nominations for this round are closed."))
    school = _course_school(course=course, user=user, round=round)
    if not statement.strip():
        raise SelectionRefused(_("Please write a statement for the nomination."))
    # Lock the round row so two admins of one school cannot both take the last place.
    SelectionRound.objects.select_for_update().filter(pk=round.pk).first()
    if round.nominations.filter(course=course).exists():
        raise SelectionRefused(_("This course is already nominated."))
    if round.nominations.filter(school=school).count() >= round.quota_per_school:
        raise SelectionRefused(
            _("Your school has used its quota of %(quota)d nominations.")
            % {"quota": round.quota_per_school}
        )
    return Nomination.objects.create(
        round=round,
        course=course,
        revision=_frozen_revision(course=course, user=user),
        school=school,
        statement=statement.strip(),
        nominated_by=user,
    )


def _course_school(*, course: CoursePage, user: AbstractBaseUser, round: SelectionRound) -> School:
    for school in selectors.nominating_schools(user=user, round=round):
        if selectors.nominable_courses(school=school).filter(pk=course.pk).exists():
            return school
    raise SelectionRefused(_("You can only nominate published courses of your own school."))


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, user: AbstractBaseUser) -> None:
    """Take a nomination back while nominations are open."""
    round = nomination.round
    if (
        not selectors.nominations_for_school_admin(user=user, round=round)
        .filter(pk=nomination.pk)
        .exists()
    ):
        raise SelectionRefused(_("You can only withdraw your own school's nominations."))
    if round.phase() != Phase.NOMINATING:
        raise SelectionRefused(_("Nominations for this round are closed."))
    nomination.delete()


@transaction.atomic
def reviewer_assign(
    *,
    round: SelectionRound,
    reviewer: AbstractBaseUser,
    affiliated_school: School | None,
    user: AbstractBaseUser,
) -> ReviewerAssignment:
    """Add a reviewer (a user with the reviewer role in the round's region or above) to
    the round, with the school they work at if any: its courses are never theirs."""
    require_organiser(user=user, round=round)
    if round.phase() in (Phase.DELIBERATING, Phase.PUBLISHED):
        raise SelectionRefused(_("The review of this round is over."))
    above = [round.region_id] + ([round.region.parent_id] if round.region.parent_id else [])
    if not Membership.objects.filter(
        user=reviewer, role=Role.REVIEWER, region_id__in=above
    ).exists():
        raise SelectionRefused(_("This user is not a reviewer of the round's region."))
    assignment, _created = ReviewerAssignment.objects.update_or_create(
        round=round,
        reviewer=reviewer,
        defaults={"affiliated_school": affiliated_school, "assigned_by": user},
    )
    return assignment


def _parse_scores(
    *, round: SelectionRound, values: dict[int, tuple[str, str]], complete: bool
) -> dict[int, tuple[Decimal, str]]:
    parsed = {}
    for item in round.rubric_items.all():
        raw, comment = values.get(item.pk, ("", ""))
        if str(raw).strip() == "":
            if complete:
                raise SelectionRefused(
                    _("Score every criterion before submitting: %(item)s is missing.")
                    % {"item": item.name}
                )
            continue
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise SelectionRefused(_("%(item)s: enter a number.") % {"item": item.name}) from None
        if not (0 <= value <= item.max_score) or value != value.quantize(Decimal("0.01")):
            raise SelectionRefused(
                _("%(item)s: the score must be between 0 and %(max)s.")
                % {"item": item.name, "max": f"{item.max_score.normalize():f}"}
            )
        parsed[item.pk] = (value, comment.strip())
    return parsed


@transaction.atomic
def score_save(
    *,
    assignment: ReviewerAssignment,
    nomination: Nomination,
    values: dict[int, tuple[str, str]],
    submit: bool,
    user: AbstractBaseUser,
) -> ScoreSheet:
    """Save a reviewer's scores (value and comment per rubric item) as a draft, or submit
    them. Only the assigned reviewer, only during the review window, never for their own
    school, and never after submitting. Every change is logged in ScoreEvent."""
    round = assignment.round
    if assignment.reviewer_id != user.pk:
        raise SelectionRefused(_("Only the assigned reviewer may score."))
    if nomination.round_id != round.pk:
        raise SelectionRefused(_("This course is not in the round."))
    if nomination.school_id in selectors.conflicted_school_ids(assignment=assignment):
        raise SelectionRefused(_("You cannot review a course of your own school."))
    phase = round.phase()
    if phase in (Phase.UPCOMING, Phase.NOMINATING, Phase.WAITING):
        raise SelectionRefused(_("The review has not started yet."))
    if phase != Phase.REVIEWING:
        raise SelectionRefused(_("The review deadline has passed."))
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(
        assignment=assignment, nomination=nomination
    )
    if sheet.status == ScoreSheet.Status.SUBMITTED:
        raise SelectionRefused(_("Submitted scores cannot be changed."))
    parsed = _parse_scores(round=round, values=values, complete=submit)
    current = {s.item_id: s for s in sheet.scores.all()}
    for item_id, (value, comment) in parsed.items():
        _write_score(
            sheet=sheet,
            current=current.get(item_id),
            item_id=item_id,
            value=value,
            comment=comment,
            submit=submit,
        )
    if submit:
        sheet.status = ScoreSheet.Status.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["status", "submitted_at"])
    return sheet


def _write_score(*, sheet, current, item_id, value, comment, submit) -> None:
    if current is not None and (current.value, current.comment) == (value, comment) and not submit:
        return  # nothing changed: nothing to log
    Score.objects.update_or_create(
        sheet=sheet, item_id=item_id, defaults={"value": value, "comment": comment}
    )
    ScoreEvent.objects.create(
        round_id=sheet.nomination.round_id,
        nomination_id=sheet.nomination_id,
        reviewer_id=sheet.assignment.reviewer_id,
        item_id=item_id,
        value=value,
        comment=comment,
        submitted=submit,
    )
