"""District and school report timings on PostgreSQL at city scale.

    DATABASE_URL=postgres://user:pw@127.0.0.1:5432/parentschool \\
    .venv/bin/python bench/attendance/reports.py [--families 300000 --schools 300]

Works in a database of its own (the DATABASE_URL name + ``_bench``, created if missing;
the role needs CREATEDB). Generates, once, with ``generate_series`` in SQL: one city and
district, ``--schools`` schools of 25 classes, ``--families`` families (one child each, a
sibling in another class for one in ten and at another school for one in ten),
ten ledger entries per family (3,000,000 at the default scale) and the running totals.
Then times, five times each (seven rounds taking turns for the two ways of each
dashboard), the median reported:

* the district dashboard's rows and header (each family counted once) in one statement
  over the enrolments the database keeps, as the dashboards run them
  (``attendance.reporting.dashboard``), and the same numbers worked out from the children
  (``summarize`` for the rows, then ``region_total`` for the header), for the ratio;
* a school dashboard (per class), both ways;
* the same district and school reports computed the obvious way, summing the raw ledger
  instead of the running totals, for the ratio;
* the whole city, district and school dashboard pages through Django's test client, with the one
  statement and again with the numbers from the children swapped in.

``--explain`` prints ``EXPLAIN (ANALYZE, BUFFERS)`` of the district statements first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    return urlunsplit(parts._replace(path="/" + name)), name


def create_database(url: str, name: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


URL, NAME = bench_database_url()
create_database(URL, NAME)
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from attendance import reporting  # noqa: E402
from attendance.models import SchoolYear  # noqa: E402
from schools.models import Region, School  # noqa: E402

CITY = "BC0000"
DISTRICT = "BD0000"

GENERATE = [
    (
        "regions",
        """INSERT INTO schools_region (name, kind, parent_id, code)
           VALUES ('基准市', 'city', NULL, %(city)s)""",
    ),
    (
        "district",
        """INSERT INTO schools_region (name, kind, parent_id, code)
           SELECT '基准区', 'district', id, %(district)s
           FROM schools_region WHERE code = %(city)s""",
    ),
    (
        "schools",
        """INSERT INTO schools_school (region_id, name, kind, stages, address, phone, code)
           SELECT r.id, '基准小学' || g, 'school', '["primary"]', '', '', 'BS' || g
           FROM schools_region r, generate_series(1, %(schools)s) g WHERE r.code = %(district)s""",
    ),
    (
        "classes",
        """INSERT INTO schools_schoolclass (school_id, grade, number)
           SELECT s.id, 'p3', n FROM schools_school s, generate_series(1, 25) n
           WHERE s.code LIKE 'BS%%'""",
    ),
    (
        "families",
        """INSERT INTO families_family (code, address, created_at)
           SELECT 'BF' || g, '', now() FROM generate_series(1, %(families)s) g""",
    ),
    (
        "children",
        """INSERT INTO families_child (family_id, name, gender, birth_date, school_class_id)
           SELECT f.id, '孩子', 'f', DATE '2017-03-01', c.id
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM families_family
                 WHERE code LIKE 'BF%%') f
           JOIN (SELECT c.id, row_number() OVER (ORDER BY c.id) AS rn
                 FROM schools_schoolclass c JOIN schools_school s ON s.id = c.school_id
                 WHERE s.code LIKE 'BS%%') c
             ON c.rn = (f.rn - 1) %% (%(schools)s * 25) + 1""",
    ),
    (
        # One family in ten has a second child in the next class (mostly the same
        # school), one in ten in the same class of the next school.
        "siblings",
        """INSERT INTO families_child (family_id, name, gender, birth_date, school_class_id)
           SELECT f.id, '孩子二', 'm', DATE '2014-03-01', c.id
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM families_family
                 WHERE code LIKE 'BF%%') f
           JOIN (SELECT c.id, row_number() OVER (ORDER BY c.id) AS rn
                 FROM schools_schoolclass c JOIN schools_school s ON s.id = c.school_id
                 WHERE s.code LIKE 'BS%%') c
             ON c.rn = (f.rn - 1 + CASE WHEN f.rn %% 10 = 0 THEN 1 ELSE 25 END)
                       %% (%(schools)s * 25) + 1
           WHERE f.rn %% 10 IN (0, 5)""",
    ),
    (
        "school year",
        """INSERT INTO attendance_schoolyear (region_id, name, starts_on, ends_on)
           SELECT id, '基准学年', CURRENT_DATE - 60, CURRENT_DATE + 300
           FROM schools_region WHERE code = %(city)s""",
    ),
    (
        "semester",
        """INSERT INTO attendance_semester (school_year_id, name, starts_on, ends_on)
           SELECT id, '第一学期', starts_on, ends_on FROM attendance_schoolyear
           WHERE name = '基准学年'""",
    ),
    (
        "ledger",
        """INSERT INTO attendance_ledgerentry (family_id, school_year_id, semester_id, source,
               class_hours, minutes, sessions, guidance, reason, evidence, created_at,
               idempotency_key)
           SELECT f.id, y.id, m.id, 'online', round((0.4 + random() * 1.0)::numeric, 2), 45, 1,
                  (random() < 0.25)::int, '', '{}', now(), 'bench:' || f.id || ':' || n
           FROM families_family f
           CROSS JOIN generate_series(1, 10) n
           JOIN attendance_schoolyear y ON y.name = '基准学年'
           JOIN attendance_semester m ON m.school_year_id = y.id
           WHERE f.code LIKE 'BF%%'""",
    ),
    (
        "running totals",
        """INSERT INTO attendance_familyyeartotal (family_id, school_year_id, sessions,
               class_hours, guidance_1, guidance_2, guidance_3, entries)
           SELECT family_id, school_year_id, SUM(sessions), SUM(class_hours), SUM(guidance),
                  0, 0, COUNT(*)
           FROM attendance_ledgerentry WHERE idempotency_key LIKE 'bench:%%'
           GROUP BY family_id, school_year_id""",
    ),
]


def generate(schools: int, families: int) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    if Region.objects.filter(code=CITY).exists():
        print("reusing the generated city")
        return
    params = {"city": CITY, "district": DISTRICT, "schools": schools, "families": families}
    with connection.cursor() as cursor:
        for label, sql in GENERATE:
            start = time.perf_counter()
            cursor.execute(sql, params)
            print(f"{time.perf_counter() - start:8.2f} s  {label} ({cursor.rowcount} rows)")
        cursor.execute("ANALYZE")


def two_queries(*, school_year, group_by, filter_by, ids):
    """The dashboards' numbers worked out from the children, as before the enrolments
    table: the rows, then the header."""
    rows = reporting.summarize(
        school_year=school_year, group_by=group_by, filter_by=filter_by, ids=ids
    )
    return rows, reporting.region_total(school_year=school_year, filter_by=filter_by, ids=ids)


def explain(report) -> None:
    """Print EXPLAIN (ANALYZE, BUFFERS) of each statement `report()` sends that reads the
    running totals, in a transaction with the report's own work_mem."""
    statements = []

    def capture(execute, sql, params, many, context):
        if "attendance_familyyeartotal" in sql:
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        report()
    for sql, params in statements:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(row[0] for row in cursor.fetchall()), end="\n\n")


RAW_TOTALS = """(SELECT family_id, school_year_id, SUM(sessions) AS sessions,
    SUM(class_hours) AS class_hours, SUM(guidance) AS guidance_1, 0 AS guidance_2,
    0 AS guidance_3 FROM attendance_ledgerentry GROUP BY family_id, school_year_id)"""


def timed(fn, repeat: int = 5) -> tuple[float, float]:
    """Median wall-clock ms of `fn`, and median CPU ms of this process (Django's side;
    PostgreSQL's own CPU is not in it)."""
    return timed_together({"": fn}, repeat)[""]


def timed_together(fns: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """`timed` for functions compared with each other: they take turns, round after
    round, so a neighbour's load falls on all of them alike."""
    wall, cpu = {label: [] for label in fns}, {label: [] for label in fns}
    for _ in range(repeat):
        for label, fn in fns.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[label].append(time.perf_counter() - start)
            cpu[label].append(time.process_time() - start_cpu)
    return {
        label: (statistics.median(wall[label]) * 1000, statistics.median(cpu[label]) * 1000)
        for label in fns
    }


def with_two_queries(fn):
    """`fn` run with the numbers from the children in place of the enrolments."""
    one_statement = reporting.dashboard
    reporting.dashboard = two_queries
    try:
        return fn()
    finally:
        reporting.dashboard = one_statement


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--families", type=int, default=300_000)
    parser.add_argument("--explain", action="store_true", help="print the query plans first")
    args = parser.parse_args()
    generate(args.schools, args.families)
    year = SchoolYear.objects.get(name="基准学年")
    district = Region.objects.get(code=DISTRICT)
    school = School.objects.filter(code="BS1").get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM attendance_ledgerentry")
        entries = cursor.fetchone()[0]
    print(f"ledger entries: {entries:,}; families: {args.families:,}; schools: {args.schools}")

    district_options = {
        "school_year": year,
        "group_by": "school",
        "filter_by": "region",
        "ids": [district.pk],
    }

    def district_dashboard():
        return reporting.dashboard(**district_options)

    def district_two_queries():
        return two_queries(**district_options)

    def district_report():
        return reporting.summarize(**district_options)

    def district_header():
        return reporting.region_total(school_year=year, filter_by="region", ids=[district.pk])

    school_options = {
        "school_year": year,
        "group_by": "class",
        "filter_by": "school",
        "ids": [school.pk],
    }

    def school_dashboard():
        return reporting.dashboard(**school_options)

    def school_two_queries():
        return two_queries(**school_options)

    def school_report():
        return reporting.summarize(**school_options)

    rows, header = district_dashboard()
    print(f"district report: {len(rows)} schools, {header.families:,} families")
    old_rows, old_header = district_two_queries()
    by_school = lambda summaries: sorted(summaries, key=lambda s: s.group_id)  # noqa: E731
    assert (by_school(rows), header) == (by_school(old_rows), old_header), "they disagree"
    if args.explain:
        explain(district_dashboard)
        explain(district_two_queries)
    one, two = "district rows + header, enrolments", "district rows + header, from children"
    results = timed_together({one: district_dashboard, two: district_two_queries}, repeat=7)
    school_one = "school rows + header, enrolments"
    school_two = "school rows + header, from children"
    results |= timed_together(
        {school_one: school_dashboard, school_two: school_two_queries}, repeat=7
    )
    results |= {
        "district report": timed(district_report),
        "district header (each family once)": timed(district_header),
        "school report": timed(school_report),
    }
    original = reporting.TOTALS_TABLE
    reporting.TOTALS_TABLE = RAW_TOTALS
    try:
        results["district report, raw ledger"] = timed(district_report, repeat=3)
        results["school report, raw ledger"] = timed(school_report, repeat=3)
    finally:
        reporting.TOTALS_TABLE = original
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", is_superuser=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    base = "/zh-hans/attendance/reports"
    pages = [
        ("city page", f"{base}/region/{district.parent_id}/"),
        ("district page", f"{base}/region/{district.pk}/"),
        ("school page", f"{base}/school/{school.pk}/"),
    ]
    for label, url in pages:
        assert client.get(url).status_code == 200
        old = f"{label}, from children"
        fns = {
            label: lambda url=url: client.get(url),
            old: lambda url=url: with_two_queries(lambda: client.get(url)),
        }
        results |= timed_together(fns, repeat=7)
    for label, (wall, cpu) in results.items():
        print(f"{label:40s} {wall:9.1f} ms (median; {cpu:7.1f} ms CPU here)")
    ratio_d = results["district report, raw ledger"][0] / results["district report"][0]
    ratio_s = results["school report, raw ledger"][0] / results["school report"][0]
    print(f"running totals vs raw ledger: district {ratio_d:.1f}x, school {ratio_s:.1f}x faster")
    sql = results[two][0] / results[one][0]
    page = results["district page, from children"][0] / results["district page"][0]
    school_sql = results[school_two][0] / results[school_one][0]
    print(
        f"enrolments vs from children: district SQL {sql:.2f}x, district page {page:.2f}x, "
        f"school SQL {school_sql:.2f}x"
    )


if __name__ == "__main__":
    main()
