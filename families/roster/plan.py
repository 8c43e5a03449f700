"""Decide, without writing, what each checked roster row will do: which family it joins
(an existing one, found by a guardian's mobile number or by the child already in that class,
or a new one) and whether the child and guardian are new or updated.

Siblings in other classes or schools join the same family through a shared guardian's
mobile number, so a household stays one family across schools. When two families share a
number, the older one wins.

Everything the plan needs from the database is read in four queries, whatever the number
of rows, plus one for children moved out of a class by a roster sync and one for children
the rows would take from a class the importer may not change (bench/roster_import measures
it against a lookup per row).

A child moved out of a class by a sync (`families.roster.sync`) has no class any more; the
departure record remembers which class it left, so listing that child in the class again
finds the same child (and family) instead of creating a duplicate, even without a guardian's
mobile number.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from schools.models import SchoolClass

from ..models import Child, ClassDeparture, Guardian
from .rows import RosterRow


@dataclass
class RowPlan:
    row: RosterRow
    family_id: int | None  # an existing family
    new_family: int | None  # index of a family this import creates
    child_exists: bool
    guardian_exists: bool
    child_id: int | None = None  # the existing child the row updates


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
        classes = {row.school_class.pk for row in rows}
        names = {row.cells["child_name"] for row in rows}
        for class_id, name, family_id in (
            Child.objects.filter(school_class__in=classes, name__in=names)
            .order_by("pk")
            .values_list("school_class_id", "name", "family_id")
        ):
            self.by_child.setdefault((class_id, name), family_id)
        # After the children still in the class, so that a current member wins a tie.
        for class_id, name, family_id in (
            ClassDeparture.objects.filter(
                school_class__in=classes,
                child__name__in=names,
                child__school_class__isnull=True,
            )
            .order_by("-moved_at", "-pk")
            .values_list("school_class_id", "child__name", "child__family_id")
        ):
            self.by_child.setdefault((class_id, name), family_id)
        self._load_members(set(self.by_phone.values()) | set(self.by_child.values()))

    def _load_members(self, family_ids: set[int]) -> None:
        self.children: dict[int, dict[str, int]] = defaultdict(dict)
        self.guardians: dict[int, set[str]] = defaultdict(set)
        # Oldest first: the roster writer updates the oldest child of a name in a family.
        for family_id, name, pk in (
            Child.objects.filter(family_id__in=family_ids)
            .order_by("pk")
            .values_list("family_id", "name", "pk")
        ):
            self.children[family_id].setdefault(name, pk)
        for family_id, phone, name in Guardian.objects.filter(family_id__in=family_ids).values_list(
            "family_id", "phone", "name"
        ):
            self.guardians[family_id].update({phone, ("name", name)})

    def family_of(self, row: RosterRow) -> int | None:
        found = self.by_phone.get(row.phone) if row.phone else None
        return found or self.by_child.get(row.child_key)

    def plan(self, row: RosterRow, family_id: int) -> RowPlan:
        guardian_key = row.phone or ("name", row.cells["guardian_name"])
        child_id = self.children[family_id].get(row.cells["child_name"])
        return RowPlan(
            row,
            family_id,
            None,
            child_exists=child_id is not None,
            guardian_exists=guardian_key in self.guardians[family_id],
            child_id=child_id,
        )


def plan_rows(rows: list[RosterRow], *, movable: QuerySet[SchoolClass]) -> list[RowPlan]:
    """Plans for the rows that passed their checks, in file order. A row that would move
    an existing child out of a class not in `movable` (another teacher's class, another
    school's) gets an error and no plan: a transfer starts at the school the child leaves."""
    plans = _plan(rows)
    return _refuse_moves_from_elsewhere(plans, movable=movable)


def _refuse_moves_from_elsewhere(
    plans: list[RowPlan], *, movable: QuerySet[SchoolClass]
) -> list[RowPlan]:
    children = {plan.child_id for plan in plans if plan.child_id}
    elsewhere = set(
        Child.objects.filter(pk__in=children, school_class__isnull=False)
        .exclude(school_class__in=movable)
        .values_list("pk", flat=True)
    )
    for plan in plans:
        if plan.child_id in elsewhere:
            plan.row.errors.append(
                _(
                    "This child is in a class you cannot change (another class or school). "
                    "The school the child leaves moves them out of that class first; then "
                    "import again."
                )
            )
    return [plan for plan in plans if plan.child_id not in elsewhere]


def _plan(rows: list[RosterRow]) -> list[RowPlan]:
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
