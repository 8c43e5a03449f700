"""Excel exports run as background tasks, show progress, and only their requester
may download them; nobody may export beyond their scope."""

import io

import pytest
from openpyxl import load_workbook

from attendance.models import ExportJob

from .credit import make_compliant
from .world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
START = "/zh-hans/attendance/exports/"


@pytest.fixture
def world():
    w = build_world()
    make_compliant(w, w["family_a"])
    return w


def start_export(client, world, level, target):
    return client.post(START, {"level": level, "target": target.pk, "year": world["year"].pk})


def test_school_export_runs_in_the_background_and_downloads(client, world, run_tasks):
    client.force_login(world["school_admin_a"])
    response = start_export(client, world, "school", world["school_a"])
    assert response.status_code == 302
    waiting = client.get(response["Location"]).content.decode()
    assert "正在生成导出文件" in waiting and 'http-equiv="refresh"' in waiting
    run_tasks()
    done = client.get(response["Location"]).content.decode()
    assert "下载 Excel 文件" in done
    job = ExportJob.objects.get()
    assert (job.status, job.done_rows, job.total_rows, job.percent) == ("done", 2, 2, 100)
    download = client.get(f"/zh-hans/attendance/exports/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("家庭编号", "学校", "班级", "监护人", "次数", "课时")
    by_guardian = {row[3]: row for row in rows[1:]}
    assert set(by_guardian) == {"a家长", "邻班家长"}  # not school b's family
    assert by_guardian["a家长"][4:6] == (4, 8.0)
    assert by_guardian["a家长"][-1] == "是"
    assert by_guardian["邻班家长"][-1] == "否"


def test_progress_is_available_as_json(client, world, run_tasks):
    client.force_login(world["school_admin_a"])
    location = start_export(client, world, "class", world["class_a"])["Location"]
    assert client.get(location, HTTP_ACCEPT="application/json").json() == {
        "status": "queued",
        "percent": 0,
    }
    run_tasks()
    assert client.get(location, HTTP_ACCEPT="application/json").json()["percent"] == 100


@pytest.mark.parametrize(
    ("user", "level", "target", "allowed"),
    [
        ("school_admin_a", "school", "school_a", True),
        ("school_admin_a", "school", "school_b", False),
        ("teacher_a", "class", "class_a", True),
        ("teacher_a", "class", "other_class_a", False),
        ("teacher_a", "school", "school_a", False),
        ("bureau_a", "region", "city", False),
        ("bureau_city", "region", "city", True),
        ("parent_a", "class", "class_a", False),
    ],
)
def test_export_boundaries(client, world, user, level, target, allowed):
    client.force_login(world[user])
    obj = world[target] if target != "city" else world["city"]
    response = start_export(client, world, level, obj)
    assert response.status_code == (302 if allowed else 404)
    assert ExportJob.objects.exists() == allowed


def test_nobody_else_may_see_or_download_an_export(client, world, run_tasks):
    client.force_login(world["school_admin_a"])
    start_export(client, world, "school", world["school_a"])
    run_tasks()
    job = ExportJob.objects.get()
    client.force_login(world["bureau_city"])
    assert client.get(f"/zh-hans/attendance/exports/{job.pk}/").status_code == 404
    assert client.get(f"/zh-hans/attendance/exports/{job.pk}/download/").status_code == 404
