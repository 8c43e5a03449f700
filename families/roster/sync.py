"""Roster sync: which children an import would move out of their class because the file
no longer lists them (a transfer, a graduation).

Which classes are synced: the class imported into, or, for a whole-school import, each
class that at least one row of the file names. A class the file does not mention is left
alone, so a school admin can upload one grade's list without emptying the others.

A child counts as listed when one of the planned rows matches it (`RowPlan.child_id`), so
a child the file moves to another class of the school is moved, not moved out.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from schools.models import SchoolClass

from ..models import Child
from .plan import RowPlan
from .rows import RosterRow
from .targets import Target


@dataclass
class SyncPlan:
    classes: list[SchoolClass]
    leavers: list[Child] = field(default_factory=list)
    refusal: str = ""  # why the sync may not run, for the user
    emptied: list[SchoolClass] = field(default_factory=list)  # every child now there leaves

    @property
    def leaver_ids(self) -> list[int]:
        return [child.pk for child in self.leavers]


def sync_classes(*, rows: list[RosterRow], target: Target) -> list[SchoolClass]:
    """The classes a sync of this import covers (see the module docstring)."""
    if target.default_class is not None:
        return [target.default_class]
    named = {row.school_class.pk for row in rows if row.ok}
    return [school_class for school_class in target.classes if school_class.pk in named]


def plan_sync(
    *,
    rows: list[RosterRow],
    plans: list[RowPlan],
    target: Target,
    editable: QuerySet[SchoolClass],
) -> SyncPlan:
    """Who a sync would move out, or why it is refused. Only children of `editable`
    classes are ever listed, whatever the target says."""
    classes = sync_classes(rows=rows, target=target)
    if not any(row.ok for row in rows):
        return SyncPlan(classes, refusal=_empty_refusal())
    if not all(row.ok for row in rows):
        # Leavers worked out from the good rows alone would include the children of the
        # bad ones.
        return SyncPlan(classes, refusal=_errors_refusal())
    listed = {plan.child_id for plan in plans if plan.child_id}
    leavers = (
        Child.objects.filter(school_class__in=classes)
        .filter(school_class__in=editable)
        .exclude(pk__in=listed)
        .select_related("family", "school_class")
        .order_by("school_class__grade", "school_class__number", "name", "pk")
    )
    leavers = list(leavers)
    return SyncPlan(classes, leavers, emptied=_emptied(classes, leavers))


def _emptied(classes: list[SchoolClass], leavers: list[Child]) -> list[SchoolClass]:
    """Classes none of whose current children the file lists: most often the wrong class
    was chosen, so the preview warns (the file's own rows still fill the class)."""
    leaving = Counter(child.school_class_id for child in leavers)
    sizes = dict(
        Child.objects.filter(school_class__in=classes)
        .values_list("school_class")
        .annotate(size=Count("pk"))
        .order_by()
    )
    return [c for c in classes if leaving[c.pk] and leaving[c.pk] == sizes.get(c.pk)]


def _empty_refusal() -> str:
    return _(
        "Syncing the roster needs at least one valid row: this file would move every child "
        "out of the class. Nothing has been imported."
    )


def _errors_refusal() -> str:
    return _(
        "Children are moved out only when every row of the file is valid; the list of those "
        "who would leave appears once the errors are corrected."
    )
