"""The search page, its facets, snippets, zero-result help and pinyin autocomplete."""

from django.test import TestCase, override_settings

from search.query import search_content
from tests.search.corpus import OURS, SearchCityTestCase, build_search_city, rebuild_index
from tests.search.test_database_backend import BAD_INPUTS


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
class SearchContentTests(SearchCityTestCase):
    def test_drafts_and_private_pages_never_returned(self):
        results = search_content(query="家庭教育", per_page=50)
        self.assertIn("如何做好家庭教育指导", self.titles(results))
        self.assertNotIn("家庭教育草稿课程", self.titles(results))
        self.assertNotIn("家庭教育内部课程", self.titles(results))
        self.assertNotIn("家庭教育内部课程", self.titles(search_content(query="", per_page=50)))

    def test_facets_count_and_filter(self):
        results = search_content(query="家庭教育")
        types = {f.value: f.count for f in results.facets["type"]}
        self.assertEqual(types["coursepage"], 2)  # 如何做好家庭教育指导, 家庭教育入门
        self.assertEqual([f.count for f in results.facets["premium"]], [2])  # course + lesson
        premium = search_content(query="家庭教育", filters={"premium": ["yes"]})
        self.assertEqual(self.titles(premium), {"如何做好家庭教育指导", "青春期孩子的情绪管理"})
        lessons = search_content(query="家庭教育", filters={"type": ["lessonpage"]})
        self.assertTrue(lessons.hits)
        self.assertTrue(all(hit.page.__class__.__name__ == "LessonPage" for hit in lessons.hits))

    def test_snippet_marks_words_and_escapes_the_rest(self):
        course = self.tree["family_course"]
        course.summary = "<script>x</script> 3 < 5 & 留守儿童的家长"
        course.save_revision().publish()
        rebuild_index()
        hit = search_content(query="留守儿童").hits[0]
        self.assertIn("<mark>留守儿童</mark>", hit.snippet)
        self.assertIn("3 &lt; 5 &amp;", hit.snippet)
        self.assertNotIn("<script", hit.snippet)

    def test_relaxes_to_any_word_when_no_page_has_all(self):
        results = search_content(query="留守儿童 火星探险")
        self.assertTrue(results.relaxed)
        self.assertIn("如何做好家庭教育指导", self.titles(results))

    def test_pagination(self):
        first = search_content(query="课", per_page=2)
        second = search_content(query="课", per_page=2, page=2)
        self.assertGreater(first.total, 2)
        self.assertFalse(self.titles(first) & self.titles(second))

    def test_page_renders_results_and_zero_result_help(self):
        response = self.client.get("/zh-hans/search/", {"q": "家庭教育"})
        self.assertContains(response, "<mark>")
        self.assertContains(response, "如何做好家庭教育指导")
        empty = self.client.get("/zh-hans/search/", {"q": "火星探险"})
        self.assertContains(empty, "亲子沟通")  # a topic to try instead
        self.assertContains(empty, "如何做好家庭教育指导")  # the premium course

    def test_bad_input_never_gives_500(self):
        for text in BAD_INPUTS[:-1]:  # the 5000-character query is covered below
            with self.subTest(text=text[:20]):
                response = self.client.get("/en/search/", {"q": text, "page": "x", "grade": "?"})
                self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/en/search/", {"q": "家" * 5000}).status_code, 200)
        self.assertEqual(self.client.get("/en/search/", {"page": "99999"}).status_code, 200)


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
class AutocompleteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_search_city()

    def suggestions(self, typed: str) -> list[str]:
        return self.client.get("/zh-hans/search/suggest/", {"q": typed}).json()["suggestions"]

    def test_pinyin_full_and_initials(self):
        self.assertIn("家庭教育", self.suggestions("jiating"))
        self.assertIn("家庭教育", self.suggestions("jtjy"))
        self.assertIn("留守儿童", self.suggestions("liushou"))

    def test_chinese_prefix_suggests_titles(self):
        self.assertIn("如何做好家庭教育指导", self.suggestions("如何"))

    def test_nonsense_is_empty_not_an_error(self):
        self.assertEqual(self.suggestions(""), [])
        self.assertEqual(self.suggestions('😀*"'), [])
