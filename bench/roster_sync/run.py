"""Roster sync at the 2000-row limit: what the sync option adds to a whole-school import's
preview and confirm, and moving the leavers out in bulk against the obvious alternative,
a save and an audit insert per child.

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/roster_sync/run.py
    DATABASE_URL=postgres://... (same command)   # the same on PostgreSQL

Builds a throwaway test database: one school, 24 classes, 2000 children in them (one family
each) and 400 children moved out in earlier terms. The file re-lists 1800 of the 2000 (every
tenth child has left: 200 leavers) and adds 200 new children; every seventh guardian has no
mobile number, so those rows are matched by the child in the class. Each timing is the best
of --repeat runs; writes are rolled back after each run.
"""

import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

# Importing the roster import's bench sets Django up; its helpers time and count queries.
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.roster_import.run import CLASSES, best, build_classes, main, rolled_back  # noqa: E402

RECORDED = 2000
DEPARTED = 400
NEW = 200


def phone(i: int) -> str:
    return "" if i % 7 == 0 else f"139{i:08d}"


def build_school():
    from django.contrib.auth import get_user_model

    from families.models import Child, ClassDeparture, Family, Guardian

    school, classes = build_classes()
    families = Family.objects.bulk_create(
        Family(code=f"B{i:06d}") for i in range(RECORDED + DEPARTED)
    )
    Guardian.objects.bulk_create(
        Guardian(family=family, name=f"家长{i}", relation="mother", phone=phone(i))
        for i, family in enumerate(families)
    )
    children = Child.objects.bulk_create(
        Child(
            family=family,
            name=f"学生{i}",
            gender="f",
            birth_date=datetime.date(2017, 9, 1),
            school_class=classes[i % CLASSES] if i < RECORDED else None,
        )
        for i, family in enumerate(families)
    )
    ClassDeparture.objects.bulk_create(
        ClassDeparture(
            child=child,
            child_name=child.name,
            family_code=child.family.code,
            school_class=classes[i % CLASSES],
            school=school,
            class_label=str(classes[i % CLASSES]),
            username="bench",
        )
        for i, child in enumerate(children[RECORDED:])
    )
    user = get_user_model().objects.create(username="bench", is_superuser=True)
    return school, classes, user


def roster_rows(classes) -> list[list[str]]:
    listed = [i for i in range(RECORDED) if i % 10 != 3]
    rows = [
        [str(classes[i % CLASSES]), f"学生{i}", "女", "2017-09-01", f"家长{i}", "母亲", phone(i)]
        for i in listed
    ]
    for j in range(NEW):
        i = RECORDED + DEPARTED + j
        rows.append(
            [
                str(classes[j % CLASSES]),
                f"新生{j}",
                "男",
                "2017-10-01",
                f"家长{i}",
                "父亲",
                f"138{i:08d}",
            ]
        )
    return rows


def per_child_move_out(child_ids, user):
    """The obvious alternative: load, save and record each leaver on its own."""
    from families.models import Child, ClassDeparture

    for pk in child_ids:
        child = Child.objects.select_related("family", "school_class__school").get(pk=pk)
        ClassDeparture.objects.create(
            child=child,
            child_name=child.name,
            family_code=child.family.code,
            school_class=child.school_class,
            school=child.school_class.school,
            class_label=f"{child.school_class.school} · {child.school_class}",
            moved_by=user,
            username=user.get_username(),
        )
        child.school_class = None
        child.save(update_fields=["school_class"])
    return len(child_ids)


def measure(repeat: int) -> None:
    translation.activate("zh-hans")
    from families.roster.plan import plan_rows
    from families.roster.rows import check_table
    from families.roster.sync import plan_sync
    from families.roster.targets import Target
    from families.services import roster_apply, roster_move_out
    from schools.models import SchoolClass
    from tests.families.rosters import HEADER

    school, classes, user = build_school()
    table = [HEADER] + roster_rows(classes)
    rows = check_table(table=table, classes=classes, default_class=None)
    assert all(row.ok for row in rows), [r.errors for r in rows if r.errors][:3]
    target = Target(f"school:{school.pk}", classes, None)
    editable = SchoolClass.objects.all()
    results = {}
    results["plan rows (6 queries)"] = best(lambda: plan_rows(rows, movable=editable), repeat)
    plans = results["plan rows (6 queries)"][2]
    assert sum(1 for plan in plans if plan.child_id) == len(rows) - NEW
    results["plan sync: who leaves"] = best(
        lambda: plan_sync(rows=rows, plans=plans, target=target, editable=editable), repeat
    )
    leavers = results["plan sync: who leaves"][2].leaver_ids
    assert len(leavers) == RECORDED // 10, len(leavers)

    def bulk():
        return roster_move_out(child_ids=leavers, classes=editable, user=user)

    results["move out, bulk (ours)"] = best(rolled_back(bulk), repeat)
    results["move out, per child"] = best(
        rolled_back(lambda: per_child_move_out(leavers, user)), repeat
    )
    assert results["move out, bulk (ours)"][2] == results["move out, per child"][2] == len(leavers)
    results["confirm without sync"] = best(rolled_back(lambda: roster_apply(plans=plans)), repeat)

    def confirm_with_sync():
        return roster_apply(plans=plans, move_out=leavers, classes=editable, user=user)

    results["confirm with sync (ours)"] = best(rolled_back(confirm_with_sync), repeat)
    report(results, len(rows), len(leavers))


def report(results, row_count: int, leavers: int) -> None:
    print(f"{row_count} rows, {leavers} leavers, database {connection.vendor}")
    print("| step | best ms | queries |")
    print("|---|---|---|")
    for name, (ms, queries, _result) in results.items():
        print(f"| {name} | {ms:.0f} | {queries} |")
    ratio = results["move out, per child"][0] / results["move out, bulk (ours)"][0]
    print(f"\nmove out: per child / bulk = {ratio:.1f}x")


if __name__ == "__main__":
    main(measure)
