"""Roster import at its limit (2000 rows): read, check, plan, apply; and the plan's batched
reads against the obvious alternative, a lookup per row.

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/roster_import/run.py
    DATABASE_URL=postgres://... (same command)   # the same on PostgreSQL

Builds a throwaway test database: one school, 24 classes, 1000 families already recorded;
the roster re-lists those 1000 children (updates) and adds 1000 new ones, a fifth of them
siblings sharing a guardian's number. Each timing is the best of --repeat runs.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

from tests.families.rosters import xlsx_bytes  # noqa: E402

CLASSES = 24
EXISTING = 1000
NEW = 1000


def build_classes():
    """One primary school of 云溪市 with CLASSES classes, no children yet."""
    from schools.models import Region, School, SchoolClass

    city = Region.objects.create(name="云溪市", kind="city", code="990100")
    district = Region.objects.create(name="东湖区", kind="district", code="990102", parent=city)
    school = School.objects.create(region=district, name="育英小学", code="1", stages=["primary"])
    grades = ["p1", "p2", "p3", "p4", "p5", "p6"]
    classes = [
        SchoolClass.objects.create(school=school, grade=grades[i % 6], number=i // 6 + 1)
        for i in range(CLASSES)
    ]
    return school, classes


def build_school():
    from families.models import Child, Family, Guardian

    school, classes = build_classes()
    for i in range(EXISTING):
        family = Family.objects.create(code=f"B{i:06d}")
        Guardian.objects.create(family=family, name=f"家长{i}", relation="mother", phone=phone(i))
        Child.objects.create(
            family=family,
            name=f"学生{i}",
            gender="f",
            birth_date=datetime.date(2017, 9, 1),
            school_class=classes[i % CLASSES],
        )
    return school, classes


def phone(i: int) -> str:
    return f"139{i:08d}"


def roster_rows(classes) -> list[list[str]]:
    rng = random.Random(7)  # noqa: S311 - a repeatable sample, not a secret
    rows = []
    for i in range(EXISTING + NEW):
        number = i if i < EXISTING or rng.random() > 0.2 else rng.randrange(EXISTING)
        label = str(classes[i % CLASSES])
        rows.append([label, f"学生{i}", "女", "2017-09-02", f"家长{number}", "母亲", phone(number)])
    return rows


def per_row_plan(rows):
    """The obvious alternative: ask the database about each row as it comes."""
    from families.models import Child, Guardian
    from families.roster.plan import RowPlan

    by_phone, by_child, plans, new = {}, {}, [], 0
    for row in (r for r in rows if r.ok):
        family = (by_phone.get(row.phone) if row.phone else None) or by_child.get(row.child_key)
        if family is None:
            guardian = Guardian.objects.filter(phone=row.phone).order_by("pk").first()
            child = Child.objects.filter(
                school_class=row.school_class, name=row.cells["child_name"]
            ).first()
            existing = guardian.family_id if guardian else (child.family_id if child else None)
            family = ("old", existing) if existing else None
        if family is None:
            new += 1
            family = ("new", new)
        by_phone.setdefault(row.phone, family)
        by_child.setdefault(row.child_key, family)
        kind, value = family
        child_exists = (
            kind == "old"
            and Child.objects.filter(family_id=value, name=row.cells["child_name"]).exists()
        )
        guardian_exists = (
            kind == "old" and Guardian.objects.filter(family_id=value, phone=row.phone).exists()
        )
        plans.append(
            RowPlan(
                row,
                value if kind == "old" else None,
                value if kind == "new" else None,
                child_exists,
                guardian_exists,
            )
        )
    return plans


def per_row_apply(plans):
    """The obvious alternative to bulk writes: look up and save each row's records."""
    from families.models import Child, Family, Guardian
    from families.services import family_code

    new = {}
    for plan in plans:
        row = plan.row
        if plan.family_id:
            family = Family.objects.get(pk=plan.family_id)
        else:
            family = new.get(plan.new_family) or Family.objects.create(code=family_code())
            new[plan.new_family] = family
        guardian = family.guardians.filter(phone=row.phone).first() or Guardian(family=family)
        guardian.name, guardian.relation = row.cells["guardian_name"], row.relation
        guardian.phone = row.phone
        guardian.save()
        child = family.children.filter(name=row.cells["child_name"]).first() or Child(
            family=family, name=row.cells["child_name"]
        )
        child.gender, child.birth_date, child.school_class = (
            row.gender,
            row.birth_date,
            row.school_class,
        )
        child.save()


def rolled_back(fn):
    def run():
        with transaction.atomic():
            result = fn()
            transaction.set_rollback(True)
        return result

    return run


def best(fn, repeat: int):
    timings, result, counter = [], None, QueryCounter()
    for _ in range(repeat):
        counter.count = 0
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            result = fn()
            timings.append(time.perf_counter() - start)
    return min(timings) * 1000, counter.count, result


class QueryCounter:
    """Counts every statement (Django's query log stops at 9000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main(run=None) -> None:
    """Run `measure` (or `run`) on a throwaway test database; bench/roster_sync uses it too."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        (run or measure)(args.repeat)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def measure(repeat: int) -> None:
    translation.activate("zh-hans")
    from families.roster.plan import plan_rows
    from families.roster.reader import read_table
    from families.roster.rows import check_table
    from families.services import roster_apply
    from schools.models import SchoolClass

    _school, classes = build_school()
    rows = roster_rows(classes)
    data = xlsx_bytes(rows)
    results = {}
    results["read xlsx"] = best(lambda: read_table(name="r.xlsx", data=data), repeat)
    table = results["read xlsx"][2]
    results["check rows"] = best(
        lambda: check_table(table=table, classes=classes, default_class=None), repeat
    )
    checked = results["check rows"][2]
    assert all(row.ok for row in checked), [r.errors for r in checked if r.errors][:3]
    results["plan, batched (ours)"] = best(
        lambda: plan_rows(checked, movable=SchoolClass.objects.all()), repeat
    )
    results["plan, per row"] = best(lambda: per_row_plan(checked), repeat)
    ours, theirs = results["plan, batched (ours)"][2], results["plan, per row"][2]
    assert [(p.family_id, p.new_family, p.child_exists) for p in ours] == [
        (p.family_id, p.new_family, p.child_exists) for p in theirs
    ]

    results["apply, bulk (ours)"] = best(rolled_back(lambda: roster_apply(plans=ours)), repeat)
    results["apply, per row"] = best(rolled_back(lambda: per_row_apply(ours)), repeat)
    report(results, len(rows), len(data))


def report(results, row_count: int, size: int) -> None:
    vendor = connection.vendor
    print(f"{row_count} rows, xlsx {size / 1024:.0f} KiB, database {vendor}")
    print("| step | best ms | queries |")
    print("|---|---|---|")
    for name, (ms, queries, _result) in results.items():
        print(f"| {name} | {ms:.0f} | {queries} |")
    ratio = results["plan, per row"][0] / results["plan, batched (ours)"][0]
    print(f"\nplan: per-row / batched = {ratio:.1f}x")
    ratio = results["apply, per row"][0] / results["apply, bulk (ours)"][0]
    print(f"apply: per-row / bulk = {ratio:.1f}x")


if __name__ == "__main__":
    main()
