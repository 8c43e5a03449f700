from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import lockout


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def count_login_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if username:
        lockout.record_failure(username=username, request=request)


@receiver(user_logged_in, dispatch_uid="accounts_logged_in")
def forget_login_failures(sender, request, user, **kwargs):
    lockout.clear(username=user.get_username())


@receiver(user_logged_in, dispatch_uid="accounts_display_preference")
def load_display_preference(sender, request, user, **kwargs):
    from .selectors import large_text_enabled

    if request is not None and hasattr(request, "session"):
        request.session["large_text"] = large_text_enabled(user=user)
