"""Staff pages: invite codes, reset codes and the satisfaction summary, each limited to
the schools the staff member serves."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.models import Role
from schools.selectors import schools_in_scope

from .. import selectors, services
from ..access import school_staff_required
from ..errors import AccountError
from ..forms import InviteCodeForm


def _invite_form(request):
    admin_school_ids = set(
        schools_in_scope(user=request.user, roles=[Role.SCHOOL_ADMIN]).values_list("pk", flat=True)
    )
    return InviteCodeForm(
        request.POST or None,
        schools=list(selectors.invite_schools(user=request.user)),
        classes=list(selectors.invite_classes(user=request.user)),
        admin_school_ids=admin_school_ids,
    )


@school_staff_required()
def invite_codes(request):
    form = _invite_form(request)
    if request.method == "POST" and form.is_valid():
        school, school_class = form.cleaned_data["target"]
        try:
            invite = services.invite_code_issue(
                school=school,
                school_class=school_class,
                days=form.cleaned_data["days"],
                max_uses=form.cleaned_data["max_uses"],
                user=request.user,
            )
        except AccountError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("New invite code: %(code)s") % {"code": invite.code})
            return redirect("accounts:invite_codes")
    codes = selectors.invite_codes_in_scope(user=request.user)[:200]
    return render(request, "accounts/staff/invite_codes.html", {"form": form, "codes": codes})


@require_POST
@school_staff_required()
def invite_code_revoke(request, pk: int):
    invite = get_object_or_404(selectors.invite_codes_in_scope(user=request.user), pk=pk)
    services.invite_code_revoke(invite=invite)
    messages.success(request, _("Invite code %(code)s revoked.") % {"code": invite.code})
    return redirect("accounts:invite_codes")


@school_staff_required(Role.SCHOOL_ADMIN)
def reset_codes(request):
    guardians = selectors.resettable_guardians(user=request.user)
    return render(request, "accounts/staff/reset_codes.html", {"guardians": guardians})


@require_POST
@school_staff_required(Role.SCHOOL_ADMIN)
def reset_code_issue(request, guardian_id: int):
    guardian = get_object_or_404(selectors.resettable_guardians(user=request.user), pk=guardian_id)
    code = services.reset_code_issue(user=guardian.user, issued_by=request.user)
    return render(
        request,
        "accounts/staff/reset_code_issued.html",
        {"guardian": guardian, "code": code, "minutes": 30},
    )


@school_staff_required(Role.SCHOOL_ADMIN)
def satisfaction(request):
    rows = selectors.satisfaction_by_school(
        schools=selectors.satisfaction_schools(user=request.user)
    )
    return render(request, "accounts/staff/satisfaction.html", {"rows": rows})
