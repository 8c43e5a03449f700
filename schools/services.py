"""Writes to the hierarchy and to staff memberships."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .access import scope_group
from .models import Membership, Region, School
from .roles import ensure_role_groups


@transaction.atomic
def membership_grant(
    *,
    user: AbstractBaseUser,
    role: str,
    school: School | None = None,
    region: Region | None = None,
) -> Membership:
    """Give `user` a role at a school or region: the role's group (admin access) and the
    scope's group (page and media permissions there). Idempotent."""
    membership = Membership(user=user, role=role, school=school, region=region)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership, _ = Membership.objects.get_or_create(
        user=user, role=role, school=school, region=region
    )
    user.groups.add(ensure_role_groups()[role])
    group = scope_group(role=role, school=school, region=region)
    if group is not None:
        user.groups.add(group)
    return membership
