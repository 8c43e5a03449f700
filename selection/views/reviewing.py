"""A reviewer's score form: the course as nominated, and a score and comment per item."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from courses import selectors as course_selectors

from .. import selectors, services
from ..exceptions import SelectionRefused
from ..forms import ScoreForm
from ..models import Phase, ScoreSheet
from .access import round_for


def score(request, pk: int, nomination_pk: int):
    round, roles = round_for(request, pk)
    assignment = roles.assignment
    if assignment is None:
        raise PermissionDenied
    nomination = round.nominations.select_related("revision", "school").filter(pk=nomination_pk)
    nomination = nomination.first()
    if nomination is None:
        raise Http404
    if nomination.school_id in selectors.conflicted_school_ids(assignment=assignment):
        messages.error(request, _("You cannot review a course of your own school."))
        return redirect("selection_admin:round", pk=pk)
    sheet = ScoreSheet.objects.filter(assignment=assignment, nomination=nomination).first()
    form = ScoreForm(request.POST or None, round=round, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.score_save(
                assignment=assignment,
                nomination=nomination,
                values=form.values(),
                submit=submit,
                user=request.user,
            )
        except SelectionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Scores submitted.") if submit else _("Draft saved."))
            if submit:
                return redirect("selection_admin:round", pk=pk)
            return redirect("selection_admin:score", pk=pk, nomination_pk=nomination_pk)
    course = nomination.frozen_course()
    context = {
        "round": round,
        "nomination": nomination,
        "course": course,
        "lessons": course_selectors.live_lessons().child_of(nomination.course),
        "form": form,
        "sheet": sheet,
        "editable": round.phase() == Phase.REVIEWING
        and (sheet is None or sheet.status == ScoreSheet.Status.DRAFT),
        "show_school": not round.blind_review,
    }
    return TemplateResponse(request, "selection/admin/score.html", context)
