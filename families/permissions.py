"""Who may open the families area, change a family, and see special-group flags.

Scope (which families) comes from `selectors`; this module answers the yes/no questions the
views ask on top of it.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from schools.models import Role
from schools.selectors import roles_of

from .models import Family
from .models.special_groups import VIEW_PERMISSION
from .selectors import editable_classes

STAFF_ROLES = {Role.TEACHER, Role.SCHOOL_ADMIN, Role.BUREAU}
AUDIT_PERMISSION = "families.view_specialgroupaccess"


def can_open_families(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user=user) & STAFF_ROLES))


def can_edit_family(user: AbstractBaseUser | AnonymousUser, family: Family) -> bool:
    """Staff who may change one of the family's children's classes may change the family."""
    return family.children.filter(school_class__in=editable_classes(user=user)).exists()


def can_see_special_groups(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Only people explicitly given the permission (superusers hold every permission)."""
    return user.is_authenticated and user.has_perm(VIEW_PERMISSION)


def can_audit(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm(AUDIT_PERMISSION)
