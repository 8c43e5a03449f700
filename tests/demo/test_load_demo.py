"""The demo command builds a realistic Chinese city and is safe to run twice."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from families.models import Child, Family, Guardian
from schools.models import Membership, Region, Role, School, SchoolClass, Stage

pytestmark = pytest.mark.django_db

COUNTED = [
    Region,
    School,
    SchoolClass,
    Family,
    Guardian,
    Child,
    Membership,
    get_user_model(),
    apps.get_model("courses", "Topic"),
    apps.get_model("wagtailcore", "Page"),
]


def load(password="pw-demo"):
    out = StringIO()
    call_command("load_demo", password=password, stdout=out)
    return out.getvalue()


def test_demo_city_has_what_the_product_needs():
    load()
    city = Region.objects.get(kind=Region.Kind.CITY)
    assert city.children.count() == 2
    stages = {stage for school in School.objects.all() for stage in school.stages}
    assert stages >= set(Stage.values)
    assert School.objects.filter(kind=School.Kind.SCHOOL).count() >= 4
    assert School.objects.filter(kind=School.Kind.COMMUNITY).exists()
    assert Family.objects.count() >= 40
    assert SchoolClass.objects.count() >= 10
    # Every family has a guardian and a child in a class; names are Chinese.
    assert not Family.objects.filter(guardians=None).exists()
    assert not Child.objects.filter(school_class=None).exists()
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", c.name) for c in Child.objects.all())
    # Siblings in different schools are still one family.
    assert any(
        len({c.school_class.school_id for c in f.children.all()}) > 1
        for f in Family.objects.prefetch_related("children__school_class")
    )
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    parent = get_user_model().objects.get(username="parent")
    assert parent.guardian.family.children.exists()


def test_running_twice_changes_nothing():
    load()
    before = {model.__name__: model.objects.count() for model in COUNTED}
    first_family = list(Family.objects.values_list("code", "address"))
    load(password="another")
    after = {model.__name__: model.objects.count() for model in COUNTED}
    assert after == before
    assert list(Family.objects.values_list("code", "address")) == first_family
    # The second run does not reset passwords people may have changed.
    assert get_user_model().objects.get(username="teacher").check_password("pw-demo")


def test_prints_one_login_per_role():
    output = load()
    for username in ["parent", "teacher", "schooladmin", "editor", "reviewer", "bureau"]:
        assert re.search(rf"^\s+{username}\s", output, re.MULTILINE), output
    assert "pw-demo" in output


@pytest.mark.parametrize(
    "username", ["teacher", "schooladmin", "editor", "reviewer", "bureau", "admin"]
)
def test_each_staff_demo_user_can_use_the_admin(client, username):
    load()
    assert client.login(username=username, password="pw-demo")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "仪表板" in response.content.decode() or "dashboard" in response.content.decode()


def test_demo_parent_signs_in_on_the_site_not_the_admin(client):
    load()
    response = client.post(
        "/zh-hans/accounts/login/", {"username": "parent", "password": "pw-demo"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/zh-hans/").content.decode()
    assert "您好，王建国" in home
    assert client.get("/admin/").status_code == 302  # no admin access for parents


def test_staff_sign_in_on_the_site_lands_in_the_admin(client):
    load()
    response = client.post(
        "/zh-hans/accounts/login/", {"username": "teacher", "password": "pw-demo"}
    )
    assert response["Location"] == "/admin/"


def test_wrong_password_says_so_in_chinese(client):
    load()
    response = client.post("/zh-hans/accounts/login/", {"username": "parent", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
