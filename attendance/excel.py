"""The hours export: one row per family with class, guardians, sessions, hours, guidance
activities and whether the rule is met. Written in batches with openpyxl's write-only
mode, so a city-wide export keeps memory flat and reports its progress as it goes."""

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from families.models import Child, Family, Guardian
from schools.models import Region

from . import selectors
from .models import MAX_SEMESTERS, FamilyYearTotal, SchoolYear

BATCH = 2000


def families_of(*, level: str, target_id: int) -> QuerySet[Family]:
    """Families of a region (and its districts), a school or a class."""
    if level == "region":
        regions = Region.objects.get(pk=target_id).self_and_descendant_ids()
        where = {"children__school_class__school__region__in": regions}
    elif level == "school":
        where = {"children__school_class__school": target_id}
    else:
        where = {"children__school_class": target_id}
    return Family.objects.filter(pk__in=Family.objects.filter(**where).values("pk"))


def _header(semesters) -> list[str]:
    return [
        _("Family number"),
        _("School"),
        _("Class"),
        _("Guardians"),
        _("Sessions"),
        _("Class hours"),
        *[_("Guidance activities, %(name)s") % {"name": s.name} for s in semesters],
        _("Compliant"),
    ]


def _batch_rows(family_ids: list[int], school_year: SchoolYear, semesters, rules) -> Iterator:
    totals = {
        t.family_id: t
        for t in FamilyYearTotal.objects.filter(school_year=school_year, family_id__in=family_ids)
    }
    guardians = defaultdict(list)
    for family_id, name in Guardian.objects.filter(family_id__in=family_ids).values_list(
        "family_id", "name"
    ):
        guardians[family_id].append(name)
    classes = defaultdict(list)
    children = Child.objects.filter(family_id__in=family_ids, school_class__isnull=False)
    for child in children.select_related("school_class__school").order_by("birth_date"):
        classes[child.family_id].append(child.school_class)
    codes = dict(Family.objects.filter(pk__in=family_ids).values_list("pk", "code"))
    for family_id in family_ids:
        yield _row(
            codes[family_id],
            totals.get(family_id),
            guardians,
            classes[family_id],
            family_id,
            semesters,
            rules,
        )


def _row(code, total, guardians, classes, family_id, semesters, rules) -> list:
    first = classes[0] if classes else None
    rule = rules(first.school.region_id) if first else selectors.Rule()
    progress = selectors.FamilyProgress(
        rule=rule,
        school_year=None,
        sessions=total.sessions if total else 0,
        class_hours=total.class_hours if total else Decimal("0"),
        guidance_by_semester={
            s: getattr(total, f"guidance_{i + 1}") if total else 0 for i, s in enumerate(semesters)
        },
    )
    return [
        code,
        first.school.name if first else "",
        "、".join(str(c) for c in classes),
        "、".join(guardians[family_id]),
        progress.sessions,
        float(progress.class_hours),
        *progress.guidance_by_semester.values(),
        _("Yes") if progress.compliant else _("No"),
    ]


def write_export(
    *,
    families: QuerySet[Family],
    school_year: SchoolYear,
    on_progress: Callable[[int, int], None],
) -> str:
    """Write the workbook to a temporary file and return its path."""
    semesters = list(selectors.started_semesters(school_year=school_year)[:MAX_SEMESTERS])
    cache: dict[int, selectors.Rule] = {}

    def rules(region_id: int) -> selectors.Rule:
        if region_id not in cache:
            region = Region.objects.get(pk=region_id)
            cache[region_id] = selectors.rule_for(region=region, school_year=school_year)
        return cache[region_id]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Family hours"))
    sheet.append(_header(semesters))
    ids = list(families.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for row in _batch_rows(batch, school_year, semesters, rules):
            sheet.append(row)
        on_progress(start + len(batch), len(ids))
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        path = handle.name
    workbook.save(path)
    return path
