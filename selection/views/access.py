"""The round a request may reach, and the roles its user holds in it."""

from dataclasses import dataclass

from django.http import Http404

from .. import selectors
from ..models import ReviewerAssignment, SelectionRound


@dataclass(frozen=True)
class Roles:
    organiser: bool
    assignment: ReviewerAssignment | None
    nominator: bool


def round_for(request, pk: int) -> tuple[SelectionRound, Roles]:
    """The round, if the user takes part in it; otherwise a 404 that reveals nothing."""
    round = selectors.rounds_for_user(user=request.user).filter(pk=pk).first()
    if round is None:
        raise Http404
    roles = Roles(
        organiser=selectors.is_organiser(user=request.user, round=round),
        assignment=selectors.assignment_of(user=request.user, round=round),
        nominator=selectors.nominating_schools(user=request.user, round=round).exists(),
    )
    return round, roles
