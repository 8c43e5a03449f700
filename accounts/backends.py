from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import lockout


class LockoutModelBackend(ModelBackend):
    """Django's username/password check, refused while the account or address is locked.

    Raising PermissionDenied stops Django from trying other backends and still sends
    `user_login_failed`, so a locked account cannot be guessed at through the admin login
    either. Calls without a request (the test client's login, management commands) are
    not rate limited."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if (
            request is not None
            and username
            and lockout.is_locked(username=username, request=request)
        ):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
