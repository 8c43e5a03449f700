"""`FamilyEnrolment` — which classes, schools and districts each family is in, kept by
database triggers — always equals what the children say, whichever way they change."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from families import enrolment_triggers
from families.models import Child, Family, FamilyEnrolment
from families.signal_handlers import ensure_enrolment_triggers
from schools.models import SchoolClass
from tests.factories import (
    ChildFactory,
    DistrictFactory,
    FamilyFactory,
    SchoolClassFactory,
    SchoolFactory,
)

from .conftest import client_for
from .rosters import upload, xlsx_bytes

pytestmark = pytest.mark.django_db

FIELDS = (
    "family_id",
    "school_class_id",
    "school_id",
    "region_id",
    "first_in_school",
    "first_in_region",
    "schools",
    "regions",
)


def expected() -> set[tuple]:
    """The rows worked out in Python from the children."""
    places = defaultdict(set)
    for child in Child.objects.filter(school_class__isnull=False).select_related(
        "school_class__school"
    ):
        school = child.school_class.school
        places[child.family_id].add((school.region_id, school.pk, child.school_class_id))
    rows = set()
    for family_id, family_places in places.items():
        schools = {school for _, school, _ in family_places}
        regions = {region for region, _, _ in family_places}
        for region, school, school_class in family_places:
            in_school = [p for p in family_places if p[1] == school]
            in_region = [p for p in family_places if p[0] == region]
            rows.add(
                (
                    family_id,
                    school_class,
                    school,
                    region,
                    min(in_school) == (region, school, school_class),
                    min(in_region) == (region, school, school_class),
                    len(schools),
                    len(regions),
                )
            )
    return rows


def actual() -> set[tuple]:
    return set(FamilyEnrolment.objects.values_list(*FIELDS))


def assert_in_step() -> None:
    assert actual() == expected()


def test_children_added_moved_and_removed_move_their_family(world):
    assert_in_step()
    family = world["family_a"]
    assert FamilyEnrolment.objects.filter(family=family).count() == 1
    sibling = ChildFactory(family=family, school_class=world["class_b"])  # another district
    assert_in_step()
    row_a = FamilyEnrolment.objects.get(family=family, school=world["a"])
    assert (row_a.schools, row_a.regions) == (2, 2)
    ChildFactory(family=family, school_class=world["class_a"])  # twin: still one row
    assert FamilyEnrolment.objects.filter(family=family).count() == 2
    sibling.school_class = world["other_class_a"]
    sibling.save()
    assert_in_step()
    sibling.family = world["family_b"]  # a correction: the child was in the wrong family
    sibling.save()
    assert_in_step()
    sibling.school_class = None  # left the school
    sibling.save()
    assert_in_step()
    world["child_a"].delete()
    assert_in_step()
    world["family_b"].delete()
    assert_in_step()
    assert not FamilyEnrolment.objects.filter(family_id=world["family_b"].pk).exists()


def test_a_class_moving_school_and_a_school_moving_district_move_their_families(world):
    ChildFactory(family=world["family_a"], school_class=world["other_class_a"])
    world["class_a"].school, world["class_a"].number = world["b"], 9
    world["class_a"].save()
    assert_in_step()
    world["a"].region = DistrictFactory(parent=world["city"])
    world["a"].save()
    assert_in_step()
    SchoolClass.objects.filter(pk=world["other_class_a"].pk).update(school=world["b"])
    assert_in_step()


def test_a_deleted_class_or_school_takes_its_families_rows_with_it(world):
    world["other_class_a"].delete()  # its children stay, without a class
    assert Child.objects.filter(pk=world["child_a2"].pk, school_class=None).exists()
    assert_in_step()
    world["b"].delete()
    assert_in_step()


def test_bulk_writes_are_followed(world):
    school = SchoolFactory(region=world["east"])
    classes = [SchoolClassFactory(school=school, number=n) for n in range(1, 4)]
    families = Family.objects.bulk_create(
        [FamilyFactory.build(code=f"B{n:05d}") for n in range(300)]
    )
    Child.objects.bulk_create(
        ChildFactory.build(family=family, school_class=classes[n % 3])
        for n, family in enumerate(families)
    )
    assert FamilyEnrolment.objects.filter(school=school).count() == 300
    Child.objects.filter(school_class=classes[0]).update(school_class=classes[1])
    Child.objects.filter(school_class=classes[2]).delete()
    assert_in_step()


def test_a_saved_child_that_did_not_move_keeps_its_rows(world):
    before = set(FamilyEnrolment.objects.values_list("pk", flat=True))
    child = world["child_a"]
    child.name = "王子涵（更正）"
    child.save()
    assert set(FamilyEnrolment.objects.values_list("pk", flat=True)) == before


def test_a_roster_import_enrols_the_new_families(world):
    client = client_for(world["admin_a"])
    rows = [["三年级（2）班", "孙一鸣", "男", "2017-03-08", "孙海涛", "父亲", "13911112222"]]
    response = client.post(
        reverse("families:import"),
        {"target": f"school:{world['a'].pk}", "file": upload(xlsx_bytes(rows))},
    )
    client.post(reverse("families:import_confirm"), {"token": response.context["token"]})
    family = Child.objects.get(name="孙一鸣").family
    row = FamilyEnrolment.objects.get(family=family)
    assert (row.school_class_id, row.school_id) == (world["other_class_a"].pk, world["a"].pk)
    assert_in_step()


def test_lost_triggers_are_put_back_and_the_rows_recomputed_after_migrate(world):
    # SQLite drops a table's triggers when a migration rebuilds the table.
    enrolment_triggers.uninstall(connection)
    assert enrolment_triggers.installed(connection) is False
    moved = world["child_b"]
    moved.school_class = world["class_a"]
    moved.save()
    assert actual() != expected()
    ensure_enrolment_triggers(using="default")
    assert enrolment_triggers.installed(connection) is True
    assert_in_step()
    ChildFactory(family=world["family_b"], school_class=world["other_class_a"])
    assert_in_step()


def test_the_rebuild_command_recomputes_every_row(world, capsys):
    FamilyEnrolment.objects.all().delete()
    call_command("rebuild_report_tables")
    assert "enrolments: 3 rows" in capsys.readouterr().out
    assert_in_step()
