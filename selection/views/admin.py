"""The selection in the Wagtail admin: the list of rounds and each round's page, showing
the organiser, a school admin and a reviewer what each of them may see and do."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..exceptions import SelectionRefused
from ..forms import AssignReviewerForm, AwardDecisionForm, BroadcastForm, NominationForm
from ..models import Phase, ScoreSheet, SelectionRound
from ..permissions import RoundPermissionPolicy
from .access import round_for


def index(request):
    rounds = selectors.rounds_for_user(user=request.user).select_related("region")
    can_add = RoundPermissionPolicy(SelectionRound).user_has_permission(request.user, "add")
    return render(request, "selection/admin/index.html", {"rounds": rounds, "can_add": can_add})


def round_detail(request, pk: int):
    round, roles = round_for(request, pk)
    context = {"round": round, "roles": roles, "phase": round.phase(), "Phase": Phase}
    if roles.organiser:
        context |= _organiser_context(round)
    if roles.nominator:
        context |= _nominator_context(request, round)
    if roles.assignment:
        context |= _reviewer_context(roles.assignment)
    return TemplateResponse(request, "selection/admin/round.html", context)


def _organiser_context(round) -> dict:
    results = list(selectors.results_of(round=round))
    for result in results:
        result.decision_form = AwardDecisionForm(round=round, prefix=f"r{result.pk}")
    return {
        "nominations": round.nominations.select_related("school", "revision"),
        "reviewers": round.reviewers.select_related("reviewer", "affiliated_school"),
        "assign_form": AssignReviewerForm(round=round),
        "sheets": selectors.all_sheets(round=round),
        "rubric": list(round.rubric_items.all()),
        "results": results,
        "log_matches": selectors.results_match_log(round=round) if results else None,
        "broadcast_form": BroadcastForm(round=round) if round.is_published else None,
        "broadcasts": round.broadcasts.prefetch_related("items__course"),
    }


def _nominator_context(request, round) -> dict:
    own = selectors.nominations_for_school_admin(user=request.user, round=round)
    context = {
        "own_nominations": own.select_related("school", "revision"),
        "nomination_form": NominationForm(round=round, user=request.user)
        if round.phase() == Phase.NOMINATING
        else None,
    }
    if round.is_published:
        context["own_results"] = selectors.results_of(round=round).filter(nomination__in=own)
    return context


def _reviewer_context(assignment) -> dict:
    sheets = selectors.sheets_of(assignment=assignment)
    to_review = list(selectors.nominations_to_review(assignment=assignment))
    for nomination in to_review:
        nomination.my_sheet = sheets.get(nomination.pk)
    return {"to_review": to_review, "submitted": ScoreSheet.Status.SUBMITTED}


def _act(request, pk: int, action, success: str):
    """Run a service for a POSTed form, and say in a message what happened."""
    try:
        action()
    except SelectionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return redirect("selection_admin:round", pk=pk)


@require_POST
def nominate(request, pk: int):
    round, roles = round_for(request, pk)
    form = NominationForm(request.POST, round=round, user=request.user)
    if not form.is_valid():
        return _back(request, pk, _("Choose one of your school's courses and write a statement."))
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda: services.nomination_create(
            round=round, course=data["course"], statement=data["statement"], user=request.user
        ),
        _("The course is nominated."),
    )


@require_POST
def withdraw(request, pk: int, nomination_pk: int):
    round, roles = round_for(request, pk)
    nomination = round.nominations.filter(pk=nomination_pk).first()
    if nomination is None:
        raise PermissionDenied
    return _act(
        request,
        pk,
        lambda: services.nomination_withdraw(nomination=nomination, user=request.user),
        _("The nomination is withdrawn."),
    )


def _organiser_round(request, pk: int):
    round, roles = round_for(request, pk)
    if not roles.organiser:
        raise PermissionDenied
    return round


def _back(request, pk: int, error: str):
    messages.error(request, error)
    return redirect("selection_admin:round", pk=pk)


@require_POST
def assign(request, pk: int):
    round = _organiser_round(request, pk)
    form = AssignReviewerForm(request.POST, round=round)
    if not form.is_valid():
        return _back(request, pk, _("Choose a reviewer of the round's region."))
    return _act(
        request,
        pk,
        lambda: services.reviewer_assign(round=round, user=request.user, **form.cleaned_data),
        _("The reviewer is assigned."),
    )


@require_POST
def decide(request, pk: int, result_pk: int):
    round, roles = round_for(request, pk)
    result = round.results.filter(pk=result_pk).first()
    form = AwardDecisionForm(request.POST, round=round, prefix=f"r{result_pk}")
    if result is None or not form.is_valid():
        return _back(request, pk, _("Choose an award."))
    choice = form.cleaned_data["decision"]
    return _act(
        request,
        pk,
        lambda: services.award_decide(
            result=result,
            award=form.levels.get(choice),
            follow_rule=choice == AwardDecisionForm.FOLLOW_RULE,
            user=request.user,
        ),
        _("The award is decided."),
    )


def _round_action(service, success):
    """A POST-only view running `service(round=…, user=…)` on the round."""

    @require_POST
    def view(request, pk: int):
        round, _roles = round_for(request, pk)
        return _act(request, pk, lambda: service(round=round, user=request.user), success)

    return view


compute = _round_action(services.results_compute, gettext_lazy("The results are computed."))
publish = _round_action(services.round_publish, gettext_lazy("The results are published."))


@require_POST
def broadcast(request, pk: int):
    round = _organiser_round(request, pk)
    form = BroadcastForm(request.POST, round=round)
    if not form.is_valid():
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        return _back(
            request, pk, _("The broadcast was not scheduled: %(errors)s") % {"errors": errors}
        )
    data = form.cleaned_data
    return _act(
        request,
        pk,
        lambda: services.broadcast_schedule(
            round=round,
            title=data["title"],
            courses=list(data["courses"]),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            user=request.user,
        ),
        _("The broadcast is scheduled."),
    )
