"""Offline credit: rotating QR check-in, roster marking, home visits, adjustments."""

import datetime
from decimal import Decimal
from unittest import mock

from django.core import signing
from django.test import TestCase
from django.utils import timezone

from attendance import checkin
from attendance.models import LedgerEntry
from tests.courses.tree import add_activity

from .world import build_world


class OfflineTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.activity = add_activity(cls.world["school_page_a"], days_from_now=0)
        cls.activity.kind = "guidance"
        cls.activity.save_revision().publish()

    def token(self, activity=None):
        return checkin.checkin_token(activity=activity or self.activity)

    def checkin_url(self, token):
        return f"/zh-hans/attendance/checkin/{token}/"


class QrCheckInTests(OfflineTestCase):
    def test_teacher_page_shows_a_qr_code_of_a_fresh_token(self):
        self.client.force_login(self.world["teacher_a"])
        html = self.client.get(f"/zh-hans/attendance/activities/{self.activity.pk}/qr/")
        self.assertContains(html, "<svg")
        self.assertContains(html, "二维码每分钟更新")
        self.assertContains(html, 'http-equiv="refresh"')

    def test_other_schools_teacher_cannot_show_it(self):
        self.client.force_login(self.world["teacher_b"])
        url = f"/zh-hans/attendance/activities/{self.activity.pk}/qr/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_parent_checks_in_once(self):
        self.client.force_login(self.world["parent_a"])
        token = self.token()
        page = self.client.get(self.checkin_url(token))
        self.assertContains(page, "签到")
        response = self.client.post(self.checkin_url(token))
        self.assertContains(response, "已签到")
        entry = LedgerEntry.objects.get()
        self.assertEqual((entry.source, entry.sessions, entry.guidance), ("checkin", 1, 1))
        self.assertEqual(entry.class_hours, Decimal("1"))
        self.assertEqual(entry.evidence["method"], "qr")
        again = self.client.post(self.checkin_url(self.token()))
        self.assertContains(again, "您的家庭已经签到")
        self.assertEqual(LedgerEntry.objects.count(), 1)

    def test_expired_token(self):
        token = self.token()
        self.client.force_login(self.world["parent_a"])
        later = timezone.now() + datetime.timedelta(seconds=61)
        with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
            response = self.client.post(self.checkin_url(token))
        self.assertContains(response, "二维码已过期", status_code=400)
        self.assertFalse(LedgerEntry.objects.exists())

    def test_forged_token(self):
        self.client.force_login(self.world["parent_a"])
        forged = signing.dumps({"a": self.activity.pk}, salt="another")
        response = self.client.post(self.checkin_url(forged))
        self.assertContains(response, "二维码无效", status_code=400)
        self.assertFalse(LedgerEntry.objects.exists())

    def test_family_not_invited(self):
        self.client.force_login(self.world["parent_b"])
        response = self.client.post(self.checkin_url(self.token()))
        self.assertContains(response, "不在本次活动", status_code=400)
        self.assertFalse(LedgerEntry.objects.exists())

    def test_activity_long_past(self):
        old = add_activity(self.world["school_page_a"], days_from_now=-3)
        self.client.force_login(self.world["parent_a"])
        response = self.client.post(self.checkin_url(self.token(old)))
        self.assertContains(response, "签到已结束", status_code=400)


class RosterTests(OfflineTestCase):
    url = "/zh-hans/attendance/activities/{}/roster/"

    def test_head_teacher_marks_only_the_families_of_their_class(self):
        self.client.force_login(self.world["teacher_a"])
        url = self.url.format(self.activity.pk)
        page = self.client.get(url)
        self.assertContains(page, "a家长")
        self.assertNotContains(page, "邻班家长")  # same school, a class they do not head
        families = [self.world["family_a"].pk, self.world["family_a2"].pk]
        response = self.client.post(url, {"family": families}, follow=True)
        self.assertContains(response, "部分家庭不在本次活动的名单中，未做任何登记。", count=1)
        self.assertFalse(LedgerEntry.objects.exists())

    def test_school_admin_marks_families_and_a_scan_later_adds_nothing(self):
        self.client.force_login(self.world["school_admin_a"])
        url = self.url.format(self.activity.pk)
        page = self.client.get(url)
        self.assertContains(page, "a家长")
        self.assertNotContains(page, "b家长")
        families = [self.world["family_a"].pk, self.world["family_a2"].pk]
        response = self.client.post(url, {"family": families}, follow=True)
        self.assertContains(response, "新登记 2 个家庭")
        self.client.post(url, {"family": families})  # a double tap
        self.assertEqual(LedgerEntry.objects.filter(source="roster").count(), 2)
        self.client.force_login(self.world["parent_a"])
        self.client.post(f"/zh-hans/attendance/checkin/{self.token()}/")
        self.assertEqual(LedgerEntry.objects.count(), 2)

    def test_another_schools_family_is_refused_and_nothing_recorded(self):
        self.client.force_login(self.world["teacher_a"])
        url = self.url.format(self.activity.pk)
        families = [self.world["family_a"].pk, self.world["family_b"].pk]
        response = self.client.post(url, {"family": families}, follow=True)
        self.assertContains(response, "不在本次活动的名单")
        self.assertFalse(LedgerEntry.objects.exists())

    def test_other_schools_teacher_cannot_open_it(self):
        self.client.force_login(self.world["teacher_b"])
        self.assertEqual(self.client.get(self.url.format(self.activity.pk)).status_code, 404)


class HomeVisitAndAdjustmentTests(OfflineTestCase):
    def family_url(self, suffix="", family=None):
        family = family or self.world["family_a"]
        return f"/zh-hans/attendance/families/{family.pk}/{suffix}"

    def visit(self, **fields):
        data = {
            "visited_on": timezone.localdate().isoformat(),
            "minutes": 90,
            "note": "与家长交流孩子的阅读习惯",
            "form_token": "3f2b8c1e-1111-4a4a-9999-000000000001",
        } | fields
        return self.client.post(self.family_url("visit/"), data)

    def test_head_teacher_records_a_visit_once(self):
        self.client.force_login(self.world["teacher_a"])
        self.assertEqual(self.visit().status_code, 302)
        self.visit()  # the same form sent again
        entry = LedgerEntry.objects.get()
        self.assertEqual((entry.source, entry.minutes, entry.class_hours), ("home_visit", 90, 2))
        page = self.client.get(self.family_url())
        self.assertContains(page, "家访")
        self.assertContains(page, "与家长交流孩子的阅读习惯")

    def test_bad_visit_input_says_why(self):
        self.client.force_login(self.world["teacher_a"])
        response = self.visit(minutes=0)
        self.assertContains(response, "家访时长至少为一分钟", status_code=400)
        future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
        self.assertContains(self.visit(visited_on=future), "不能在将来", status_code=400)
        self.assertContains(self.visit(visited_on="昨天"), "有效的日期", status_code=400)
        self.assertFalse(LedgerEntry.objects.exists())

    def test_other_schools_teacher_cannot_record_a_visit(self):
        self.client.force_login(self.world["teacher_b"])
        self.assertEqual(self.visit().status_code, 404)
        self.assertFalse(LedgerEntry.objects.exists())

    def adjust(self, **fields):
        data = {
            "class_hours": "-1",
            "sessions": "0",
            "guidance": "0",
            "reason": "重复登记的线下活动",
            "form_token": "3f2b8c1e-1111-4a4a-9999-000000000002",
        } | fields
        return self.client.post(self.family_url("adjust/"), data)

    def test_school_admin_adjusts_with_a_reason_kept_in_the_trail(self):
        self.client.force_login(self.world["school_admin_a"])
        self.assertEqual(self.adjust().status_code, 302)
        self.adjust()
        entry = LedgerEntry.objects.get()
        self.assertEqual((entry.class_hours, entry.reason), (Decimal("-1"), "重复登记的线下活动"))
        self.assertEqual(entry.created_by, self.world["school_admin_a"])
        self.assertContains(self.client.get(self.family_url()), "重复登记的线下活动")

    def test_adjustment_needs_a_reason_and_a_change(self):
        self.client.force_login(self.world["school_admin_a"])
        self.assertContains(self.adjust(reason=""), "该字段是必填项", status_code=400)
        self.assertContains(self.adjust(class_hours="0"), "没有改变任何数值", status_code=400)
        self.assertFalse(LedgerEntry.objects.exists())

    def test_teachers_and_other_schools_cannot_adjust(self):
        self.client.force_login(self.world["teacher_a"])
        self.assertEqual(self.adjust().status_code, 404)
        self.assertNotContains(self.client.get(self.family_url()), "人工调整")
        self.client.force_login(self.world["school_admin_b"])
        self.assertEqual(self.adjust().status_code, 404)
        self.assertFalse(LedgerEntry.objects.exists())


class RosterSpreadsheetTests(OfflineTestCase):
    """A school admin uploads the families present; a bad sheet records nothing and says why."""

    def upload(self, content: bytes, name="名单.xlsx"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.world["school_admin_a"])
        url = f"/zh-hans/attendance/activities/{self.activity.pk}/roster/"
        upload = SimpleUploadedFile(name, content)
        return self.client.post(url, {"roster_file": upload}, follow=True)

    def sheet(self, rows) -> bytes:
        import io

        from openpyxl import Workbook

        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def test_families_listed_are_marked_present(self):
        codes = [self.world["family_a"].code, self.world["family_a2"].code]
        response = self.upload(self.sheet([["家庭编号", "姓名"], [codes[0], "甲"], [], [codes[1]]]))
        self.assertContains(response, "新登记 2 个家庭")
        self.assertEqual(LedgerEntry.objects.filter(evidence__method="spreadsheet").count(), 2)

    def test_a_family_of_another_school_spoils_the_whole_sheet(self):
        rows = [["家庭编号"], [self.world["family_a"].code], [self.world["family_b"].code]]
        response = self.upload(self.sheet(rows))
        code = self.world["family_b"].code
        self.assertContains(response, f"第 3 行：家庭 {code} 不在本次活动的名单中")
        self.assertFalse(LedgerEntry.objects.exists())

    def test_not_an_excel_file(self):
        response = self.upload(b"family,code\n1,2\n", name="名单.xlsx")
        self.assertContains(response, "不是 Excel 工作簿")
        self.assertFalse(LedgerEntry.objects.exists())

    def test_missing_family_number_column(self):
        response = self.upload(self.sheet([["姓名"], ["张三"]]))
        self.assertContains(response, "第一行必须有名为“家庭编号”的列")
        self.assertFalse(LedgerEntry.objects.exists())

    def test_empty_sheet(self):
        response = self.upload(self.sheet([["家庭编号"]]))
        self.assertContains(response, "表格中没有家庭编号")
