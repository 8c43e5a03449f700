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

    @property
    def average_hours(self) -> Decimal:
        return (Decimal(self.hours_total) / self.families).quantize(Decimal("0.01"))

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
    `summarize` and `region_total`: each family is joined to its totals once, marked on
    its first row (lowest district, then group), counted in every row it belongs to and
    once in the header, judged there by the rule of that first row's district."""
    if not ids:
        return [], None
    rules, params, years = _rules_for(school_year=school_year, filter_by=filter_by, ids=ids)
    first = "ROW_NUMBER() OVER (PARTITION BY m.family_id ORDER BY m.region_id, m.group_id) = 1"
    sql = f"""
        WITH {rules}, members AS ({_members_sql(group_by=group_by, filter_by=filter_by, ids=ids)}),
        scored AS (
            SELECT m.group_id, CASE WHEN {first} THEN 1 ELSE 0 END AS head,
                   CASE WHEN t.family_id IS NULL THEN 0 ELSE 1 END AS covered,
                   COALESCE(t.class_hours, 0) AS hours,
                   CASE WHEN {compliance_sql()} THEN 1 ELSE 0 END AS ok
            {_scored_from(len(years))})
        SELECT group_id, COUNT(*), SUM(covered), SUM(hours), SUM(ok), SUM(head),
               SUM(head * covered), SUM(CASE WHEN head = 1 THEN hours ELSE 0 END),
               SUM(head * ok)
        FROM scored GROUP BY group_id"""  # noqa: S608
    fetched = _fetch(sql, [*params, *ids, *years])
    rows = [GroupSummary(*row[:5]) for row in fetched]
    # Each family heads exactly one row, so the header is the sum of the rows' heads.
    header = [sum(row[i] for row in fetched) for i in range(5, 9)]
    return rows, (GroupSummary(0, *header) if fetched else None)


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
