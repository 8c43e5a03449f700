"""Two transactions adding children to one family at once (two schools importing their
rosters at the start of term, a sibling in each) leave the family's enrolment rows right:
the second rewrite waits for the first to commit and then reads its child."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from families.models import Child, FamilyEnrolment
from tests.factories import ChildFactory, FamilyFactory, SchoolClassFactory, SchoolFactory
from tests.services import needs_postgres

from .test_enrolments import actual, expected

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def add_child(family, school_class, *, started: threading.Event, go: threading.Event | None):
    try:
        with transaction.atomic():
            ChildFactory(family=family, school_class=school_class)
            started.set()
            if go is not None:
                assert go.wait(30), "never told to commit"
    finally:
        started.set()
        connections.close_all()


def waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def backend_pids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def test_a_sibling_added_while_another_is_being_added_is_counted_with_it():
    school = SchoolFactory()
    first_class, second_class = SchoolClassFactory(school=school), SchoolClassFactory(school=school)
    family = FamilyFactory()
    before = backend_pids()
    a_started, a_go, b_started = threading.Event(), threading.Event(), threading.Event()
    a = threading.Thread(
        target=add_child, args=(family, first_class), kwargs={"started": a_started, "go": a_go}
    )
    a.start()
    assert a_started.wait(30)
    a_pid = (backend_pids() - before).pop()
    b = threading.Thread(
        target=add_child, args=(family, second_class), kwargs={"started": b_started, "go": None}
    )
    b.start()
    # B either finishes (it did not wait for A: the bug) or waits on A's lock on the family.
    deadline = time.monotonic() + 30
    while b.is_alive() and not any(
        waiting_on_a_lock(pid) for pid in backend_pids() - before - {a_pid}
    ):
        assert time.monotonic() < deadline, "B neither finished nor waited"
        time.sleep(0.05)
    a_go.set()
    a.join(30)
    b.join(30)
    assert Child.objects.filter(family=family).count() == 2
    rows = FamilyEnrolment.objects.filter(family=family)
    assert sorted(rows.values_list("first_in_school", flat=True)) == [False, True]
    assert actual() == expected()
