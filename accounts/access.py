"""Gates for the parents' and the staff's pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from schools.models import Role
from schools.selectors import schools_in_scope

from .selectors import consent_is_current, is_parent


def parent_login_required(view):
    return login_required(view, login_url="login")


def consent_required(view):
    """Pages that show children's data need the guardian's consent to the current text;
    without it the guardian is sent to the consent page and brought back. (Staff are not
    guardians: their access is decided by their scope.)"""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_parent(user=request.user) and not consent_is_current(user=request.user):
            return redirect(f"{reverse('accounts:consent')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return parent_login_required(wrapped)


def school_staff_required(*roles: str):
    """Staff of a school with one of `roles` (teachers and school admins by default)."""
    roles = roles or (Role.TEACHER, Role.SCHOOL_ADMIN)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not schools_in_scope(user=request.user, roles=roles).exists():
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return parent_login_required(wrapped)

    return decorator
