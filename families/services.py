"""Writes to families: roster imports, edits of a household, special-group flags, and the
log of who looked at those flags."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import Child, Family, Guardian, SpecialGroupAccess, SpecialGroupFlag
from .roster.plan import RowPlan


@dataclass
class ApplyResult:
    families_created: int = 0
    children_created: int = 0
    children_updated: int = 0
    guardians_created: int = 0
    guardians_updated: int = 0


def family_code() -> str:
    return "F" + uuid.uuid4().hex[:12].upper()


@transaction.atomic
def roster_apply(*, plans: list[RowPlan]) -> ApplyResult:
    """Write planned roster rows in one transaction: every row or none. Families are matched
    as `roster.plan` decided; children by name and guardians by mobile number (by name when
    the number is blank) within their family."""
    result = ApplyResult()
    new_families: dict[int, Family] = {}
    existing = Family.objects.in_bulk({plan.family_id for plan in plans if plan.family_id})
    for plan in plans:
        if plan.family_id is not None:
            family = existing[plan.family_id]
        elif plan.new_family in new_families:
            family = new_families[plan.new_family]
        else:
            family = new_families[plan.new_family] = Family.objects.create(code=family_code())
            result.families_created += 1
        _save_guardian(family, plan, result)
        _save_child(family, plan, result)
    return result


def _save_guardian(family: Family, plan: RowPlan, result: ApplyResult) -> None:
    row = plan.row
    lookup = {"phone": row.phone} if row.phone else {"name": row.cells["guardian_name"]}
    guardian = family.guardians.filter(**lookup).order_by("pk").first()
    if guardian is None:
        Guardian.objects.create(
            family=family, name=row.cells["guardian_name"], relation=row.relation, phone=row.phone
        )
        result.guardians_created += 1
        return
    guardian.name, guardian.relation = row.cells["guardian_name"], row.relation
    guardian.save(update_fields=["name", "relation"])
    result.guardians_updated += 1


def _save_child(family: Family, plan: RowPlan, result: ApplyResult) -> None:
    row = plan.row
    child = family.children.filter(name=row.cells["child_name"]).order_by("pk").first()
    values = {
        "gender": row.gender,
        "birth_date": row.birth_date,
        "school_class": row.school_class,
    }
    if child is None:
        Child.objects.create(family=family, name=row.cells["child_name"], **values)
        result.children_created += 1
        return
    for name, value in values.items():
        setattr(child, name, value)
    child.save(update_fields=list(values))
    result.children_updated += 1


def special_groups_set(
    *, child: Child, groups: Iterable[str], user: AbstractBaseUser, note: str = ""
) -> None:
    """Make `child`'s special-group flags exactly `groups`."""
    groups = set(groups)
    with transaction.atomic():
        child.special_groups.exclude(group__in=groups).delete()
        for group in groups:
            SpecialGroupFlag.objects.get_or_create(
                child=child, group=group, defaults={"created_by": user, "note": note}
            )


def special_groups_access_log(
    *, user: AbstractBaseUser, where: str, path: str, children: Iterable[Child]
) -> SpecialGroupAccess:
    """Record that `user` was shown the special-group flags of `children` (all of them,
    flagged or not: seeing that a child has no flag is seeing the flags too)."""
    children = list(children)
    return SpecialGroupAccess.objects.create(
        user=user,
        username=user.get_username(),
        where=where,
        path=path[:500],
        child_ids=[child.pk for child in children],
        child_names="、".join(child.name for child in children),
    )
