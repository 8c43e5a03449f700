"""The hours export: one row per family with class, guardians, sessions, hours, guidance
activities and whether the rule is met. Written in batches with openpyxl's write-only
mode, so a city-wide export keeps memory flat and reports its progress as it goes."""

import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator

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


class _Calendars:
    """`selectors.calendar_during` per district, cached: thousands of families share a
    few districts."""

    def __init__(self, school_year: SchoolYear):
        self.school_year = school_year
        self.cache: dict[int, selectors.Calendar] = {}

    def of(self, region_id: int) -> selectors.Calendar:
        if region_id not in self.cache:
            region = Region.objects.get(pk=region_id)
            self.cache[region_id] = selectors.calendar_during(
                region=region, school_year=self.school_year
            )
        return self.cache[region_id]


def _batch_rows(family_ids: list[int], calendars: _Calendars, columns: int) -> Iterator:
    classes = defaultdict(list)
    children = Child.objects.filter(family_id__in=family_ids, school_class__isnull=False)
    for child in children.select_related("school_class__school").order_by("birth_date"):
        classes[child.family_id].append(child.school_class)
    # The family's district is its eldest enrolled child's: its calendar and rule apply.
    years = {
        family_id: calendars.of(found[0].school.region_id).school_year.pk
        for family_id, found in classes.items()
    }
    totals = {
        (t.family_id, t.school_year_id): t
        for t in FamilyYearTotal.objects.filter(
            family_id__in=family_ids,
            school_year_id__in={calendars.school_year.pk, *years.values()},
        )
    }
    guardians = defaultdict(list)
    for family_id, name in Guardian.objects.filter(family_id__in=family_ids).values_list(
        "family_id", "name"
    ):
        guardians[family_id].append(name)
    codes = dict(Family.objects.filter(pk__in=family_ids).values_list("pk", "code"))
    for family_id in family_ids:
        total = totals.get((family_id, years.get(family_id, calendars.school_year.pk)))
        found = classes[family_id]
        calendar = calendars.of(found[0].school.region_id) if found else None
        yield _row(codes[family_id], total, guardians[family_id], found, calendar, columns)


def _row(code, total, guardians, classes, calendar, columns: int) -> list:
    first = classes[0] if classes else None
    rule, semesters = (calendar.rule, calendar.semesters) if calendar else (selectors.Rule(), [])
    progress = selectors.FamilyProgress.from_total(
        total, rule=rule, school_year=None, semesters=semesters
    )
    guidance = list(progress.guidance_by_semester.values())[:columns]
    return [
        code,
        first.school.name if first else "",
        "、".join(str(c) for c in classes),
        "、".join(guardians),
        progress.sessions,
        float(progress.class_hours),
        # A district on a calendar of its own fills the columns by semester order; a
        # semester that has not begun there owes nothing and stays blank.
        *guidance,
        *[""] * (columns - len(guidance)),
        _("Yes") if progress.compliant else _("No"),
    ]


def write_export(
    *,
    families: QuerySet[Family],
    school_year: SchoolYear,
    on_progress: Callable[[int, int], None],
) -> str:
    """Write the workbook to a temporary file and return its path. Each family is read in
    the school year its district records hours in during `school_year`."""
    semesters = list(selectors.started_semesters(school_year=school_year)[:MAX_SEMESTERS])
    calendars = _Calendars(school_year)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Family hours"))
    sheet.append(_header(semesters))
    ids = list(families.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for row in _batch_rows(batch, calendars, len(semesters)):
            sheet.append(row)
        on_progress(start + len(batch), len(ids))
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        path = handle.name
    workbook.save(path)
    return path
