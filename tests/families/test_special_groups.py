"""Special-group flags (留守儿童, 困境儿童, 低收入家庭): only people with the explicit
permission see them, and every look at them is logged for auditors."""

import pytest
from django.urls import reverse

from families.models import SpecialGroupAccess, SpecialGroupFlag

from .conftest import client_for, grant
from .rosters import read_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(world):
    SpecialGroupFlag.objects.create(
        child=world["child_a"], group="left_behind", note="父母在外务工"
    )
    return world


def detail(world, who, family="family_a"):
    return client_for(world[who]).get(reverse("families:detail", args=[world[family].pk]))


def test_staff_without_the_permission_never_see_flags(flagged):
    for who in ("teacher_a", "admin_a", "bureau_city"):
        html = detail(flagged, who).content.decode()
        assert "留守儿童" not in html and "特殊群体" not in html
        rows = read_csv(
            client_for(flagged[who]).get(reverse("families:export"), {"format": "csv"}).content
        )
        assert "特殊群体" not in rows[0]
        assert not any("留守儿童" in cell for row in rows for cell in row)
    assert not SpecialGroupAccess.objects.exists()


def test_flags_are_not_searchable(flagged):
    grant(flagged["admin_a"], "view_special_groups")
    client = client_for(flagged["admin_a"])
    for query in ("留守", "left_behind", "务工"):
        html = client.get(reverse("families:index"), {"q": query}).content.decode()
        assert "王子涵" not in html


def test_permitted_staff_see_flags_and_the_view_is_logged(flagged):
    grant(flagged["teacher_a"], "view_special_groups")
    html = detail(flagged, "teacher_a").content.decode()
    assert "留守儿童" in html
    assert "本次查看已记入查看日志" in html
    entry = SpecialGroupAccess.objects.get()
    assert entry.user == flagged["teacher_a"]
    assert entry.where == "detail"
    assert entry.child_ids == [flagged["child_a"].pk]
    assert entry.child_names == "王子涵"
    assert entry.path == reverse("families:detail", args=[flagged["family_a"].pk])


def test_permission_does_not_widen_the_scope(flagged):
    grant(flagged["admin_b"], "view_special_groups")
    assert detail(flagged, "admin_b").status_code == 404
    rows = read_csv(
        client_for(flagged["admin_b"]).get(reverse("families:export"), {"format": "csv"}).content
    )
    assert {row[1] for row in rows[1:]} == {"赵可馨"}
    assert SpecialGroupAccess.objects.get().child_ids == [flagged["child_b"].pk]


def test_export_with_the_permission_has_the_column_and_is_logged(flagged):
    grant(flagged["admin_a"], "view_special_groups")
    response = client_for(flagged["admin_a"]).get(reverse("families:export"), {"format": "csv"})
    rows = read_csv(response.content)
    assert rows[0][-1] == "特殊群体"
    flags = {row[1]: row[-1] for row in rows[1:]}
    assert flags == {"王子涵": "留守儿童", "李雨桐": ""}
    entry = SpecialGroupAccess.objects.get()
    assert entry.where == "export"
    assert sorted(entry.child_ids) == sorted([flagged["child_a"].pk, flagged["child_a2"].pk])


def flags_url(world, child="child_a", family="family_a"):
    return reverse("families:special_groups", args=[world[family].pk, world[child].pk])


def test_permitted_head_teacher_sets_flags(flagged):
    grant(flagged["teacher_a"], "view_special_groups")
    client = client_for(flagged["teacher_a"])
    assert client.get(flags_url(flagged)).status_code == 200
    response = client.post(
        flags_url(flagged), {"groups": ["in_difficulty", "low_income"], "note": "重病"}, follow=True
    )
    assert "特殊群体标记已保存" in response.content.decode()
    assert set(flagged["child_a"].special_groups.values_list("group", flat=True)) == {
        "in_difficulty",
        "low_income",
    }
    wheres = list(SpecialGroupAccess.objects.order_by("pk").values_list("where", flat=True))
    assert wheres == ["edit", "detail"]


def test_flags_cannot_be_set_without_the_permission_or_outside_the_scope(flagged):
    response = client_for(flagged["teacher_a"]).post(flags_url(flagged), {"groups": []})
    assert response.status_code == 302
    grant(flagged["admin_b"], "view_special_groups")
    response = client_for(flagged["admin_b"]).post(flags_url(flagged), {"groups": []})
    assert response.status_code == 404
    grant(flagged["bureau_city"], "view_special_groups")
    response = client_for(flagged["bureau_city"]).post(flags_url(flagged), {"groups": []})
    assert response.status_code == 404  # bureau staff read, they do not change rosters
    assert flagged["child_a"].special_groups.get().group == "left_behind"


def test_auditors_read_the_access_log(flagged):
    grant(flagged["teacher_a"], "view_special_groups")
    detail(flagged, "teacher_a")
    auditor = flagged["bureau_city"]
    grant(auditor, "view_specialgroupaccess")
    client = client_for(auditor)
    html = client.get(reverse("special_group_access:index")).content.decode()
    assert "特殊群体查看日志" in html
    assert flagged["teacher_a"].username in html and "王子涵" in html and "家庭详情页" in html
    sidebar = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("special_group_access:index") in sidebar.encode().decode("unicode_escape")


def test_others_cannot_read_the_access_log(flagged):
    grant(flagged["teacher_a"], "view_special_groups")
    response = client_for(flagged["teacher_a"]).get(reverse("special_group_access:index"))
    assert response.status_code == 302


def test_administrators_can_grant_the_permissions_to_a_group(world):
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True, is_staff=True)
    html = client_for(superuser).get(reverse("wagtailusers_groups:add")).content.decode()
    for codename in ("view_special_groups", "view_specialgroupaccess"):
        assert f'value="{permission_pk(codename)}"' in html


def permission_pk(codename: str) -> int:
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="families", codename=codename).pk
