"""Decide, without writing, what each checked roster row will do: which family it joins
(an existing one, found by a guardian's mobile number or by the child already in that class,
or a new one) and whether the child and guardian are new or updated.

Siblings in other classes or schools join the same family through a shared guardian's
mobile number, so a household stays one family across schools. When two families share a
number, the older one wins.

Everything the plan needs from the database is read in four queries, whatever the number
of rows (bench/roster_import measures it against a lookup per row).
"""

from collections import defaultdict
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


class Known:
    """The families, children and guardians already recorded that the rows may touch."""

    def __init__(self, rows: list[RosterRow]):
        phones = {row.phone for row in rows if row.phone}
        self.by_phone: dict[str, int] = {}
        for phone, family_id in (
            Guardian.objects.filter(phone__in=phones)
            .order_by("pk")
            .values_list("phone", "family_id")
        ):
            self.by_phone.setdefault(phone, family_id)
        self.by_child: dict[tuple, int] = {}
        for class_id, name, family_id in (
            Child.objects.filter(
                school_class__in={row.school_class.pk for row in rows},
                name__in={row.cells["child_name"] for row in rows},
            )
            .order_by("pk")
            .values_list("school_class_id", "name", "family_id")
        ):
            self.by_child.setdefault((class_id, name), family_id)
        self._load_members(set(self.by_phone.values()) | set(self.by_child.values()))

    def _load_members(self, family_ids: set[int]) -> None:
        self.children: dict[int, set[str]] = defaultdict(set)
        self.guardians: dict[int, set[str]] = defaultdict(set)
        for family_id, name in Child.objects.filter(family_id__in=family_ids).values_list(
            "family_id", "name"
        ):
            self.children[family_id].add(name)
        for family_id, phone, name in Guardian.objects.filter(family_id__in=family_ids).values_list(
            "family_id", "phone", "name"
        ):
            self.guardians[family_id].update({phone, ("name", name)})

    def family_of(self, row: RosterRow) -> int | None:
        found = self.by_phone.get(row.phone) if row.phone else None
        return found or self.by_child.get(row.child_key)

    def plan(self, row: RosterRow, family_id: int) -> RowPlan:
        guardian_key = row.phone or ("name", row.cells["guardian_name"])
        return RowPlan(
            row,
            family_id,
            None,
            child_exists=row.cells["child_name"] in self.children[family_id],
            guardian_exists=guardian_key in self.guardians[family_id],
        )


def plan_rows(rows: list[RosterRow]) -> list[RowPlan]:
    """Plans for the rows that passed their checks, in file order."""
    ok = [row for row in rows if row.ok]
    known = Known(ok)
    by_phone: dict[str, tuple] = {}
    by_child: dict[tuple, tuple] = {}
    new_count = 0
    plans = []
    for row in ok:
        family = by_phone.get(row.phone) if row.phone else None
        family = family or by_child.get(row.child_key)
        if family is None and (existing := known.family_of(row)) is not None:
            family = ("old", existing)
        if family is None:
            new_count += 1
            family = ("new", new_count)
        if row.phone:
            by_phone.setdefault(row.phone, family)
        by_child.setdefault(row.child_key, family)
        kind, value = family
        if kind == "new":
            plans.append(RowPlan(row, None, value, child_exists=False, guardian_exists=False))
        else:
            plans.append(known.plan(row, value))
    return plans
