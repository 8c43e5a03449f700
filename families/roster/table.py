"""Children as roster rows (one row per child and guardian), the shape import reads back."""

from django.db.models import QuerySet

from ..models import Child
from .columns import HEADERS, SPECIAL_GROUPS_HEADER


def roster_table(
    *, children: QuerySet[Child], special_groups: bool
) -> tuple[list[str], list[list[str]]]:
    """Header and rows. The special-group column is added only when asked, for people
    allowed to see it (the caller logs the access)."""
    children = children.select_related("school_class__school", "family").prefetch_related(
        "family__guardians", "special_groups"
    )
    header = HEADERS + ([SPECIAL_GROUPS_HEADER] if special_groups else [])
    rows = []
    for child in children.order_by(
        "school_class__school__code", "school_class__grade", "school_class__number", "name", "pk"
    ):
        base = [
            str(child.school_class) if child.school_class else "",
            child.name,
            str(child.get_gender_display()),
            child.birth_date.isoformat(),
        ]
        flags = "、".join(str(f.get_group_display()) for f in child.special_groups.all())
        for guardian in child.family.guardians.all() or [None]:
            row = base + _guardian_cells(guardian)
            rows.append(row + [flags] if special_groups else row)
    return header, rows


def _guardian_cells(guardian) -> list[str]:
    if guardian is None:
        return ["", "", ""]
    return [guardian.name, str(guardian.get_relation_display()), guardian.phone]
