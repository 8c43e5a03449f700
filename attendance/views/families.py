"""One family's ledger for staff: progress, the audit trail of every entry, and the
forms for home visits (teachers) and manual adjustments (school admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.models import Family

from .. import scope, selectors, services
from ..forms import AdjustmentForm, HomeVisitForm


def _family_in_scope(request: HttpRequest, family_id: int) -> Family:
    return get_object_or_404(scope.report_families(user=request.user).distinct(), pk=family_id)


def _may_visit(request: HttpRequest, family: Family) -> bool:
    return (
        scope.activity_staff_schools(user=request.user)
        .filter(classes__children__family=family)
        .exists()
    )


def family_context(*, family: Family, user) -> dict:
    school = selectors.school_of_family(family=family)
    year = selectors.school_year_on(region=school.region) if school else None
    context = {"family": family, "school": school, "school_year": year}
    if year is not None:
        context["progress"] = selectors.family_progress(
            family=family, school_year=year, region=school.region
        )
        context["entries"] = selectors.family_entries(family=family, school_year=year)
    return context


@login_required
def family_ledger(
    request: HttpRequest, family_id: int, visit_form=None, adjust_form=None, status=200
) -> TemplateResponse:
    family = _family_in_scope(request, family_id)
    context = family_context(family=family, user=request.user)
    context["guardians"] = family.guardians.all()
    context["children"] = family.children.select_related("school_class__school")
    if _may_visit(request, family):
        context["visit_form"] = visit_form or HomeVisitForm()
    if scope.may_adjust(user=request.user, family=family):
        context["adjust_form"] = adjust_form or AdjustmentForm()
    return TemplateResponse(request, "attendance/family.html", context, status=status)


@login_required
@require_POST
def home_visit(request: HttpRequest, family_id: int) -> HttpResponse:
    family = _family_in_scope(request, family_id)
    if not _may_visit(request, family):
        raise Http404
    form = HomeVisitForm(request.POST)
    if not form.is_valid():
        return family_ledger(request, family_id, visit_form=form, status=400)
    try:
        _entry, created = services.home_visit_record(
            family=family,
            visited_on=form.cleaned_data["visited_on"],
            minutes=form.cleaned_data["minutes"],
            note=form.cleaned_data["note"],
            created_by=request.user,
            form_token=str(form.cleaned_data["form_token"]),
        )
    except services.CreditRefused as refused:
        form.add_error(None, str(refused))
        return family_ledger(request, family_id, visit_form=form, status=400)
    _say_recorded(request, created)
    return redirect("attendance:family", family_id=family.pk)


@login_required
@require_POST
def adjust(request: HttpRequest, family_id: int) -> HttpResponse:
    family = _family_in_scope(request, family_id)
    if not scope.may_adjust(user=request.user, family=family):
        raise Http404
    form = AdjustmentForm(request.POST)
    context = family_context(family=family, user=request.user)
    if form.is_valid() and context["school_year"] is None:
        form.add_error(None, _("No school year is set up for this date yet."))
    if not form.is_valid():
        return family_ledger(request, family_id, adjust_form=form, status=400)
    try:
        _entry, created = services.adjustment_record(
            family=family,
            school_year=context["school_year"],
            class_hours=form.cleaned_data["class_hours"],
            sessions=form.cleaned_data["sessions"],
            guidance=form.cleaned_data["guidance"],
            reason=form.cleaned_data["reason"],
            created_by=request.user,
            form_token=str(form.cleaned_data["form_token"]),
        )
    except services.CreditRefused as refused:
        form.add_error(None, str(refused))
        return family_ledger(request, family_id, adjust_form=form, status=400)
    _say_recorded(request, created)
    return redirect("attendance:family", family_id=family.pk)


def _say_recorded(request: HttpRequest, created: bool) -> None:
    if created:
        messages.success(request, _("Recorded."))
    else:
        messages.info(request, _("This form was already submitted; nothing was added."))
