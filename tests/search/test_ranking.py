"""Ranking on both backends: title > summary > body, words found only in a lesson's notes,
synonyms, long questions and pages topped up with looser matches."""

from decimal import Decimal

from django.test import override_settings

from courses.models import LessonPage
from search.query import search_content
from tests.courses.tree import add_course
from tests.search.corpus import OURS, SearchCityTestCase, build_search_city
from tests.search.test_engine import ENGINE
from tests.services import needs_search_engine

LESSONS = [
    # (title, summary, notes)
    ("一起定一份家庭手机使用约定", "和孩子商量规则，温和而坚定地执行。", "约定写下来，贴在墙上。"),
    ("晚上几点上床", "让孩子每天按时休息。", "规律作息很重要：作息稳定的孩子白天精神好。"),
    ("暑假去河边玩要注意什么", "远离危险水域，防溺水。", "出门前检查孩子的手机电量。"),
    ("和孩子聊聊学校的事", "放学路上的十分钟。", "手机放一边，专心听孩子说。"),
    ("周末的家庭时光", "一起做饭、散步和聊天。", "爸爸多陪孩子，手机少看一点。"),
    ("平板和电视用多久才合适", "手机、平板和电视，每天用多久合适。", "约定好时间。"),
]


def build_ranking_city() -> dict:
    tree = build_search_city()
    course = add_course(tree["shared"], "好习惯伴成长", lessons=0, topic="xiguan")
    for number, (title, summary, notes) in enumerate(LESSONS, start=1):
        course.add_child(
            instance=LessonPage(
                title=title,
                slug=f"habit-{number}",
                summary=summary,
                duration_minutes=10,
                class_hours=Decimal("0.5"),
                notes=[("paragraph", f"<p>{notes}</p>")],
            )
        )
    return tree


class RankingTests:
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_ranking_city()

    def ranked(self, query: str) -> list[str]:
        return [hit.page.title for hit in search_content(query=query, per_page=20).hits]

    def test_title_ranks_above_summary_above_body(self):
        ranked = self.ranked("手机")
        title, summary = "一起定一份家庭手机使用约定", "平板和电视用多久才合适"
        body_only = ["暑假去河边玩要注意什么", "和孩子聊聊学校的事", "周末的家庭时光"]
        self.assertEqual(ranked[0], title)
        self.assertLess(ranked.index(summary), min(map(ranked.index, body_only)))

    def test_a_lesson_about_it_only_in_its_notes_is_found(self):
        self.assertIn("晚上几点上床", self.ranked("作息"))

    def test_synonyms_find_the_other_words_for_it(self):
        self.assertIn("晚上几点上床", self.ranked("睡眠"))  # its notes say 作息
        self.assertIn("周末的家庭时光", self.ranked("父亲"))  # 爸爸

    def test_long_question_needs_most_words_not_all(self):
        results = search_content(query="孩子沉迷手机怎么办")  # no page says 沉迷
        titles = [hit.page.title for hit in results.hits]
        self.assertFalse(results.relaxed)
        self.assertEqual(titles[0], "一起定一份家庭手机使用约定")  # 手机 in its title
        # 孩子 and 手机 (two of three words) before 手机 alone
        self.assertLess(titles.index("和孩子聊聊学校的事"), titles.index("平板和电视用多久才合适"))

    def test_pages_with_all_words_come_before_pages_with_some(self):
        results = search_content(query="防溺水 手机", per_page=20)
        titles = [hit.page.title for hit in results.hits]
        self.assertEqual(titles[0], "暑假去河边玩要注意什么")  # the only one with both
        self.assertIn("一起定一份家庭手机使用约定", titles)  # topped up with one of them
        self.assertFalse(results.relaxed)


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
class DatabaseRankingTests(RankingTests, SearchCityTestCase):
    pass


@needs_search_engine
@override_settings(WAGTAILSEARCH_BACKENDS=ENGINE)
class EngineRankingTests(RankingTests, SearchCityTestCase):
    pass
