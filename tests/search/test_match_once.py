"""On SQLite a search evaluates its full-text match once (search/backends/matched.py), and
answers exactly what the queryset path answered: same hits in the same order, same total,
same facet counts, same "no page has every word" flag."""

from unittest import mock

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from search import content_database
from search.query import search_content
from tests.search.corpus import OURS, SearchCityTestCase
from tests.search.test_ranking import build_ranking_city

QUERIES = ["手机", "家庭教育", "孩子沉迷手机怎么办", "防溺水 手机", "作息", "zzzz", "*", ""]


def answer(query: str, **kwargs) -> tuple:
    results = search_content(query=query, **kwargs)
    facets = {name: [(v.value, v.count) for v in values] for name, values in results.facets.items()}
    return [hit.page.pk for hit in results.hits], results.total, facets, results.relaxed


def fts_matches(queries) -> int:
    return sum(" MATCH " in query["sql"] for query in queries)


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
class MatchOnceTests(SearchCityTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_ranking_city()

    def test_same_answers_as_the_queryset_path(self):
        pages = [{"page": 1, "per_page": 3}, {"page": 2, "per_page": 3}, {"per_page": 20}]
        filtered = {"filters": {"type": ["lessonpage"]}, "per_page": 3}
        # Two values of one facet (either), and a second facet (both).
        two_facets = {"filters": {"type": ["lessonpage", "coursepage"], "grade": ["p3"]}}
        for query in QUERIES:
            for kwargs in [*pages, filtered, two_facets]:
                with self.subTest(query=query, **kwargs):
                    new = answer(query, **kwargs)
                    with mock.patch.object(content_database, "MATCH_ONCE", False):
                        self.assertEqual(new, answer(query, **kwargs))

    def test_common_word_runs_the_full_text_match_once(self):
        self.assertGreater(search_content(query="手机", per_page=3).total, 3)
        with CaptureQueriesContext(connection) as queries:
            search_content(query="手机", per_page=3)
        expected = 1 if connection.vendor == "sqlite" else 0  # PostgreSQL: no FTS5 MATCH
        self.assertEqual(fts_matches(queries), expected)

    def test_topped_up_page_matches_twice_not_per_queryset(self):
        if connection.vendor != "sqlite":
            self.skipTest("the FTS5 match is SQLite's")
        with CaptureQueriesContext(connection) as queries:
            results = search_content(query="防溺水 手机", per_page=20)  # one page has both
        self.assertGreater(len(results.hits), 1)
        self.assertEqual(fts_matches(queries), 2)  # the strict match, then the loose one
        # What may be shown is read once for both matches.
        restrictions = [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]
        self.assertEqual(len(restrictions), 1)
