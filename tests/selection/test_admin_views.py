"""The selection in the admin, seen by each role: organiser, school admin (own school and
another), reviewer (own scores, conflict of interest, blind review), teacher, anonymous."""

from io import BytesIO

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from selection.models import Phase, ScoreSheet

from .rounds import TIED_REVIEW, assign_all, build_selection_city, move_to, nominate, run_review


def round_url(city, name="selection_admin:round", **kwargs):
    return reverse(name, kwargs={"pk": city["round"].pk, **kwargs})


def rows(response) -> list[tuple]:
    book = load_workbook(BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


class NominatingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()

    def test_menu_shows_the_selection_to_its_roles_only(self):
        for name, shown in [
            ("editor", True),
            ("school_admin_a", True),
            ("reviewer_1", True),
            ("teacher_a", False),
        ]:
            self.client.force_login(self.city[name])
            sidebar = self.client.get(reverse("wagtailadmin_home")).content.decode()
            sidebar = sidebar.encode().decode("unicode_escape")
            self.assertEqual("精品课程评选" in sidebar, shown, name)

    def test_a_school_admin_nominates_from_the_round_page(self):
        self.client.force_login(self.city["school_admin_a"])
        page = self.client.get(round_url(self.city))
        self.assertContains(page, "推荐课程")
        self.assertContains(page, "a校亲子阅读课")
        self.assertNotContains(page, "b校亲子阅读课")  # not theirs to nominate
        response = self.client.post(
            round_url(self.city, "selection_admin:nominate"),
            {"course": self.city["course_a"].pk, "statement": "深受家长欢迎。"},
            follow=True,
        )
        self.assertContains(response, "课程已推荐")
        self.assertContains(response, "深受家长欢迎。")

    def test_a_refused_nomination_says_why_in_chinese(self):
        self.city["round"].quota_per_school = 1
        self.city["round"].save()
        nominate(self.city)
        self.client.force_login(self.city["school_admin_a"])
        response = self.client.post(
            round_url(self.city, "selection_admin:nominate"),
            {"course": self.city["course_a2"].pk, "statement": "第二门。"},
            follow=True,
        )
        self.assertContains(response, "本校的 1 个推荐名额已用完")
        self.assertEqual(self.city["round"].nominations.count(), 1)

    def test_another_school_sees_only_its_own_nominations(self):
        nominate(self.city)
        self.client.force_login(self.city["school_admin_b"])
        page = self.client.get(round_url(self.city))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "本校特色课程。")
        self.assertNotContains(page, "全部评分")
        export = self.client.get(round_url(self.city, "selection_admin:export", kind="nominations"))
        self.assertEqual(rows(export)[1:], [])

    def test_people_outside_the_round_get_nothing(self):
        self.client.force_login(self.city["teacher_a"])
        self.assertEqual(self.client.get(round_url(self.city)).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(round_url(self.city)).status_code, 302)  # to login


class ReviewingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.a = nominate(cls.city)
        cls.b = nominate(cls.city, course_key="course_b", admin="school_admin_b")
        assign_all(cls.city)
        move_to(cls.city["round"], Phase.REVIEWING)

    def score_url(self, nomination):
        return round_url(self.city, "selection_admin:score", nomination_pk=nomination.pk)

    def test_draft_then_submit(self):
        self.client.force_login(self.city["reviewer_1"])
        items = list(self.city["round"].rubric_items.all())
        form = {f"value_{items[0].pk}": "8", f"comment_{items[0].pk}": "内容扎实", "draft": "1"}
        response = self.client.post(self.score_url(self.b), form, follow=True)
        self.assertContains(response, "草稿已保存")
        self.assertContains(response, "内容扎实")
        form |= {f"value_{items[1].pk}": "15", f"value_{items[2].pk}": "9", "submit": "1"}
        del form["draft"]
        response = self.client.post(self.score_url(self.b), form)
        self.assertContains(response, "分数须在 0 到 5 之间")  # nothing lost: the form is back
        self.assertContains(response, 'value="15"')
        form[f"value_{items[2].pk}"] = "4"
        response = self.client.post(self.score_url(self.b), form, follow=True)
        self.assertContains(response, "评分已提交")
        sheet = ScoreSheet.objects.get(
            nomination=self.b, assignment__reviewer=self.city["reviewer_1"]
        )
        self.assertEqual(sheet.status, ScoreSheet.Status.SUBMITTED)

    def test_the_reviewer_sees_the_frozen_course_and_only_their_own_scores(self):
        course = self.city["course_b"]
        course.title = "改名后的课程"
        course.save_revision().publish()
        self.client.force_login(self.city["reviewer_2"])
        items = list(self.city["round"].rubric_items.all())
        self.client.post(
            self.score_url(self.b),
            {f"value_{items[0].pk}": "6", f"comment_{items[0].pk}": "二号专家的评语", "draft": "1"},
        )
        self.client.force_login(self.city["reviewer_1"])
        page = self.client.get(self.score_url(self.b))
        self.assertContains(page, "b校亲子阅读课")
        self.assertNotContains(page, "改名后的课程")
        self.assertNotContains(page, "二号专家的评语")
        self.assertNotContains(self.client.get(round_url(self.city)), "二号专家的评语")

    def test_conflict_of_interest_hides_and_refuses_own_school(self):
        self.client.force_login(self.city["reviewer_3"])  # works at school a
        page = self.client.get(round_url(self.city))
        self.assertContains(page, "b校亲子阅读课")
        self.assertNotContains(page, "a校亲子阅读课")
        response = self.client.get(self.score_url(self.a), follow=True)
        self.assertContains(response, "不能评审本校的课程")
        items = list(self.city["round"].rubric_items.all())
        self.client.post(
            self.score_url(self.a), {f"value_{i.pk}": "5" for i in items} | {"submit": "1"}
        )
        self.assertFalse(
            ScoreSheet.objects.filter(
                nomination=self.a, assignment__reviewer=self.city["reviewer_3"]
            ).exists()
        )

    def test_blind_review_hides_school_names(self):
        self.client.force_login(self.city["reviewer_1"])
        self.assertContains(self.client.get(self.score_url(self.b)), "b区实验小学")
        self.city["round"].blind_review = True
        self.city["round"].save()
        self.assertNotContains(self.client.get(self.score_url(self.b)), "b区实验小学")
        self.assertNotContains(self.client.get(round_url(self.city)), "b区实验小学")

    def test_reviewers_and_school_admins_get_no_scores_or_results_exports(self):
        for name in ("reviewer_1", "school_admin_a"):
            self.client.force_login(self.city[name])
            for kind in ("scores", "results"):
                url = round_url(self.city, "selection_admin:export", kind=kind)
                self.assertRefused(self.client.get(url), (name, kind))
        self.client.force_login(self.city["reviewer_1"])
        url = round_url(self.city, "selection_admin:export", kind="nominations")
        self.assertRefused(self.client.get(url), "reviewer nominations")

    def assertRefused(self, response, label):
        # The Wagtail admin turns PermissionDenied into a redirect with a message.
        self.assertEqual(response.status_code, 302, label)
        self.assertNotIn("Content-Disposition", response, label)

    def test_after_the_deadline_the_form_is_closed(self):
        move_to(self.city["round"], Phase.DELIBERATING)
        self.client.force_login(self.city["reviewer_1"])
        items = list(self.city["round"].rubric_items.all())
        response = self.client.post(
            self.score_url(self.b), {f"value_{i.pk}": "5" for i in items} | {"submit": "1"}
        )
        self.assertContains(response, "评审已截止")
        self.assertFalse(ScoreSheet.objects.filter(nomination=self.b).exists())


class OrganiserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.nominations = run_review(cls.city, TIED_REVIEW)

    def test_the_organiser_sees_every_score_and_exports_them(self):
        self.client.force_login(self.city["editor"])
        page = self.client.get(round_url(self.city))
        self.assertContains(page, "全部评分")
        self.assertContains(page, "reviewer_3")
        scores = rows(
            self.client.get(round_url(self.city, "selection_admin:export", kind="scores"))
        )
        self.assertEqual(len(scores), 1 + len(TIED_REVIEW))
        self.assertEqual(scores[0][:4], ("学校", "课程", "评审专家", "状态"))

    def test_compute_decide_publish_from_the_page(self):
        self.client.force_login(self.city["editor"])
        response = self.client.post(round_url(self.city, "selection_admin:compute"), follow=True)
        self.assertContains(response, "结果已计算")
        self.assertContains(response, "与评分记录核对一致")
        result = self.nominations["b"].result
        second = self.city["round"].award_levels.get(name="二等奖")
        self.client.post(
            round_url(self.city, "selection_admin:decide", result_pk=result.pk),
            {f"r{result.pk}-decision": str(second.pk)},
        )
        result.refresh_from_db()
        self.assertTrue(result.decided)
        results = rows(
            self.client.get(round_url(self.city, "selection_admin:export", kind="results"))
        )
        self.assertEqual([r[0] for r in results[1:]], [1, 2, 3])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                round_url(self.city, "selection_admin:publish"), follow=True
            )
        self.assertContains(response, "结果已公布")

    def test_a_school_admin_cannot_compute_or_publish(self):
        self.client.force_login(self.city["school_admin_a"])
        response = self.client.post(round_url(self.city, "selection_admin:compute"), follow=True)
        self.assertContains(response, "只有本次评选的组织者")
        self.assertFalse(self.city["round"].results.exists())
        self.client.post(round_url(self.city, "selection_admin:publish"))
        self.city["round"].refresh_from_db()
        self.assertFalse(self.city["round"].is_published)

    def test_round_setup_is_for_organisers_of_the_region(self):
        self.client.force_login(self.city["editor"])
        edit = reverse("selection_rounds:edit", args=[self.city["round"].pk])
        self.assertContains(self.client.get(edit), "评分细则")
        self.client.force_login(self.city["school_admin_a"])
        self.assertNotEqual(self.client.get(edit).status_code, 200)
        self.assertNotEqual(self.client.get(reverse("selection_rounds:add")).status_code, 200)


class BoundaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.nomination = nominate(cls.city)

    def test_another_school_cannot_withdraw_a_nomination(self):
        self.client.force_login(self.city["school_admin_b"])
        url = round_url(self.city, "selection_admin:withdraw", nomination_pk=self.nomination.pk)
        response = self.client.post(url, follow=True)
        self.assertContains(response, "只能撤回本校的推荐")
        self.assertTrue(self.city["round"].nominations.filter(pk=self.nomination.pk).exists())

    def test_a_district_editor_does_not_organise_a_city_round(self):
        from schools.models import Role
        from schools.services import membership_grant
        from tests.factories import UserFactory

        editor = UserFactory(username="district_editor")
        membership_grant(user=editor, role=Role.EDITOR, region=self.city["school_a"].region)
        self.client.force_login(editor)
        self.assertEqual(self.client.get(round_url(self.city)).status_code, 404)
        self.assertNotEqual(
            self.client.get(
                reverse("selection_rounds:edit", args=[self.city["round"].pk])
            ).status_code,
            200,
        )

    def test_the_rubric_is_locked_once_scoring_has_begun(self):
        from selection import services
        from selection.viewsets import round_viewset

        from .rounds import scores

        round = self.city["round"]
        form_class = round_viewset.get_form_class(for_update=True)

        def form_with_weight(weight):
            data = {
                "title": round.title,
                "region": round.region_id,
                "year": round.year,
                "nomination_opens": round.nomination_opens.strftime("%Y-%m-%d %H:%M"),
                "nomination_closes": round.nomination_closes.strftime("%Y-%m-%d %H:%M"),
                "review_opens": round.review_opens.strftime("%Y-%m-%d %H:%M"),
                "review_closes": round.review_closes.strftime("%Y-%m-%d %H:%M"),
                "publication_date": round.publication_date.isoformat(),
                "quota_per_school": round.quota_per_school,
            }
            for prefix, rows in (
                ("rubric_items", round.rubric_items.all()),
                ("award_levels", round.award_levels.all()),
            ):
                rows = list(rows)
                data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
                data |= {f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}
                for i, row in enumerate(rows):
                    data[f"{prefix}-{i}-id"] = row.pk
                    data[f"{prefix}-{i}-ORDER"] = i + 1
                    data[f"{prefix}-{i}-name"] = row.name
                    if prefix == "rubric_items":
                        data[f"{prefix}-{i}-weight"] = weight if i == 0 else row.weight
                        data[f"{prefix}-{i}-max_score"] = row.max_score
                    else:
                        data[f"{prefix}-{i}-rule"] = row.rule
                        data[f"{prefix}-{i}-top_n"] = row.top_n or ""
                        data[f"{prefix}-{i}-is_premium"] = "on" if row.is_premium else ""
            return form_class(data, instance=round, for_user=self.city["editor"])

        self.assertTrue(form_with_weight(50).is_valid())
        assignment = services.reviewer_assign(
            round=round,
            reviewer=self.city["reviewer_1"],
            affiliated_school=None,
            user=self.city["editor"],
        )
        move_to(round, Phase.REVIEWING)
        services.score_save(
            assignment=assignment,
            nomination=self.nomination,
            values=scores(round, 5, "", ""),
            submit=False,
            user=self.city["reviewer_1"],
        )
        round.refresh_from_db()
        locked = form_with_weight(50)
        self.assertFalse(locked.is_valid())
        self.assertIn("评分开始后不能修改评分细则", str(locked.errors))
