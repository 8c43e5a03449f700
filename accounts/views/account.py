"""The parent's own account: consent, password, large text."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import parent_login_required
from ..models import ConsentRecord


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@parent_login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "consent_current": selectors.consent_is_current(user=request.user),
            "consent_history": selectors.consent_history(user=request.user)[:20],
        },
    )


@parent_login_required
def consent(request):
    """Ask for consent to the current text (at a new version, or after a withdrawal)."""
    version = selectors.current_consent_version()
    if request.method == "POST" and version is not None:
        if request.POST.get("agree") == "yes":
            services.consent_record(
                user=request.user, version=version, action=ConsentRecord.Action.GRANT
            )
            messages.success(request, _("Thank you. Your consent has been recorded."))
            return redirect(_safe_next(request, reverse_lazy("accounts:learning")))
        messages.error(request, _("Please tick the box to agree, or go back."))
    return render(
        request,
        "accounts/consent.html",
        {"consent": version, "next": _safe_next(request, "")},
    )


@require_POST
@parent_login_required
def consent_withdraw(request):
    version = selectors.current_consent_version()
    if selectors.consent_is_current(user=request.user):
        services.consent_record(
            user=request.user, version=version, action=ConsentRecord.Action.WITHDRAW
        )
        messages.success(
            request,
            _("Consent withdrawn. Your children's information is hidden until you consent again."),
        )
    return redirect("accounts:account")


@require_POST
@parent_login_required
def large_text(request):
    enabled = request.POST.get("large_text") == "on"
    services.large_text_set(user=request.user, enabled=enabled)
    request.session["large_text"] = enabled
    return redirect(_safe_next(request, reverse_lazy("accounts:account")))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, gettext_lazy("Your password has been changed."))
        return super().form_valid(form)
