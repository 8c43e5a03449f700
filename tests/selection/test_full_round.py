"""A whole round through the pages people use: the organiser sets it up, schools nominate,
reviewers score (one excused from their own school), the organiser computes, publishes and
broadcasts, and the broadcast shows at every school of the city."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CoursePage
from selection.models import Phase, SelectionRound

from .rounds import build_selection_city, move_to

FORMAT = "%Y-%m-%d %H:%M"


def when(days: float) -> str:
    return timezone.localtime(timezone.now() + datetime.timedelta(days=days)).strftime(FORMAT)


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


class FullRoundTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.city["round"].delete()  # this round is set up through the admin

    def as_user(self, name):
        self.client.force_login(self.city[name])
        return self.client

    def setup_round(self) -> SelectionRound:
        form = {
            "title": "2026年测试市家庭教育精品课程评选",
            "region": self.city["city"].pk,
            "year": "2026",
            "description": "面向全市中小学、幼儿园征集家庭教育精品课程。",
            "nomination_opens": when(-1),
            "nomination_closes": when(1),
            "review_opens": when(2),
            "review_closes": when(3),
            "publication_date": when(4)[:10],
            "quota_per_school": "2",
            "trimmed_mean": "on",
        }
        form |= inline(
            "rubric_items",
            [
                {"name": "内容科学", "description": "", "weight": "40", "max_score": "10"},
                {"name": "形式生动", "description": "", "weight": "30", "max_score": "20"},
                {"name": "实效明显", "description": "", "weight": "30", "max_score": "5"},
            ],
        )
        form |= inline(
            "award_levels",
            [
                {
                    "name": "一等奖",
                    "rule": "top_n",
                    "top_n": "1",
                    "min_score": "",
                    "is_premium": "on",
                },
                {
                    "name": "精品课程",
                    "rule": "min_score",
                    "top_n": "",
                    "min_score": "75",
                    "is_premium": "on",
                },
            ],
        )
        response = self.as_user("editor").post(reverse("selection_rounds:add"), form)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        round = SelectionRound.objects.get()
        self.assertEqual(round.rubric_items.count(), 3)
        self.city["round"] = round
        return round

    def url(self, name, **kwargs):
        return reverse(f"selection_admin:{name}", kwargs={"pk": self.city["round"].pk, **kwargs})

    def nominate(self, admin, course):
        self.as_user(admin).post(
            self.url("nominate"), {"course": self.city[course].pk, "statement": "推荐理由。"}
        )

    def score(self, reviewer, nomination, values):
        items = list(self.city["round"].rubric_items.all())
        form = {f"value_{i.pk}": str(v) for i, v in zip(items, values, strict=True)}
        self.as_user(reviewer).post(
            self.url("score", nomination_pk=nomination.pk), form | {"submit": "1"}
        )

    def test_nominate_assign_score_aggregate_publish_broadcast(self):
        round = self.setup_round()
        self.nominate("school_admin_a", "course_a")
        self.nominate("school_admin_b", "course_b")
        self.nominate("school_admin_a", "course_a2")
        a, b, a2 = (
            round.nominations.get(course=self.city[k])
            for k in ("course_a", "course_b", "course_a2")
        )
        for name in ("reviewer_1", "reviewer_2", "reviewer_3"):
            form = {"reviewer": self.city[name].pk}
            if name == "reviewer_3":
                form["affiliated_school"] = self.city["school_a"].pk
            self.as_user("editor").post(self.url("assign"), form)
        self.assertEqual(round.reviewers.count(), 3)

        move_to(round, Phase.REVIEWING)
        # totals: (8,15,4) 78.50 · (10,20,5) 100 · (5,10,2) 47 · (7.5,17,4.1) 80.10
        self.score("reviewer_1", a, (8, 15, 4))
        self.score("reviewer_2", a, (7.5, 17, 4.1))  # a: 79.30
        self.score("reviewer_1", b, (10, 20, 5))
        self.score("reviewer_2", b, (5, 10, 2))
        self.score("reviewer_3", b, (8, 15, 4))  # b: trimmed to 78.50
        self.score("reviewer_1", a2, (5, 10, 2))
        self.score("reviewer_2", a2, (5, 10, 2))  # a2: 47.00
        self.score("reviewer_3", a, (10, 20, 5))  # refused: reviewer 3 works at school a
        self.assertEqual(a.sheets.count(), 2)

        move_to(round, Phase.DELIBERATING)
        self.as_user("editor").post(self.url("compute"))
        with self.captureOnCommitCallbacks(execute=True):
            self.as_user("editor").post(self.url("publish"))
        round.refresh_from_db()
        self.assertTrue(round.is_published)
        ranking = [
            (r.nomination_id, r.score, r.rank, r.award.name if r.award else None)
            for r in round.results.all()
        ]
        self.assertEqual(
            ranking,
            [
                (a.pk, Decimal("79.30"), 1, "一等奖"),
                (b.pk, Decimal("78.50"), 2, "精品课程"),
                (a2.pk, Decimal("47.00"), 3, None),
            ],
        )
        premium = set(CoursePage.objects.filter(is_premium=True).values_list("pk", flat=True))
        self.assertEqual(premium, {a.course_id, b.course_id})

        self.client.logout()
        with translation.override("zh-hans"):
            public = self.client.get(reverse("selection:results", args=[round.pk]))
        self.assertContains(public, "一等奖")
        self.assertContains(public, "a校亲子阅读课")
        self.assertContains(public, "精品")
        own = self.as_user("school_admin_b").get(self.url("round"))
        self.assertContains(own, "精品课程")

        with self.captureOnCommitCallbacks(execute=True):
            self.as_user("editor").post(
                self.url("broadcast"),
                {
                    "title": "全市家庭教育精品课程联合展播",
                    "courses": [a.course_id, b.course_id],
                    "starts_at": when(-0.1),
                    "ends_at": when(14),
                },
            )
        self.client.logout()
        for key in ("school_page_a", "school_page_b", "district_a", "district_b", "home"):
            page = self.client.get(self.city[key].url)
            self.assertContains(page, "全市家庭教育精品课程联合展播", msg_prefix=key)
            self.assertContains(page, "b校亲子阅读课", msg_prefix=key)
