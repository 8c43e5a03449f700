"""The families read API keeps the same boundaries as the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from families.models import SpecialGroupFlag
from tests.factories import UserFactory

from .conftest import client_for, grant

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    assert response.status_code == 200
    return {item["code"] for item in response.json()["items"]}


def test_anonymous_gets_401_in_chinese(world):
    response = Client().get(reverse("families_api:api_list"))
    assert response.status_code == 401
    assert response.json()["message"] == "请先登录。"


def test_parent_sees_only_their_own_family(world):
    parent = UserFactory()
    world["family_a"].guardians.update(user=parent)
    client = client_for(parent)
    assert codes(client.get(reverse("families_api:api_list"))) == {world["family_a"].code}
    detail = client.get(reverse("families_api:api_detail", args=[world["family_a"].pk])).json()
    assert [c["name"] for c in detail["children"]] == ["王子涵"]
    assert detail["children"][0]["class"] == "三年级（1）班"
    other = client.get(reverse("families_api:api_detail", args=[world["family_b"].pk]))
    assert other.status_code == 404


def test_staff_see_their_scope_only(world):
    api = reverse("families_api:api_list")
    assert codes(client_for(world["teacher_a"]).get(api)) == {world["family_a"].code}
    assert codes(client_for(world["admin_a"]).get(api)) == {
        world["family_a"].code,
        world["family_a2"].code,
    }
    assert codes(client_for(world["bureau_east"]).get(api)) == {
        world["family_a"].code,
        world["family_a2"].code,
    }
    assert len(codes(client_for(world["bureau_city"]).get(api))) == 3
    assert codes(client_for(world["editor"]).get(api)) == set()
    url = reverse("families_api:api_detail", args=[world["family_a"].pk])
    assert client_for(world["admin_b"]).get(url).status_code == 404


def test_flags_never_leave_through_the_api(world):
    SpecialGroupFlag.objects.create(child=world["child_a"], group="left_behind")
    grant(world["admin_a"], "view_special_groups")
    url = reverse("families_api:api_detail", args=[world["family_a"].pk])
    body = client_for(world["admin_a"]).get(url).content.decode()
    assert "left_behind" not in body and "留守" not in body
