"""Writes to families: roster imports, edits of a household, special-group flags, and the
log of who looked at those flags."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import QuerySet

from schools.models import SchoolClass

from . import enrolment_triggers
from .models import (
    Child,
    ClassDeparture,
    Family,
    Guardian,
    SpecialGroupAccess,
    SpecialGroupFlag,
)
from .roster.plan import RowPlan


@dataclass
class ApplyResult:
    families_created: int = 0
    children_created: int = 0
    children_updated: int = 0
    guardians_created: int = 0
    guardians_updated: int = 0
    children_moved_out: int = 0


def family_code() -> str:
    return "F" + uuid.uuid4().hex[:12].upper()


@transaction.atomic
def roster_apply(
    *,
    plans: list[RowPlan],
    move_out: Iterable[int] = (),
    classes: QuerySet[SchoolClass] | None = None,
    user: AbstractBaseUser | None = None,
) -> ApplyResult:
    """Write planned roster rows in one transaction: every row or none. Families are matched
    as `roster.plan` decided; children by name and guardians by mobile number (by name when
    the number is blank) within their family. A child or guardian listed on several rows
    is written once, and only what changed is updated. Writes go in bulk, so 2000 rows take
    a handful of statements.

    With `move_out` (a roster sync), those children are then moved out of their class in
    the same transaction (see `roster_move_out`, which `classes` and `user` are for)."""
    result = _RosterWriter(plans).write()
    if move_out:
        result.children_moved_out = roster_move_out(child_ids=move_out, classes=classes, user=user)
    return result


@transaction.atomic
def roster_move_out(
    *, child_ids: Iterable[int], classes: QuerySet[SchoolClass], user: AbstractBaseUser
) -> int:
    """Move the children `child_ids` out of their class (no class any more) and record who
    did it, when, and from which class. Only children now in one of `classes` (those `user`
    may change) move; the others are left as they are. The child, the family, its guardians
    and its hours are kept: hours already earned belong to the family. Returns how many
    children moved."""
    children = list(
        Child.objects.select_for_update(of=("self",))
        .filter(pk__in=list(child_ids), school_class__in=classes)
        .select_related("family", "school_class__school")
        .order_by("pk")
    )
    ClassDeparture.objects.bulk_create(
        [_departure(child, user) for child in children], batch_size=500
    )
    Child.objects.filter(pk__in=[child.pk for child in children]).update(school_class=None)
    return len(children)


def _departure(child: Child, user: AbstractBaseUser) -> ClassDeparture:
    return ClassDeparture(
        child=child,
        child_name=child.name,
        family_code=child.family.code,
        school_class=child.school_class,
        school=child.school_class.school,
        class_label=f"{child.school_class.school} · {child.school_class}"[:100],
        moved_by=user,
        username=user.get_username(),
    )


class _RosterWriter:
    CHILD_FIELDS = ["gender", "birth_date", "school_class"]

    def __init__(self, plans: list[RowPlan]):
        self.plans = plans
        self.result = ApplyResult()
        self.guardians: dict[tuple, Guardian] = {}
        self.children: dict[tuple, Child] = {}
        self.created: dict[type, list] = {Guardian: [], Child: []}
        self.updated: dict[type, dict[int, object]] = {Guardian: {}, Child: {}}

    def write(self) -> ApplyResult:
        families = self._families()
        self._load_members([pk for pk in (plan.family_id for plan in self.plans) if pk])
        for plan, family in zip(self.plans, families, strict=True):
            self._guardian(family, plan.row)
            self._child(family, plan.row)
        Guardian.objects.bulk_create(self.created[Guardian], batch_size=500)
        Child.objects.bulk_create(self.created[Child], batch_size=500)
        Guardian.objects.bulk_update(
            self.updated[Guardian].values(), ["name", "relation"], batch_size=500
        )
        Child.objects.bulk_update(self.updated[Child].values(), self.CHILD_FIELDS, batch_size=500)
        self.result.guardians_created = len(self.created[Guardian])
        self.result.guardians_updated = len(self.updated[Guardian])
        self.result.children_created = len(self.created[Child])
        self.result.children_updated = len(self.updated[Child])
        return self.result

    def _families(self) -> list[Family]:
        """The family of each plan, creating the new ones in one statement."""
        existing = Family.objects.in_bulk({plan.family_id for plan in self.plans if plan.family_id})
        indexes = sorted({plan.new_family for plan in self.plans if plan.new_family})
        created = Family.objects.bulk_create([Family(code=family_code()) for _ in indexes])
        new = dict(zip(indexes, created, strict=True))
        self.result.families_created = len(created)
        return [existing.get(plan.family_id) or new[plan.new_family] for plan in self.plans]

    def _load_members(self, family_ids: list[int]) -> None:
        # Oldest last, so that when two rows match one key the oldest record is the one used.
        for guardian in Guardian.objects.filter(family_id__in=family_ids).order_by("-pk"):
            self.guardians[(guardian.family_id, ("name", guardian.name))] = guardian
            if guardian.phone:
                self.guardians[(guardian.family_id, guardian.phone)] = guardian
        for child in Child.objects.filter(family_id__in=family_ids).order_by("-pk"):
            self.children[(child.family_id, child.name)] = child

    def _guardian(self, family: Family, row) -> None:
        name = row.cells["guardian_name"]
        key = (family.pk, row.phone or ("name", name))
        guardian = self.guardians.get(key)
        if guardian is None:
            guardian = Guardian(family=family, name=name, relation=row.relation, phone=row.phone)
            self.guardians[key] = guardian
            self.created[Guardian].append(guardian)
            return
        if (guardian.name, guardian.relation) != (name, row.relation):
            guardian.name, guardian.relation = name, row.relation
            if guardian.pk:
                self.updated[Guardian][guardian.pk] = guardian

    def _child(self, family: Family, row) -> None:
        key = (family.pk, row.cells["child_name"])
        child = self.children.get(key)
        if child is None:
            child = Child(family=family, name=row.cells["child_name"])
            self.children[key] = child
            self.created[Child].append(child)
        values = (row.gender, row.birth_date, row.school_class.pk)
        if (child.gender, child.birth_date, child.school_class_id) != values:
            child.gender, child.birth_date, child.school_class = (
                row.gender,
                row.birth_date,
                row.school_class,
            )
            if child.pk:
                self.updated[Child][child.pk] = child


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


@transaction.atomic
def enrolments_rebuild() -> int:
    """Recompute which classes, schools and districts every family is in
    (`FamilyEnrolment`) from the children; returns the number of rows. The database
    triggers keep it right on their own; this is for data loaded with triggers disabled."""
    return enrolment_triggers.rebuild(connection)
