"""The per-process map behind SQLite search (search/backends/index_map.py): it follows the
index as soon as pages are indexed again, and never shows a page that stopped being public,
even before that page is re-indexed."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from courses.models import LessonPage
from search.models import SearchFacet
from search.query import search_content
from tests.courses.tree import add_course
from tests.search.corpus import OURS, SearchCityTestCase, rebuild_index


def total_and_grades(query: str) -> tuple[int, dict[str, int]]:
    results = search_content(query=query)
    return results.total, {value.value: value.count for value in results.facets.get("grade", [])}


@override_settings(WAGTAILSEARCH_BACKENDS=OURS)
class IndexMapTests(SearchCityTestCase):
    def test_newly_indexed_pages_are_counted_on_the_next_search(self):
        total, grades = total_and_grades("家庭教育")
        course = add_course(self.tree["shared"], "家庭教育与初一新生", lessons=2, grades=["j1"])
        backend = get_search_backend()
        for page in [course, *course.get_children().specific()]:
            backend.add(page)

        new_total, new_grades = total_and_grades("家庭教育")
        self.assertEqual(new_total, total + 3)  # the course and its two lessons
        self.assertEqual(new_grades["j1"], grades.get("j1", 0) + 3)

    def test_unpublished_page_leaves_the_results_before_it_is_reindexed(self):
        total, grades = total_and_grades("家庭教育")
        lesson = self.tree["teen_lesson"]
        self.assertIn(lesson.pk, [hit.page.pk for hit in search_content(query="情绪管理").hits])
        Page.objects.filter(pk=lesson.pk).update(live=False)  # no signal, no re-indexing

        self.assertNotIn(lesson.pk, [hit.page.pk for hit in search_content(query="情绪管理").hits])
        expected = (total - 1, {**grades, "p3": grades["p3"] - 1})
        self.assertEqual(total_and_grades("家庭教育"), expected)

    def test_page_put_behind_a_login_leaves_the_results(self):
        course = self.tree["family_course"]
        self.assertIn(course.pk, [hit.page.pk for hit in search_content(query="家庭教育").hits])
        PageViewRestriction.objects.create(page=course, restriction_type="login")

        pks = [hit.page.pk for hit in search_content(query="家庭教育", per_page=50).hits]
        self.assertNotIn(course.pk, pks)
        self.assertNotIn(self.tree["teen_lesson"].pk, pks)

    def test_repeated_search_does_not_read_the_facet_rows_again(self):
        if connection.vendor != "sqlite":
            self.skipTest("the map serves SQLite; PostgreSQL counts facets in SQL")
        search_content(query="家庭教育")
        with CaptureQueriesContext(connection) as queries:
            results = search_content(query="家庭教育")
        self.assertTrue(results.facets)
        facet_table = SearchFacet._meta.db_table
        self.assertFalse([q for q in queries if facet_table in q["sql"]])

    def test_pages_not_live_are_found_without_scanning_every_page(self):
        if connection.vendor != "sqlite":
            self.skipTest("the plan checked is SQLite's")
        pages = Page.objects.order_by()
        sql, params = pages.filter(~pages.live_q()).values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("parentschool_search_page_not_live", plan)

    def test_rebuild_leaves_one_full_text_segment(self):
        if connection.vendor != "sqlite":
            self.skipTest("FTS5 segments are SQLite's")
        backend = get_search_backend()
        for lesson in LessonPage.objects.all():  # several writes: several segments
            backend.add(lesson)
        rebuild_index()

        fts = "wagtailsearch_indexentry_fts"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(DISTINCT segid) FROM {fts}_idx")  # noqa: S608
            self.assertEqual(cursor.fetchone()[0], 1)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")  # noqa: S608
