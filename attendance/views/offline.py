"""Offline activities: the teacher's rotating QR code, the parent's check-in, and the
roster a teacher marks by hand."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.models import ActivityPage
from families.models import Family
from families.selectors import families_in_scope, family_of

from .. import checkin, scope
from ..models import LedgerEntry
from ..roster_import import parse_roster
from ..services import CreditRefused, activity_credit


def _staff_activity(request: HttpRequest, activity_id: int) -> ActivityPage:
    """The activity, if it belongs to a school the user teaches or runs; else 404."""
    activity = ActivityPage.objects.live().filter(pk=activity_id).first()
    if (
        activity is None
        or not scope.activity_staff_schools(user=request.user)
        .filter(pk=activity.school.pk)
        .exists()
    ):
        raise Http404
    return activity


@login_required
def activity_qr(request: HttpRequest, activity_id: int) -> TemplateResponse:
    activity = _staff_activity(request, activity_id)
    token = checkin.checkin_token(activity=activity)
    url = request.build_absolute_uri(reverse("attendance:checkin", args=[token]))
    checked_in = LedgerEntry.objects.filter(activity=activity).count()
    return TemplateResponse(
        request,
        "attendance/activity_qr.html",
        {
            "activity": activity,
            "qr": checkin.checkin_qr_svg(url=url),
            "checked_in": checked_in,
            "refresh_seconds": checkin.TOKEN_SECONDS // 3,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_view(request: HttpRequest, token: str) -> TemplateResponse:
    family = family_of(user=request.user)
    context = {"token": token}
    status = 200
    try:
        if family is None:
            raise CreditRefused(_("Only a parent account linked to a family can check in."))
        activity, _data = checkin.activity_from_token(token=token)
        context["activity"] = activity
        if request.method == "POST":
            entry, created = checkin.checkin_by_token(token=token, family=family, user=request.user)
            context["done"] = True
            context["already"] = not created
    except CreditRefused as refused:
        context["error"] = str(refused)
        status = 400
    return TemplateResponse(request, "attendance/checkin.html", context, status=status)


def _invited_families(request: HttpRequest, activity: ActivityPage):
    targets = list(activity.target_classes.values_list("pk", flat=True))
    families = families_in_scope(user=request.user).filter(
        children__school_class__school=activity.school
    )
    if targets:
        families = families.filter(children__school_class__in=targets)
    return Family.objects.filter(pk__in=families.values("pk")).prefetch_related(
        "guardians", "children__school_class"
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_roster(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _staff_activity(request, activity_id)
    families = _invited_families(request, activity)
    if request.method == "POST":
        return _mark_roster(request, activity, families)
    present = set(LedgerEntry.objects.filter(activity=activity).values_list("family_id", flat=True))
    return TemplateResponse(
        request,
        "attendance/roster.html",
        {"activity": activity, "families": families, "present": present},
    )


def _chosen_families(request: HttpRequest, families) -> tuple[list, list[str]]:
    """The families ticked on the page, or listed in an uploaded sheet."""
    if "roster_file" in request.FILES:
        allowed = {family.code: family for family in families}
        return parse_roster(upload=request.FILES["roster_file"], allowed=allowed)
    allowed = {str(family.pk): family for family in families}
    chosen = set(request.POST.getlist("family"))
    if chosen - set(allowed):
        return [], [_("Some families are not on this activity's roster.")]
    return [allowed[value] for value in chosen], []


def _mark_roster(request: HttpRequest, activity: ActivityPage, families) -> HttpResponse:
    chosen, errors = _chosen_families(request, families)
    for error in errors:
        messages.error(request, error)
    if errors:
        return redirect("attendance:activity_roster", activity_id=activity.pk)
    method = "spreadsheet" if "roster_file" in request.FILES else "roster"
    try:
        with transaction.atomic():  # all the families or none
            added = sum(
                activity_credit(
                    family=family,
                    activity=activity,
                    source=LedgerEntry.Source.ROSTER,
                    created_by=request.user,
                    evidence={"method": method},
                )[1]
                for family in chosen
            )
    except CreditRefused as refused:
        messages.error(request, str(refused))
        return redirect("attendance:activity_roster", activity_id=activity.pk)
    messages.success(request, _("%(count)d families newly marked present.") % {"count": added})
    return redirect("attendance:activity_roster", activity_id=activity.pk)
