"""Roster import: upload → preview with row-level errors in Chinese → confirm in one
transaction. Nothing is written before confirm, and a failing confirm writes nothing."""

import datetime

import pytest
from django.urls import reverse

from families.models import Child, Family, Guardian

from .conftest import client_for
from .rosters import HEADER, csv_bytes, read_xlsx, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["三年级（1）班", "陈浩宇", "男", "2017-09-12", "陈志明", "父亲", "13911110001"],
    ["三年级(2)班", "陈雨桐", "女", "2017/10/3", "陈志明", "爸爸", "13911110001"],
    ["三年级1班", "刘一诺", "女", datetime.date(2017, 12, 1), "刘丽", "母亲", "139 1111 0002"],
]


def counts() -> tuple[int, int, int]:
    return Family.objects.count(), Guardian.objects.count(), Child.objects.count()


def preview(client, world, data, name="花名册.xlsx", target=None):
    target = target or f"school:{world['a'].pk}"
    return client.post(reverse("families:import"), {"target": target, "file": upload(data, name)})


def confirm(client, response):
    return client.post(
        reverse("families:import_confirm"), {"token": response.context["token"]}, follow=True
    )


def test_preview_writes_nothing_and_confirm_creates_families(world):
    client = client_for(world["admin_a"])
    before = counts()
    response = preview(client, world, xlsx_bytes(GOOD_ROWS))
    html = response.content.decode()
    assert "3 行可以导入，0 行有错误；将新建 2 个家庭" in html
    assert "确认导入" in html
    assert counts() == before
    page = confirm(client, response).content.decode()
    assert "已导入 3 行：新建 2 个家庭，新增 3 个孩子" in page
    twins = Family.objects.get(guardians__phone="13911110001")
    assert sorted(twins.children.values_list("name", flat=True)) == ["陈浩宇", "陈雨桐"]
    assert twins.guardians.count() == 1
    liu = Child.objects.get(name="刘一诺")
    assert liu.birth_date == datetime.date(2017, 12, 1)
    assert liu.family.guardians.get().phone == "13911110002"


def test_sibling_at_another_school_joins_the_family_by_phone(world):
    client = client_for(world["admin_b"])
    row = ["三年级（1）班", "王梓轩", "男", "2017-05-05", "王建国", "父亲", "13900000001"]
    response = preview(client, world, xlsx_bytes([row]), target=f"school:{world['b'].pk}")
    assert "已有家庭" in response.content.decode()
    confirm(client, response)
    family = world["family_a"]
    assert set(family.children.values_list("name", flat=True)) == {"王子涵", "王梓轩"}
    assert family.guardians.count() == 1


def test_a_child_listed_with_both_parents_is_one_child_in_one_family(world):
    client = client_for(world["admin_a"])
    rows = [
        ["三年级（1）班", "孙沐阳", "男", "2017-06-01", "孙海", "父亲", "13911110011"],
        ["三年级（1）班", "孙沐阳", "男", "2017-06-01", "周敏", "母亲", "13911110012"],
    ]
    response = preview(client, world, xlsx_bytes(rows))
    assert "将新建 1 个家庭" in response.content.decode()
    confirm(client, response)
    child = Child.objects.get(name="孙沐阳")
    assert sorted(child.family.guardians.values_list("name", flat=True)) == ["周敏", "孙海"]


def test_existing_child_is_updated_not_duplicated(world):
    client = client_for(world["teacher_a"])
    row = ["", "王子涵", "女", "2017-11-11", "王建国", "父亲", "13900000001"]
    response = preview(client, world, xlsx_bytes([row]), target=f"class:{world['class_a'].pk}")
    assert "更新孩子信息" in response.content.decode()
    before = counts()
    confirm(client, response)
    assert counts() == before
    world["child_a"].refresh_from_db()
    assert world["child_a"].birth_date == datetime.date(2017, 11, 11)
    assert world["family_a"].guardians.get().relation == "father"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-8"])
def test_csv_as_excel_in_china_saves_it(world, encoding):
    client = client_for(world["admin_a"])
    response = preview(client, world, csv_bytes(GOOD_ROWS[:2], encoding=encoding), "花名册.csv")
    assert "2 行可以导入，0 行有错误" in response.content.decode()


BAD_ROWS = [
    (
        ["三年级（1）班", "周晨希", "男", "2017-02-30", "周强", "父亲", "13911110003"],
        "“2017-02-30”不是有效的出生日期",
    ),
    (
        ["五年级（9）班", "周晨希", "男", "2017-02-03", "周强", "父亲", "13911110003"],
        "没有名为“五年级（9）班”的班级",
    ),
    (
        ["三年级（1）班", "周晨希", "男", "2017-02-03", "周强", "父亲", "1391111"],
        "“1391111”不是有效的手机号",
    ),
    (["三年级（1）班", "", "男", "2017-02-03", "周强", "父亲", "13911110003"], "“学生姓名”为空"),
    (
        ["三年级（1）班", "周晨希", "未知", "2017-02-03", "周强", "父亲", "13911110003"],
        "性别应填“男”或“女”",
    ),
    (
        ["三年级（1）班", "周晨希", "男", "2017-02-03", "周强", "邻居", "13911110003"],
        "无法识别的关系“邻居”",
    ),
    (
        [
            "三年级（1）班",
            '=HYPERLINK("http://x.example","点我")',
            "男",
            "2017-02-03",
            "周强",
            "父亲",
            "13911110003",
        ],
        "“学生姓名”以“=”开头，表格软件会把它当作公式执行",
    ),
    (
        ["三年级（1）班", "周晨希", "男", "2017-02-03", "@SUM(1+1)", "父亲", "13911110003"],
        "“家长姓名”以“@”开头",
    ),
    (
        ["三年级（1）班", "周" * 33, "男", "2017-02-03", "周强", "父亲", "13911110003"],
        "“学生姓名”超过 32 个字符",
    ),
    (
        ["三年级（1）班", "周晨希", "男", "2030-01-01", "周强", "父亲", "13911110003"],
        "“2030-01-01”不是有效的出生日期",
    ),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_each_bad_row_is_explained_and_nothing_can_be_confirmed(world, row, message):
    client = client_for(world["admin_a"])
    before = counts()
    response = preview(client, world, xlsx_bytes([GOOD_ROWS[0], row]))
    html = response.content.decode()
    assert message in html
    assert "1 行可以导入，1 行有错误" in html
    assert "确认导入" not in html and "token" not in response.context
    assert counts() == before


def test_formula_cell_in_a_workbook_is_refused(world):
    rows = [["三年级（1）班", "周晨希", "男", "2017-02-03", '=A1&"x"', "父亲", "13911110003"]]
    response = preview(client_for(world["admin_a"]), world, xlsx_bytes(rows))
    assert "“家长姓名”以“=”开头" in response.content.decode()


def test_duplicate_rows_are_flagged_with_the_first_row_number(world):
    rows = [GOOD_ROWS[0], GOOD_ROWS[2], GOOD_ROWS[0]]
    response = preview(client_for(world["admin_a"]), world, xlsx_bytes(rows))
    assert "与第 2 行的孩子和家长重复" in response.content.decode()


def test_conflicting_facts_about_one_child_are_flagged(world):
    other_guardian = ["三年级（1）班", "陈浩宇", "男", "2016-01-01", "林芳", "母亲", "13911110009"]
    response = preview(
        client_for(world["admin_a"]), world, xlsx_bytes([GOOD_ROWS[0], other_guardian])
    )
    assert "第 2 行中同一个孩子的性别或出生日期与本行不同" in response.content.decode()


FILE_ERRORS = [
    (b"", "a.xlsx", "文件为空"),
    (b"  \n", "a.csv", "文件为空"),
    (b"%PDF-1.4 not a roster", "a.pdf", "请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"),
    (b"PK\x03\x04 broken zip", "a.xlsx", "这不是有效的 Excel 工作簿（.xlsx）"),
    (b"\xd0\xcf\x11\xe0 old excel", "a.xls", "不支持旧版 Excel 文件（.xls）"),
    (b"\xff\xfe\x00\xd8\x00\x00garbage\x81", "a.csv", "无法识别这个 CSV 文件的文字编码"),
]


@pytest.mark.parametrize(("data", "name", "message"), FILE_ERRORS)
def test_unreadable_files_get_a_clear_answer(world, data, name, message):
    response = preview(client_for(world["admin_a"]), world, data, name)
    assert message in response.content.decode()
    assert "token" not in response.context


def test_header_only_file_has_no_rows(world):
    response = preview(client_for(world["admin_a"]), world, xlsx_bytes([]))
    assert "文件表头下面没有数据行" in response.content.decode()


def test_missing_columns_are_named(world):
    data = xlsx_bytes([["陈浩宇", "男"]], header=["学生姓名", "性别"])
    response = preview(client_for(world["admin_a"]), world, data)
    assert "表头缺少以下列：出生日期、家长姓名、关系" in response.content.decode()


def test_too_many_rows_are_refused(world):
    rows = [GOOD_ROWS[0][:1] + [f"学生{i}"] + GOOD_ROWS[0][2:] for i in range(2001)]
    response = preview(client_for(world["admin_a"]), world, csv_bytes(rows), "big.csv")
    assert "文件超过 2000 行" in response.content.decode()


def test_too_large_a_file_is_refused(world):
    data = csv_bytes(GOOD_ROWS) + b" " * (2 * 1024 * 1024)
    response = preview(client_for(world["admin_a"]), world, data, "big.csv")
    assert "文件超过 2 MB" in response.content.decode()


def test_teacher_imports_only_into_the_class_they_head(world):
    client = client_for(world["teacher_a"])
    form = client.get(reverse("families:import")).context["form"]
    assert [value for value, _label in form.fields["target"].choices] == [
        f"class:{world['class_a'].pk}"
    ]
    response = preview(client, world, xlsx_bytes(GOOD_ROWS), target=f"school:{world['a'].pk}")
    assert "token" not in response.context
    response = preview(
        client, world, xlsx_bytes([GOOD_ROWS[1]]), target=f"class:{world['class_a'].pk}"
    )
    assert "没有名为“三年级(2)班”的班级" in response.content.decode()


def test_other_schools_class_is_not_a_target(world):
    client = client_for(world["admin_a"])
    before = counts()
    response = preview(client, world, xlsx_bytes(GOOD_ROWS), target=f"class:{world['class_b'].pk}")
    assert "token" not in response.context
    assert counts() == before


def test_bureau_cannot_import(world):
    response = client_for(world["bureau_city"]).get(reverse("families:import"), follow=True)
    assert "不能导入花名册" in response.content.decode()


def test_tampered_or_foreign_preview_is_refused(world):
    client = client_for(world["admin_a"])
    response = preview(client, world, xlsx_bytes(GOOD_ROWS))
    before = counts()
    forged = client.post(
        reverse("families:import_confirm"), {"token": response.context["token"] + "x"}, follow=True
    )
    assert "预览已过期，请重新上传文件" in forged.content.decode()
    other = client_for(world["admin_b"]).post(
        reverse("families:import_confirm"), {"token": response.context["token"]}
    )
    assert other.status_code == 404
    assert counts() == before


def test_confirm_rechecks_rows_and_writes_nothing_when_one_went_bad(world):
    client = client_for(world["admin_a"])
    response = preview(client, world, xlsx_bytes(GOOD_ROWS))
    world["other_class_a"].delete()  # 三年级（2）班 disappears between preview and confirm
    before = counts()
    page = confirm(client, response).content.decode()
    assert "部分行已不再有效，本次没有导入任何数据" in page
    assert counts() == before


def test_a_failure_half_way_through_confirm_writes_nothing(world, monkeypatch):
    client = client_for(world["admin_a"])
    response = preview(client, world, xlsx_bytes(GOOD_ROWS))
    before = counts()

    def fail(*args, **kwargs):  # families and guardians are written by now
        raise RuntimeError("database went away")

    monkeypatch.setattr(Child.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        confirm(client, response)
    assert counts() == before


def test_template_downloads_as_a_workbook_with_the_columns(world):
    response = client_for(world["teacher_a"]).get(reverse("families:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    assert rows[0] == HEADER and len(rows) == 2


def test_a_child_of_another_school_is_not_taken_by_an_import(world):
    # 赵可馨 is at school b; her guardian's number and name are enough to find her.
    row = ["三年级（1）班", "赵可馨", "女", "2017-10-01", "赵永刚", "父亲", "13900000003"]
    response = preview(client_for(world["admin_a"]), world, xlsx_bytes([row]))
    assert "该学生目前在你无权管理的班级（其他班级或其他学校）" in response.content.decode()
    assert "token" not in response.context
    world["child_b"].refresh_from_db()
    assert world["child_b"].school_class == world["class_b"]


def test_a_teacher_cannot_take_a_child_from_a_colleagues_class(world):
    row = ["三年级（1）班", "李雨桐", "女", "2017-10-01", "李晓红", "母亲", "13900000002"]
    response = preview(
        client_for(world["teacher_a"]),
        world,
        xlsx_bytes([row]),
        target=f"class:{world['class_a'].pk}",
    )
    assert "该学生目前在你无权管理的班级" in response.content.decode()
    # The school admin may move her between the school's classes.
    admin = client_for(world["admin_a"])
    confirm(admin, preview(admin, world, xlsx_bytes([row])))
    world["child_a2"].refresh_from_db()
    assert world["child_a2"].school_class == world["class_a"]
