"""Who may see which family. Every view of family data goes through here."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from schools.selectors import schools_in_scope

from .models import Family


def families_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Family]:
    """Families with a child in a school the user serves, or the user's own family."""
    if not user.is_authenticated:
        return Family.objects.none()
    if user.is_superuser:
        return Family.objects.all()
    staff_scope = Family.objects.filter(
        children__school_class__school__in=schools_in_scope(user=user)
    )
    own = Family.objects.filter(guardians__user=user)
    return (staff_scope | own).distinct()


def family_of(*, user: AbstractBaseUser | AnonymousUser) -> Family | None:
    if not user.is_authenticated:
        return None
    return Family.objects.filter(guardians__user=user).first()
