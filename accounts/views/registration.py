"""Registering with an invite code, and setting a new password with a school's reset code."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import lockout, services
from ..errors import AccountError
from ..forms import RegistrationForm, ResetWithCodeForm
from ..selectors import current_consent_version

BACKEND = "accounts.backends.LockoutModelBackend"


def _show_error(form, error: AccountError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:learning")
    version = current_consent_version()
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and version is None:
        form.add_error(None, _("Registration opens once the school publishes its consent text."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            guardian = services.parent_register(
                phone=data["phone"],
                password=data["new_password1"],
                invite_code=data["invite"],
                child_name=data["child_name"],
                guardian_name=data["guardian_name"],
                relation=data["relation"],
                consent_version=version,
            )
        except AccountError as error:
            _show_error(form, error)
        else:
            login(request, guardian.user, backend=BACKEND)
            messages.success(request, _("Welcome! Your account is linked to your family."))
            return redirect("accounts:learning")
    return render(request, "accounts/register.html", {"form": form, "consent": version})


@require_http_methods(["GET", "POST"])
def reset_with_code(request):
    form = ResetWithCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if lockout.is_locked(username=phone, request=request, scope="reset"):
            form.add_error(None, _("Too many wrong codes. Please wait 15 minutes and try again."))
        else:
            try:
                services.password_reset_with_code(
                    phone=phone,
                    code=form.cleaned_data["code"],
                    new_password=form.cleaned_data["new_password1"],
                )
            except AccountError as error:
                lockout.record_failure(username=phone, request=request, scope="reset")
                _show_error(form, error)
            else:
                lockout.clear(username=phone)
                messages.success(request, _("Your password has been changed. Please log in."))
                return redirect("login")
    return render(request, "accounts/reset_with_code.html", {"form": form})
