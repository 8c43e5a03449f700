"""Roster export: the same columns as import, only the children in the user's scope,
cells that spreadsheets cannot run, and a file that imports back unchanged."""

import pytest
from django.urls import reverse

from families.models import Child, Family, Guardian

from .conftest import client_for
from .rosters import HEADER, read_csv, read_xlsx, upload

pytestmark = pytest.mark.django_db


def export(world, who, **params):
    return client_for(world[who]).get(reverse("families:export"), params)


def names_in(rows) -> set[str]:
    return {row[1] for row in rows[1:]}


def test_head_teacher_exports_their_class_only(world):
    response = export(world, "teacher_a", format="xlsx")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_xlsx(response.content)
    assert rows[0] == HEADER
    assert rows[1] == [
        "三年级（1）班",
        "王子涵",
        "女",
        "2017-10-01",
        "王建国",
        "母亲",
        "13900000001",
    ]
    assert names_in(rows) == {"王子涵"}


def test_school_admin_and_bureau_exports_follow_their_scope(world):
    assert names_in(read_csv(export(world, "admin_a", format="csv").content)) == {
        "王子涵",
        "李雨桐",
    }
    assert names_in(read_csv(export(world, "bureau_east", format="csv").content)) == {
        "王子涵",
        "李雨桐",
    }
    assert names_in(read_csv(export(world, "bureau_city", format="csv").content)) == {
        "王子涵",
        "李雨桐",
        "赵可馨",
    }


def test_a_class_target_narrows_the_export(world):
    rows = read_csv(
        export(world, "admin_a", format="csv", target=f"class:{world['other_class_a'].pk}").content
    )
    assert names_in(rows) == {"李雨桐"}


def test_other_schools_class_or_school_cannot_be_exported(world):
    for target in (f"class:{world['class_b'].pk}", f"school:{world['b'].pk}"):
        response = export(world, "admin_a", format="csv", target=target)
        assert response.status_code == 200
        assert "attachment" not in response.get("Content-Disposition", "")
        assert "赵可馨" not in response.content.decode()
    response = export(world, "teacher_a", format="csv", target=f"class:{world['other_class_a'].pk}")
    assert "李雨桐" not in response.content.decode()


def test_editors_cannot_export(world):
    response = export(world, "editor", format="csv")
    assert response.status_code == 302
    assert "attachment" not in response.get("Content-Disposition", "")


def test_formula_cells_are_neutralised_in_both_formats(world):
    guardian = world["family_a"].guardians.get()
    guardian.name = '=HYPERLINK("http://x.cn","点")'
    guardian.save()
    csv_rows = read_csv(export(world, "teacher_a", format="csv").content)
    assert csv_rows[1][4] == "'" + guardian.name
    xlsx = export(world, "teacher_a", format="xlsx").content
    assert read_xlsx(xlsx)[1][4] == "'" + guardian.name
    assert b"<f>" not in xlsx_sheet(xlsx)


def xlsx_sheet(data: bytes) -> bytes:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_imports_back_without_changes(world, file_format):
    Guardian.objects.create(family=world["family_a"], name="王奶奶", relation="grandmother")
    client = client_for(world["admin_a"])
    data = client.get(reverse("families:export"), {"format": file_format}).content
    before = (Family.objects.count(), Guardian.objects.count(), Child.objects.count())
    preview = client.post(
        reverse("families:import"),
        {"target": f"school:{world['a'].pk}", "file": upload(data, f"roster.{file_format}")},
    )
    html = preview.content.decode()
    assert "3 行可以导入，0 行有错误；将新建 0 个家庭" in html
    client.post(reverse("families:import_confirm"), {"token": preview.context["token"]})
    assert (Family.objects.count(), Guardian.objects.count(), Child.objects.count()) == before
    assert Guardian.objects.get(name="王奶奶").relation == "grandmother"
