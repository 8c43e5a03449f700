"""The same behaviour on a real Elasticsearch/OpenSearch (SEARCH_URL), smartcn analysis."""

from django.conf import settings
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from search.analysis import ENGINE_INDEX_SETTINGS
from search.query import search_content
from tests.search.corpus import SearchCityTestCase, rebuild_index
from tests.services import needs_search_engine

ENGINE = {
    "default": {
        "BACKEND": f"modelsearch.backends.{settings.SEARCH_ENGINE}",
        "URLS": [settings.TEST_SEARCH_URL],
        "INDEX_PREFIX": "test_search_",
        "INDEX_SETTINGS": ENGINE_INDEX_SETTINGS,
    }
}


@needs_search_engine
@override_settings(WAGTAILSEARCH_BACKENDS=ENGINE)
class EngineSearchTests(SearchCityTestCase):
    def test_rebuild_switches_an_alias(self):
        backend = get_search_backend()
        name = backend.get_index_for_model(self.tree["family_course"].__class__).name
        self.assertTrue(backend.es.indices.exists_alias(name=name))

    def test_chinese_word_inside_a_sentence(self):
        self.assertIn("如何做好家庭教育指导", self.titles(search_content(query="家庭教育")))
        self.assertIn("如何做好家庭教育指导", self.titles(search_content(query="留守儿童")))

    def test_drafts_and_private_pages_never_returned(self):
        for query in ("家庭教育", ""):
            titles = self.titles(search_content(query=query, per_page=50))
            self.assertNotIn("家庭教育草稿课程", titles)
            self.assertNotIn("家庭教育内部课程", titles)

    def test_facets_and_filters(self):
        results = search_content(query="家庭教育")
        types = {f.value: f.count for f in results.facets["type"]}
        self.assertEqual(types["coursepage"], 2)
        premium = search_content(query="家庭教育", filters={"premium": ["yes"]})
        self.assertEqual(self.titles(premium), {"如何做好家庭教育指导", "青春期孩子的情绪管理"})

    def test_highlighted_snippets_are_escaped(self):
        course = self.tree["family_course"]
        course.summary = "<b>3 < 5</b> 留守儿童的家长"
        course.save_revision().publish()
        rebuild_index()
        hit = search_content(query="留守儿童").hits[0]
        self.assertIn("<mark>", hit.snippet)
        self.assertNotIn("<b>", hit.snippet)

    def test_suggestions_on_zero_results_and_bad_input(self):
        results = search_content(query="jtjy")
        self.assertIn("家庭教育", results.suggestions)
        for text in ('"', "*", "AND OR", "title:(", "😀", "家" * 3000, "a]b[c{"):
            search_content(query=text)
