"""Sign-in and sign-out on the public site, for parents and staff alike."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import LoginForm
from schools.selectors import roles_of


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Staff work in the admin; parents land on their learning page.
        if self.request.user.is_superuser or roles_of(user=self.request.user):
            return reverse("wagtailadmin_home")
        return reverse("accounts:learning")


class LogoutView(auth_views.LogoutView):
    next_page = "/"


def switch_language(request, code: str):
    """Switch the site's language with a plain link (no form, so pages stay cacheable):
    remember the choice in the language cookie and go to the same page in that language."""
    languages = dict(settings.LANGUAGES)
    if code not in languages:
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(translate_url(next_url, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
    return response
