"""The pages one SQLite FTS5 query matched, scored once and kept for the rest of the request.

A search page needs the total, the ranked page of hits and the facet counts of the same
match. Asked as three querysets, SQLite evaluated the full-text match three times (and the
ranking computed bm25 again): for a word found on half of 20,000 lessons that was most of a
request's time. Here the match runs once, into a temporary table of (page id, bm25 score);
the count, the top-k ranking (ORDER BY score LIMIT) and the facet GROUP BY read that table.
Temporary tables belong to the connection, so concurrent requests never see each other's.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count

from django.db import connection
from django.db.models import F

from search.backends.ranking import ranked_entries
from search.models import SearchFacet

_names = count()


class MatchedPages:
    """The allowed pages a query matched, with their weighted bm25 scores (lower is better)."""

    def __init__(self, table: str):
        self.table = table

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=self.table), params)
            return cursor.fetchall()

    def count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM temp.{table}")[0][0]

    def ranked_ids(self, start: int, stop: int) -> list[int]:
        """Page ids ranked start..stop: best score first, ties by id as text, as the ranked
        queryset of search/backends/ranking.py orders them."""
        sql = "SELECT page_id FROM temp.{table} ORDER BY score, oid LIMIT %s OFFSET %s"
        return [page_id for (page_id,) in self._rows(sql, (max(0, stop - start), start))]

    def facet_counts(self) -> dict[tuple[str, str], int]:
        """Pages per (facet, value) among the matches."""
        # CROSS JOIN fixes SQLite's join order: walk the matches and look up their facet
        # rows by page id. Left to itself the planner scans all facet rows in (facet, value)
        # order to save the GROUP BY a sort, which costs 100 ms even for a rare word.
        sql = (
            f"SELECT f.facet, f.value, COUNT(*) FROM temp.{{table}} AS m"  # noqa: S608
            f" CROSS JOIN {SearchFacet._meta.db_table} AS f ON f.page_id = m.page_id"
            " GROUP BY f.facet, f.value"
        )
        return {(facet, value): n for facet, value, n in self._rows(sql)}


@contextmanager
def matched_pages(results) -> Iterator[MatchedPages | None]:
    """Evaluate the FTS5 match of modelsearch `results` (our SQLite compiler's) once.

    Yields None when the query is not a plain match (match-all, negation, no words left):
    the caller then takes the queryset path. The table is dropped on leaving, even after an error.
    """
    compiler = getattr(results, "query_compiler", None)  # None: nothing left to search for
    entries = compiler and ranked_entries(compiler, compiler.get_config(results.backend))
    if entries is None:
        yield None
        return
    entries = entries.order_by().annotate(oid=F("index_entry__object_id"))
    select, params = entries.values_list("oid", "score").query.sql_with_params()
    matched = MatchedPages(f"search_matched_{next(_names)}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {matched.table}"
            " (page_id INTEGER PRIMARY KEY, oid TEXT NOT NULL, score REAL NOT NULL)"
        )
        try:
            cursor.execute(
                # Only our own table names and Django's compiled SQL are formatted in.
                f"INSERT OR IGNORE INTO temp.{matched.table} (page_id, oid, score)"  # noqa: S608
                f" SELECT CAST(s.oid AS INTEGER), s.oid, s.score FROM ({select}) AS s",
                params,
            )
            yield matched
        finally:
            cursor.execute(f"DROP TABLE temp.{matched.table}")
