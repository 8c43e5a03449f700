"""Roster sync: an import may move the children its file no longer lists out of their class.
Off by default; the preview names who would leave; confirm moves them out (their family,
guardians and hours stay); never outside the user's classes; never with a bad or empty file;
a child moved out and listed again comes back as the same child."""

import datetime
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from attendance.models import FamilyYearTotal, LedgerEntry, SchoolYear
from attendance.services import ledger_append
from families.models import Child, ClassDeparture, Family, Guardian
from families.selectors import editable_classes
from families.services import roster_move_out
from families.views.roster import SIGNING_SALT
from tests.factories import ChildFactory, GuardianFactory

from .conftest import client_for
from .rosters import HEADER, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

# 王子涵 is already in class_a (family_a, guardian 13900000001); 周可欣 is new.
STAYING = ["", "王子涵", "女", "2017-10-01", "王建国", "父亲", "13900000001"]
NEWCOMER = ["", "周可欣", "女", "2017-03-08", "周海", "父亲", "13911112222"]


@pytest.fixture
def leaver(world):
    """A second child of class_a, whom the uploaded file no longer lists (transferred)."""
    child = ChildFactory(school_class=world["class_a"], name="钱多多")
    GuardianFactory(family=child.family, name="钱进", phone="13900000009")
    return child


def preview(client, target, rows, sync=True):
    data = {"target": target, "file": upload(xlsx_bytes(rows))}
    if sync:
        data["sync"] = "on"
    return client.post(reverse("families:import"), data)


def class_target(world, key="class_a"):
    return f"class:{world[key].pk}"


def confirm(client, response):
    return client.post(
        reverse("families:import_confirm"), {"token": response.context["token"]}, follow=True
    )


def counts():
    return Family.objects.count(), Guardian.objects.count(), Child.objects.count()


def test_sync_is_off_by_default(world, leaver):
    client = client_for(world["teacher_a"])
    form = client.get(reverse("families:import")).content.decode()
    assert "同步名单：文件中没有的学生移出本班" in form
    assert 'name="sync"' in form and "checked" not in form.split('name="sync"')[1][:40]
    response = preview(client, class_target(world), [STAYING, NEWCOMER], sync=False)
    assert "移出本班" not in response.content.decode().split("同步名单")[0]
    confirm(client, response)
    leaver.refresh_from_db()
    assert leaver.school_class == world["class_a"]
    assert not ClassDeparture.objects.exists()


def test_preview_lists_the_leavers_and_writes_nothing(world, leaver):
    client = client_for(world["teacher_a"])
    before = counts()
    response = preview(client, class_target(world), [STAYING, NEWCOMER])
    html = response.content.decode()
    assert "1 名学生不在文件中，将移出本班" in html
    section = html.split('class="roster-leavers"')[1]
    assert "钱多多" in section and leaver.family.code in section
    assert "王子涵" not in section
    assert "确认导入并将 1 名学生移出班级" in html
    assert counts() == before
    leaver.refresh_from_db()
    assert leaver.school_class == world["class_a"]


def school_year(world) -> SchoolYear:
    today = timezone.localdate()
    return SchoolYear.objects.create(
        region=world["city"],
        name="2026–2027",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )


def test_confirm_moves_them_out_and_keeps_family_guardians_and_hours(world, leaver):
    ledger_append(
        family=leaver.family,
        school_year=school_year(world),
        source=LedgerEntry.Source.ADJUSTMENT,
        key="sync-test",
        created_by=None,
        class_hours=Decimal("2"),
        sessions=1,
        reason="线下讲座",
    )
    client = client_for(world["teacher_a"])
    page = confirm(client, preview(client, class_target(world), [STAYING, NEWCOMER]))
    assert "已将 1 名学生移出班级，他们的家庭和学时都已保留" in page.content.decode()
    leaver.refresh_from_db()
    assert leaver.school_class is None
    assert leaver.family.guardians.get().phone == "13900000009"
    assert LedgerEntry.objects.filter(family=leaver.family).count() == 1
    total = FamilyYearTotal.objects.get(family=leaver.family)
    assert (total.sessions, total.class_hours) == (1, Decimal("2"))
    assert Child.objects.get(name="周可欣").school_class == world["class_a"]
    world["child_a"].refresh_from_db()
    assert world["child_a"].school_class == world["class_a"]
    record = ClassDeparture.objects.get()
    assert (record.child, record.school_class, record.moved_by) == (
        leaver,
        world["class_a"],
        world["teacher_a"],
    )
    assert (record.child_name, record.family_code) == ("钱多多", leaver.family.code)


def test_the_record_is_listed_for_the_school_and_hidden_from_others(world, leaver):
    client = client_for(world["teacher_a"])
    confirm(client, preview(client, class_target(world), [STAYING]))
    own = client_for(world["admin_a"]).get(reverse("families:departures")).content.decode()
    assert "移出班级记录" in own
    assert "钱多多" in own and leaver.family.code in own and world["teacher_a"].username in own
    other = client_for(world["admin_b"]).get(reverse("families:departures")).content.decode()
    assert "钱多多" not in other and "还没有学生被移出班级" in other


def test_a_teacher_cannot_sync_another_schools_class(world):
    client = client_for(world["teacher_a"])
    row = ["", "赵可馨", "女", "2017-10-01", "赵永刚", "父亲", "13900000003"]
    response = preview(client, class_target(world, "class_b"), [row, NEWCOMER])
    assert "token" not in response.context
    assert response.context["form"].errors["target"]
    world["child_b"].refresh_from_db()
    assert world["child_b"].school_class == world["class_b"]


def signed(user, target, rows, leavers) -> str:
    table = [HEADER] + rows
    payload = {"user": user.pk, "target": target, "table": table, "leavers": leavers}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def test_a_forged_confirm_never_moves_another_schools_child(world, leaver):
    client = client_for(world["teacher_a"])
    child_b = world["child_b"]
    # Even a validly signed token naming school B's class, or listing its child, moves no one
    # there: confirm resolves the target and the leavers within the user's own classes.
    url = reverse("families:import_confirm")
    token = signed(world["teacher_a"], class_target(world, "class_b"), [NEWCOMER], [child_b.pk])
    assert client.post(url, {"token": token}).status_code == 404
    token = signed(world["teacher_a"], class_target(world), [STAYING], [child_b.pk, leaver.pk])
    client.post(url, {"token": token})
    child_b.refresh_from_db()
    leaver.refresh_from_db()
    assert child_b.school_class == world["class_b"]
    assert leaver.school_class is None
    assert list(ClassDeparture.objects.values_list("child", flat=True)) == [leaver.pk]


def test_the_service_moves_only_children_of_the_given_classes(world):
    moved = roster_move_out(
        child_ids=[world["child_b"].pk],
        classes=editable_classes(user=world["teacher_a"]),
        user=world["teacher_a"],
    )
    assert moved == 0
    world["child_b"].refresh_from_db()
    assert world["child_b"].school_class == world["class_b"]


def test_a_file_with_row_errors_moves_nobody(world, leaver):
    client = client_for(world["teacher_a"])
    bad = ["", "周晨希", "男", "2017-02-30", "周强", "父亲", "13911110003"]
    response = preview(client, class_target(world), [STAYING, bad])
    html = response.content.decode()
    assert "只有文件中每一行都正确时才会移出学生" in html
    assert "钱多多" not in html
    assert "token" not in response.context and "确认导入" not in html
    leaver.refresh_from_db()
    assert leaver.school_class == world["class_a"]


def test_a_file_that_would_empty_the_class_is_refused(world, leaver):
    client = client_for(world["teacher_a"])
    bad = ["", "周晨希", "男", "2017-02-30", "周强", "父亲", "13911110003"]
    response = preview(client, class_target(world), [bad])
    html = response.content.decode()
    assert "同步名单至少需要一行有效数据" in html
    assert "token" not in response.context
    assert Child.objects.filter(school_class=world["class_a"]).count() == 2


def test_a_child_added_after_the_preview_is_not_moved_out(world, leaver):
    client = client_for(world["teacher_a"])
    response = preview(client, class_target(world), [STAYING])
    late = ChildFactory(school_class=world["class_a"], name="孙晓")
    confirm(client, response)
    late.refresh_from_db()
    leaver.refresh_from_db()
    assert late.school_class == world["class_a"]
    assert leaver.school_class is None


def test_school_import_syncs_only_the_classes_the_file_names(world, leaver):
    client = client_for(world["admin_a"])
    # 王子涵 changes class: moved, not moved out. 钱多多 is missing from class 1: leaves.
    rows = [
        ["三年级（2）班"] + STAYING[1:],
        ["三年级（1）班"] + NEWCOMER[1:],
        ["三年级（2）班", "李雨桐", "女", "2017-10-01", "李晓红", "母亲", "13900000002"],
    ]
    response = preview(client, f"school:{world['a'].pk}", rows)
    section = response.content.decode().split('class="roster-leavers"')[1]
    assert "钱多多" in section and "王子涵" not in section
    confirm(client, response)
    world["child_a"].refresh_from_db()
    leaver.refresh_from_db()
    assert world["child_a"].school_class == world["other_class_a"]
    assert leaver.school_class is None


def test_school_import_leaves_classes_it_does_not_name(world, leaver):
    client = client_for(world["admin_a"])
    rows = [["三年级（2）班", "李雨桐", "女", "2017-10-01", "李晓红", "母亲", "13900000002"]]
    response = preview(client, f"school:{world['a'].pk}", rows)
    assert "0 名学生不在文件中" in response.content.decode()
    confirm(client, response)
    assert Child.objects.filter(school_class=world["class_a"]).count() == 2


def test_a_child_moved_out_and_listed_again_is_the_same_child(world, leaver):
    client = client_for(world["teacher_a"])
    confirm(client, preview(client, class_target(world), [STAYING]))
    before = counts()
    back = ["", "钱多多", "女", "2017-10-01", "钱进", "父亲", "13900000009"]
    response = preview(client, class_target(world), [STAYING, back])
    assert "更新孩子信息" in response.content.decode()
    confirm(client, response)
    assert counts() == before
    leaver.refresh_from_db()
    assert leaver.school_class == world["class_a"]


def test_a_child_without_a_guardian_phone_is_found_again_by_the_class_left(world):
    lonely = ChildFactory(school_class=world["class_a"], name="吴小宝")
    GuardianFactory(family=lonely.family, name="吴奶奶", phone="")
    client = client_for(world["teacher_a"])
    confirm(client, preview(client, class_target(world), [STAYING]))
    lonely.refresh_from_db()
    assert lonely.school_class is None
    before = counts()
    back = ["", "吴小宝", "女", "2017-10-01", "吴奶奶", "祖母", ""]
    confirm(client, preview(client, class_target(world), [STAYING, back], sync=False))
    assert counts() == before
    lonely.refresh_from_db()
    assert lonely.school_class == world["class_a"]


def test_a_file_that_lists_none_of_the_class_gets_a_warning(world, leaver):
    client = client_for(world["teacher_a"])
    html = preview(client, class_target(world), [NEWCOMER]).content.decode()
    assert "现在的学生都不在文件中：请确认选择的班级和文件是否正确" in html
    html = preview(client, class_target(world), [STAYING, NEWCOMER]).content.decode()
    assert "都不在文件中" not in html


def test_the_record_can_be_filtered_by_family_number(world, leaver):
    client = client_for(world["teacher_a"])
    confirm(client, preview(client, class_target(world), [NEWCOMER]))
    url = reverse("families:departures")
    page = client.get(url, {"q": leaver.family.code}).content.decode()
    assert "钱多多" in page and "王子涵" not in page
    page = client.get(url, {"q": "王子"}).content.decode()
    assert "王子涵" in page and "钱多多" not in page
