"""Chinese on the embedded default: jieba segmentation in the database backend."""

from django.test import TestCase, override_settings
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from courses.models import CoursePage, LessonPage
from tests.search.corpus import OURS, STOCK, SearchCityTestCase, build_search_city, rebuild_index

BAD_INPUTS = [
    "",
    "   ",
    '"',
    '"家庭教育',
    "*",
    "家庭*",
    "AND",
    "OR OR",
    "家庭 AND OR NOT 教育",
    "NEAR(家庭 教育)",
    "title:家庭",
    "家庭^2 ~ {} [] () : -教育",
    "'; DROP TABLE x; --",
    "😀👨‍👩‍👧",
    "\\",
    "家" * 5000,
    "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 20,
]


def titles(results) -> set[str]:
    return {page.title for page in results}


class StockBackendTests(TestCase):
    """The bug this app exists for: stock modelsearch keeps a Chinese clause as one token."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_search_city()

    @override_settings(WAGTAILSEARCH_BACKENDS=STOCK)
    def test_stock_backend_misses_a_word_inside_a_sentence(self):
        rebuild_index()
        found = get_search_backend().search("家庭教育", CoursePage)
        self.assertNotIn("如何做好家庭教育指导", titles(found))


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
class SegmentingBackendTests(SearchCityTestCase):
    def setUp(self):
        super().setUp()
        self.backend = get_search_backend()

    def test_finds_a_word_inside_a_sentence(self):
        found = self.backend.search("家庭教育", CoursePage.objects.live())
        self.assertIn("如何做好家庭教育指导", titles(found))

    def test_finds_domain_words_in_summaries_and_lesson_titles(self):
        self.assertIn("如何做好家庭教育指导", titles(self.backend.search("留守儿童", CoursePage)))
        self.assertIn("青春期孩子的情绪管理", titles(self.backend.search("情绪管理", LessonPage)))

    def test_question_with_function_words(self):
        found = self.backend.search("怎么和留守儿童亲子沟通", CoursePage)
        self.assertIn("如何做好家庭教育指导", titles(found))

    def test_mixed_chinese_and_english(self):
        found = self.backend.search("python 作业", LessonPage)
        self.assertEqual(titles(found), {"青春期孩子的情绪管理"})
        self.assertIn("青春期孩子的情绪管理", titles(self.backend.search("PYTHON", LessonPage)))

    def test_words_in_the_course_topics_find_its_lessons(self):
        found = self.backend.search("如何做好家庭教育指导 亲子沟通", LessonPage)
        self.assertIn("青春期孩子的情绪管理", titles(found))

    def test_autocomplete_prefix(self):
        found = self.backend.autocomplete("家庭教", CoursePage)
        self.assertIn("如何做好家庭教育指导", titles(found))

    def test_bad_input_never_raises(self):
        for text in BAD_INPUTS:
            with self.subTest(text=text[:20]):
                list(self.backend.search(text, Page)[:10])
                list(self.backend.autocomplete(text, Page)[:10])
