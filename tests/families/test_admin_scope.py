"""The families area of the admin: each role sees and changes only the families in its
scope, on the listing, the family page, the edit form and the export."""

import pytest
from django.urls import reverse

from families.models import Child

from .conftest import client_for

pytestmark = pytest.mark.django_db


def listing(world, who) -> str:
    response = client_for(world[who]).get(reverse("families:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_head_teacher_lists_only_the_families_of_their_class(world):
    html = listing(world, "teacher_a")
    assert "王子涵" in html
    assert "李雨桐" not in html  # same school, a class they do not head
    assert "赵可馨" not in html


def test_school_admin_lists_the_whole_school_only(world):
    html = listing(world, "admin_a")
    assert "王子涵" in html and "李雨桐" in html
    assert "赵可馨" not in html


def test_bureau_lists_its_district_or_city(world):
    html = listing(world, "bureau_east")
    assert "王子涵" in html and "赵可馨" not in html
    html = listing(world, "bureau_city")
    assert "王子涵" in html and "赵可馨" in html


def test_listing_is_in_chinese_and_in_the_menu(world):
    response = client_for(world["teacher_a"]).get(reverse("wagtailadmin_home"))
    sidebar = response.content.decode().encode().decode("unicode_escape")
    assert "家庭" in sidebar and reverse("families:index") in sidebar


def test_editors_have_no_families_area(world):
    client = client_for(world["editor"])
    response = client.get(reverse("families:index"))
    assert response.status_code == 302  # Wagtail's answer to PermissionDenied
    assert "王子涵" not in client.get(response["Location"]).content.decode()
    sidebar = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("families:index") not in sidebar.encode().decode("unicode_escape")


def test_search_finds_by_guardian_phone_within_scope(world):
    client = client_for(world["admin_a"])
    html = client.get(reverse("families:index"), {"q": "13900000002"}).content.decode()
    assert "李雨桐" in html and "王子涵" not in html
    html = client.get(reverse("families:index"), {"q": "13900000003"}).content.decode()
    assert "赵可馨" not in html and "没有" in html


def test_other_schools_family_page_is_not_found(world):
    client = client_for(world["teacher_a"])
    assert client.get(reverse("families:detail", args=[world["family_a"].pk])).status_code == 200
    for family in ("family_a2", "family_b"):
        url = reverse("families:detail", args=[world[family].pk])
        assert client.get(url).status_code == 404
    admin_b = client_for(world["admin_b"])
    assert admin_b.get(reverse("families:detail", args=[world["family_a"].pk])).status_code == 404


def test_family_page_shows_guardians_and_children(world):
    html = (
        client_for(world["teacher_a"])
        .get(reverse("families:detail", args=[world["family_a"].pk]))
        .content.decode()
    )
    assert "王建国" in html and "13900000001" in html and "王子涵" in html
    assert "三年级（1）班" in html
    assert "特殊群体" not in html


def test_sibling_at_another_school_is_not_shown_to_this_school(world):
    family = world["family_a"]
    Child.objects.create(
        family=family,
        name="王梓轩",
        gender="m",
        birth_date="2012-03-01",
        school_class=world["class_b"],
    )
    html = (
        client_for(world["admin_a"])
        .get(reverse("families:detail", args=[family.pk]))
        .content.decode()
    )
    assert "王子涵" in html and "王梓轩" not in html
    html = (
        client_for(world["admin_b"])
        .get(reverse("families:detail", args=[family.pk]))
        .content.decode()
    )
    assert "王梓轩" in html and "王子涵" not in html


def edit_data(world, family, **changes) -> dict:
    guardian = family.guardians.get()
    child = family.children.get()
    data = {
        "address": "东湖区文昌街1号",
        "guardians-TOTAL_FORMS": "1",
        "guardians-INITIAL_FORMS": "1",
        "guardians-MIN_NUM_FORMS": "1",
        "guardians-MAX_NUM_FORMS": "1000",
        "guardians-0-id": str(guardian.pk),
        "guardians-0-family": str(family.pk),
        "guardians-0-name": guardian.name,
        "guardians-0-relation": "father",
        "guardians-0-phone": guardian.phone,
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "1",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
        "children-0-id": str(child.pk),
        "children-0-family": str(family.pk),
        "children-0-name": child.name,
        "children-0-gender": "f",
        "children-0-birth_date": "2017-10-01",
        "children-0-school_class": str(child.school_class_id),
    }
    return data | changes


def test_head_teacher_edits_a_family_of_their_class(world):
    family = world["family_a"]
    client = client_for(world["teacher_a"])
    url = reverse("families:edit", args=[family.pk])
    assert client.get(url).status_code == 200
    data = edit_data(world, family, **{"guardians-0-phone": "139 0000 0009"})
    response = client.post(url, data, follow=True)
    assert "家庭信息已保存" in response.content.decode()
    family.refresh_from_db()
    assert family.address == "东湖区文昌街1号"
    assert family.guardians.get().phone == "13900000009"


def test_bad_phone_is_refused_in_chinese_and_nothing_changes(world):
    family = world["family_a"]
    client = client_for(world["teacher_a"])
    url = reverse("families:edit", args=[family.pk])
    response = client.post(url, edit_data(world, family, **{"guardians-0-phone": "12345"}))
    assert response.status_code == 200
    assert "请输入以 1 开头的 11 位手机号码" in response.content.decode()
    family.refresh_from_db()
    assert family.address == "" and family.guardians.get().phone == "13900000001"


def test_teacher_cannot_move_a_child_into_a_class_they_do_not_head(world):
    family = world["family_a"]
    client = client_for(world["teacher_a"])
    data = edit_data(world, family, **{"children-0-school_class": str(world["other_class_a"].pk)})
    response = client.post(reverse("families:edit", args=[family.pk]), data)
    assert response.status_code == 200
    assert (
        world["child_a"].__class__.objects.get(pk=world["child_a"].pk).school_class
        == world["class_a"]
    )


def test_other_schools_family_cannot_be_edited(world):
    client = client_for(world["teacher_a"])
    for family in ("family_a2", "family_b"):
        url = reverse("families:edit", args=[world[family].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, edit_data(world, world[family])).status_code == 404
    assert world["family_b"].guardians.get().phone == "13900000003"


def test_bureau_reads_but_does_not_edit(world):
    client = client_for(world["bureau_city"])
    url = reverse("families:edit", args=[world["family_a"].pk])
    assert client.get(url).status_code == 302  # PermissionDenied, the Wagtail way
    assert client.post(url, edit_data(world, world["family_a"])).status_code == 302
    assert world["family_a"].guardians.get().relation == "mother"
    detail = client.get(reverse("families:detail", args=[world["family_a"].pk]))
    assert reverse("families:edit", args=[world["family_a"].pk]) not in detail.content.decode()


def test_parent_cannot_use_the_admin_area(world):
    from tests.factories import UserFactory

    parent = UserFactory()
    guardian = world["family_a"].guardians.get()
    guardian.user = parent
    guardian.save()
    response = client_for(parent).get(reverse("families:detail", args=[world["family_a"].pk]))
    assert response.status_code in (302, 403)
