"""Aggregated hours reports, computed in SQL (GROUP BY over the running totals), never
by looping over families in Python.

A family counts once in each group it belongs to (a family with two children in one
school is one family of that school). Compliance uses the rule of the family's district
and owes guidance only for semesters that have begun."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from schools.models import Region

from . import selectors
from .models import MAX_SEMESTERS, FamilyYearTotal, SchoolYear

# The per-family running totals the reports read (benchmarks swap in a raw-ledger sum).
TOTALS_TABLE = "attendance_familyyeartotal"
# What the report groups by, and the column of the class→school→district join naming it.
GROUP_COLUMNS = {"district": "s.region_id", "school": "s.id", "class": "sc.id"}
FILTER_COLUMNS = {"region": "s.region_id", "school": "s.id", "class": "sc.id"}


@dataclass
class GroupSummary:
    group_id: int
    families: int
    covered: int
    hours_total: Decimal
    compliant: int
    name: str = ""

    def __post_init__(self) -> None:
        # SQLite sums the decimal column as a float (145.82999999999998).
        self.hours_total = Decimal(str(self.hours_total)).quantize(Decimal("0.01"))

    @property
    def average_hours(self) -> Decimal:
        return (self.hours_total / self.families).quantize(Decimal("0.01"))

    @property
    def coverage_percent(self) -> int:
        return round(100 * self.covered / self.families) if self.families else 0

    @property
    def compliant_percent(self) -> int:
        return round(100 * self.compliant / self.families) if self.families else 0


def _rules_cte(*, school_year: SchoolYear, district_ids: list[int]) -> tuple[str, list, list[int]]:
    """Per district: its rule, the school year its hours are recorded in during
    `school_year` (its own, when it keeps one) and how many of that year's semesters have
    begun (guidance is owed only for those)."""
    placeholders, params, years = [], [], set()
    for district in Region.objects.filter(pk__in=district_ids):
        calendar = selectors.calendar_during(region=district, school_year=school_year)
        rule, year = calendar.rule, calendar.school_year
        years.add(year.pk)
        placeholders.append("(%s, %s, %s, %s, %s, %s)")
        # A float, not a Decimal: SQLite would bind a Decimal as text, which compares
        # greater than every number.
        params += [district.pk, rule.min_sessions, float(rule.min_class_hours)]
        params += [rule.min_guidance_per_semester, year.pk, len(calendar.semesters)]
    values = ", ".join(placeholders)
    columns = "region_id, min_s, min_h, min_g, year_id, started"
    return f"rules({columns}) AS (VALUES {values})", params, sorted(years)


def compliance_sql() -> str:
    """The SQL condition (over `t` totals and `r` rules) of a compliant family."""
    guidance = " AND ".join(
        f"(r.started < {i + 1} OR COALESCE(t.guidance_{i + 1}, 0) >= r.min_g)"
        for i in range(MAX_SEMESTERS)
    )
    return (
        "COALESCE(t.sessions, 0) >= r.min_s AND COALESCE(t.class_hours, 0) >= r.min_h AND "
        + guidance
    )


def dashboard(
    *, school_year: SchoolYear, group_by: str, filter_by: str, ids: list[int]
) -> tuple[list[GroupSummary], GroupSummary | None]:
    """The rows and the header of a dashboard in one statement, with the numbers of
    `summarize` and `region_total`: each family is counted in every row (class, school or
    district) it belongs to and once in the header, judged there by the rule of its
    lowest selected district.

    It reads `FamilyEnrolment`, where the database keeps each family's classes with its
    first class per school and first school per district marked, so a district of
    300,000 families is one pass over that table joined to the totals: no join through
    the children, no de-duplication, no sort."""
    if not ids:
        return [], None
    if group_by not in DASHBOARD_GROUPS[filter_by]:
        raise ValueError(f"a dashboard filtered by {filter_by} cannot group by {group_by}")
    rules, params, years = _rules_for(school_year=school_year, filter_by=filter_by, ids=ids)
    members, member_params = _enrolled_sql(group_by=group_by, filter_by=filter_by, ids=ids)
    sql = f"""
        WITH {rules}, members AS ({members}),
        scored AS (
            SELECT m.group_id, m.head,
                   CASE WHEN t.family_id IS NULL THEN 0 ELSE 1 END AS covered,
                   COALESCE(t.class_hours, 0) AS hours,
                   CASE WHEN {compliance_sql()} THEN 1 ELSE 0 END AS ok
            {_scored_from(len(years))})
        SELECT group_id, COUNT(*), SUM(covered), SUM(hours), SUM(ok), SUM(head),
               SUM(head * covered), SUM(CASE WHEN head = 1 THEN hours ELSE 0 END),
               SUM(head * ok)
        FROM scored GROUP BY group_id"""  # noqa: S608
    fetched = _fetch(sql, [*params, *member_params, *years])
    rows = [GroupSummary(*row[:5]) for row in fetched]
    # Each family heads exactly one row, so the header is the sum of the rows' heads.
    header = [sum(row[i] for row in fetched) for i in range(5, 9)]
    return rows, (GroupSummary(0, *header) if fetched else None)


# For each level a dashboard is filtered by, the levels it may group by: the same or
# finer, so each row a family is counted in lies inside the selection.
DASHBOARD_GROUPS = {
    "region": ("district", "school", "class"),
    "school": ("school", "class"),
    "class": ("class",),
}
ENROLMENT_COLUMNS = {"district": "region_id", "school": "school_id", "class": "school_class_id"}
ENROLMENT_FILTERS = {"region": "region_id", "school": "school_id", "class": "school_class_id"}
# A family's rows that count it once per group: its first class in each school, its
# first (school, class) in each district.
FIRST_IN_GROUP = {"district": "e.first_in_region", "school": "e.first_in_school", "class": ""}
# The row that counts a family in the header: its first one in its lowest selected
# district (school, class). The marks answer on their own for a family enrolled in one
# district (school); only others look for a lower selected row.
FIRST_SELECTED = {
    "region": "e.first_in_region AND (e.regions = 1 OR {lower})",
    "school": "e.first_in_school AND (e.schools = 1 OR {lower})",
    "class": "{lower}",
}


def _enrolled_sql(*, group_by: str, filter_by: str, ids: list[int]) -> tuple[str, list[int]]:
    """(family, group, district, head) for each group a selected family is counted in,
    with head = 1 on the one row that counts it in the header; and its parameters."""
    column, marks = ENROLMENT_FILTERS[filter_by], ", ".join(["%s"] * len(ids))
    lower = f"""NOT EXISTS (
        SELECT 1 FROM families_familyenrolment o
        WHERE o.family_id = e.family_id AND o.{column} IN ({marks})
          AND (o.region_id, o.school_id, o.school_class_id)
            < (e.region_id, e.school_id, e.school_class_id))"""  # noqa: S608
    head = FIRST_SELECTED[filter_by].format(lower=lower)
    first = FIRST_IN_GROUP[group_by]
    sql = f"""
        SELECT e.family_id, e.{ENROLMENT_COLUMNS[group_by]} AS group_id, e.region_id,
               CASE WHEN {head} THEN 1 ELSE 0 END AS head
        FROM families_familyenrolment e
        WHERE e.{column} IN ({marks}){f" AND {first}" if first else ""}"""  # noqa: S608
    return sql, [*ids, *ids]


def summarize(
    *, school_year: SchoolYear, group_by: str, filter_by: str, ids: list[int]
) -> list[GroupSummary]:
    """Families, families with any credit, total hours and compliant families per group
    (district, school or class) among the schools/classes/regions `ids` select.
    A page that also shows the header asks `dashboard` for both in one statement."""
    if not ids:
        return []
    members = _members_sql(group_by=group_by, filter_by=filter_by, ids=ids)
    return _aggregate(school_year=school_year, members=members, filter_by=filter_by, ids=ids)


def region_total(*, school_year: SchoolYear, filter_by: str, ids: list[int]) -> GroupSummary | None:
    """The header of a dashboard: every family of the selection counted once, however
    many of its schools or classes it has children in (the rows count it in each).
    A family in two districts is judged by the rule of the lower-numbered one."""
    if not ids:
        return None
    members = f"""
        SELECT c.family_id AS family_id, 0 AS group_id, MIN(s.region_id) AS region_id
        {_members_from(filter_by=filter_by, count=len(ids))}
        GROUP BY c.family_id"""  # noqa: S608
    rows = _aggregate(school_year=school_year, members=members, filter_by=filter_by, ids=ids)
    return rows[0] if rows else None


def _members_sql(*, group_by: str, filter_by: str, ids: list[int]) -> str:
    """(family, group, district) once each: a family with two children in one group is
    one member of it."""
    # Only placeholders and fixed column names are formatted into the SQL.
    return f"""
        SELECT DISTINCT c.family_id AS family_id, {GROUP_COLUMNS[group_by]} AS group_id,
               s.region_id AS region_id
        {_members_from(filter_by=filter_by, count=len(ids))}"""  # noqa: S608


def _members_from(*, filter_by: str, count: int) -> str:
    id_marks = ", ".join(["%s"] * count)
    return f"""FROM families_child c
        JOIN schools_schoolclass sc ON sc.id = c.school_class_id
        JOIN schools_school s ON s.id = sc.school_id
        WHERE {FILTER_COLUMNS[filter_by]} IN ({id_marks})"""  # noqa: S608


def _scored_from(year_count: int) -> str:
    """Members with their district's rule and their running totals (if any) of the year
    their district records hours in. The years are also listed as constants, so only
    their totals are read."""
    year_marks = ", ".join(["%s"] * year_count)
    return f"""FROM members m
        JOIN rules r ON r.region_id = m.region_id
        LEFT JOIN {TOTALS_TABLE} t
               ON t.family_id = m.family_id AND t.school_year_id = r.year_id
              AND t.school_year_id IN ({year_marks})"""  # noqa: S608


def _aggregate(
    *, school_year: SchoolYear, members: str, filter_by: str, ids: list[int]
) -> list[GroupSummary]:
    rules, params, years = _rules_for(school_year=school_year, filter_by=filter_by, ids=ids)
    sql = f"""
        WITH {rules}, members AS ({members})
        SELECT m.group_id, COUNT(*), COUNT(t.family_id), COALESCE(SUM(t.class_hours), 0),
               SUM(CASE WHEN {compliance_sql()} THEN 1 ELSE 0 END)
        {_scored_from(len(years))}
        GROUP BY m.group_id"""  # noqa: S608
    return [GroupSummary(*row) for row in _fetch(sql, [*params, *ids, *years])]


def _fetch(sql: str, params: list) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A district's families fit in memory: hash them there rather than on disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            # The planner prices the once-per-family checks as if every row ran them, and
            # above its threshold it compiles the statement first: 0.5 s of JIT for a
            # query that runs in less.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rules_for(
    *, school_year: SchoolYear, filter_by: str, ids: list[int]
) -> tuple[str, list, list[int]]:
    district_ids = _district_ids(filter_by=filter_by, ids=ids)
    return _rules_cte(school_year=school_year, district_ids=district_ids)


def _district_ids(*, filter_by: str, ids: list[int]) -> list[int]:
    from schools.models import School

    if filter_by == "region":
        return list(ids)
    if filter_by == "school":
        schools = School.objects.filter(pk__in=ids)
    else:
        schools = School.objects.filter(classes__pk__in=ids)
    return list(schools.values_list("region_id", flat=True).distinct())


def family_progress_rows(*, school_year: SchoolYear, families, region: Region) -> list:
    """(family, FamilyProgress) for a class-sized set of families, the furthest behind
    first: not compliant before compliant, then by how much of the rule is done."""
    rule = selectors.rule_for(region=region, school_year=school_year)
    semesters = list(selectors.started_semesters(school_year=school_year)[:MAX_SEMESTERS])
    totals = {
        t.family_id: t
        for t in FamilyYearTotal.objects.filter(school_year=school_year, family__in=families)
    }
    rows = []
    for family in families:
        progress = selectors.FamilyProgress.from_total(
            totals.get(family.pk), rule=rule, school_year=school_year, semesters=semesters
        )
        rows.append((family, progress))
    rows.sort(key=lambda r: (r[1].compliant, r[1].hours_percent + r[1].sessions_percent))
    return rows
