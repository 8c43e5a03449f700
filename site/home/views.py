"""Sign-in and sign-out on the public site, for parents and staff alike."""

from django.contrib.auth import views as auth_views
from django.urls import reverse

from schools.selectors import roles_of


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Staff work in the admin; parents go back to the parent school.
        if self.request.user.is_superuser or roles_of(user=self.request.user):
            return reverse("wagtailadmin_home")
        return "/"


class LogoutView(auth_views.LogoutView):
    next_page = "/"
