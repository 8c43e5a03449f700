"""Decide, without writing, what each checked roster row will do: which family it joins
(an existing one, found by a guardian's mobile number or by the child already in that class,
or a new one) and whether the child and guardian are new or updated.

Siblings in other classes or schools join the same family through a shared guardian's
mobile number, so a household stays one family across schools.
"""

from dataclasses import dataclass

from ..models import Child, Guardian
from .rows import RosterRow


@dataclass
class RowPlan:
    row: RosterRow
    family_id: int | None  # an existing family
    new_family: int | None  # index of a family this import creates
    child_exists: bool
    guardian_exists: bool


def plan_rows(rows: list[RosterRow]) -> list[RowPlan]:
    """Plans for the rows that passed their checks, in file order."""
    by_phone: dict[str, tuple] = {}
    by_child: dict[tuple, tuple] = {}
    new_count = 0
    plans = []
    for row in (r for r in rows if r.ok):
        family = by_phone.get(row.phone) if row.phone else None
        family = family or by_child.get(row.child_key) or _existing_family(row)
        if family is None:
            new_count += 1
            family = ("new", new_count)
        if row.phone:
            by_phone.setdefault(row.phone, family)
        by_child.setdefault(row.child_key, family)
        plans.append(_plan(row, family))
    return plans


def _existing_family(row: RosterRow) -> tuple | None:
    if row.phone:
        guardian = Guardian.objects.filter(phone=row.phone).order_by("pk").first()
        if guardian is not None:
            return ("old", guardian.family_id)
    child = (
        Child.objects.filter(school_class=row.school_class, name=row.cells["child_name"])
        .order_by("pk")
        .first()
    )
    return ("old", child.family_id) if child else None


def _plan(row: RosterRow, family: tuple) -> RowPlan:
    kind, value = family
    if kind == "new":
        return RowPlan(row, None, value, child_exists=False, guardian_exists=False)
    children = Child.objects.filter(family_id=value, name=row.cells["child_name"])
    guardians = Guardian.objects.filter(family_id=value)
    guardians = (
        guardians.filter(phone=row.phone)
        if row.phone
        else guardians.filter(name=row.cells["guardian_name"])
    )
    return RowPlan(
        row, value, None, child_exists=children.exists(), guardian_exists=guardians.exists()
    )
