"""Read-side questions about the hierarchy, chief among them: whose data may this user see?"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from .models import Membership, Region, Role, School, SchoolClass


def schools_in_scope(
    *, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str] | None = None
) -> QuerySet[School]:
    """Schools whose family data `user` may see: their own school, or every school in
    the regions they serve (a city covers its districts). Superusers see all; anyone
    without a staff membership sees none."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    school_ids: set[int] = set()
    region_ids: set[int] = set()
    for school_id, region_id in memberships.values_list("school_id", "region_id"):
        if school_id:
            school_ids.add(school_id)
        elif region_id:
            region_ids.update(Region.objects.get(pk=region_id).self_and_descendant_ids())
    if not school_ids and not region_ids:
        return School.objects.none()
    return School.objects.filter(Q(pk__in=school_ids) | Q(region_id__in=region_ids))


def regions_in_scope(
    *, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str]
) -> QuerySet[Region]:
    """Regions `user` serves in one of `roles`, and the regions below them (a city covers
    its districts). Superusers serve all."""
    if not user.is_authenticated:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    ids: list[int] = []
    for region in Region.objects.filter(
        membership__user=user, membership__role__in=list(roles)
    ).distinct():
        ids.extend(region.self_and_descendant_ids())
    return Region.objects.filter(pk__in=ids)


def user_can_access_school(
    *, user: AbstractBaseUser | AnonymousUser, school: School, roles: Iterable[str] | None = None
) -> bool:
    return schools_in_scope(user=user, roles=roles).filter(pk=school.pk).exists()


def classes_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[SchoolClass]:
    """Classes a user may see: a school's staff see the school's classes; a teacher who is
    only a head teacher (no school admin role) still sees the whole school's class list,
    while family details are narrowed further by the families selectors."""
    return SchoolClass.objects.filter(school__in=schools_in_scope(user=user))


def roles_of(*, user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def is_staff_role(role: str) -> bool:
    return role in Role.values
