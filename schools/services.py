"""Writes to the hierarchy and to staff memberships."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

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
    """Give `user` a role at a school or region, and the role's group. Idempotent."""
    membership = Membership(user=user, role=role, school=school, region=region)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership, _ = Membership.objects.get_or_create(
        user=user, role=role, school=school, region=region
    )
    user.groups.add(ensure_role_groups()[role])
    return membership
