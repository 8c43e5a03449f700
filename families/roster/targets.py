"""What a roster import or export is about: a whole school ("school:3") or one class
("class:12"), offered only within the classes the user may use."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from schools.models import School, SchoolClass


@dataclass
class Target:
    value: str
    classes: list[SchoolClass]
    default_class: SchoolClass | None  # a class import may leave 班级 blank


def target_choices(
    *, classes: QuerySet[SchoolClass], whole_schools: QuerySet[School]
) -> list[tuple[str, str]]:
    choices = [
        (f"school:{school.pk}", _("%(school)s (whole school)") % {"school": school})
        for school in whole_schools
    ]
    for school_class in classes.select_related("school"):
        choices.append((f"class:{school_class.pk}", f"{school_class.school} · {school_class}"))
    return choices


def resolve_target(
    value: str, *, classes: QuerySet[SchoolClass], whole_schools: QuerySet[School]
) -> Target | None:
    """The target named by `value` if the user may use it, else None."""
    kind, _sep, pk = value.partition(":")
    if not pk.isdigit():
        return None
    if kind == "school" and whole_schools.filter(pk=pk).exists():
        return Target(value, list(classes.filter(school_id=pk)), None)
    if kind == "class":
        school_class = classes.filter(pk=pk).first()
        if school_class is not None:
            return Target(value, [school_class], school_class)
    return None
