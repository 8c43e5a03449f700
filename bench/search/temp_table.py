"""The previous SQLite path, kept for the bench only: the FTS5 match into a temporary table
of (page, bm25) joined to the index entries and the public pages, then COUNT, ORDER BY
score LIMIT and the facet GROUP BY in SQL (search/backends/matched.py before the in-memory
map). scale.py --temp-table swaps it in to time before and after in the same run."""

from contextlib import contextmanager
from itertools import count
from unittest import mock

from django.db import connection
from django.db.models import F

from search.backends.ranking import ranked_entries
from search.models import SearchFacet

_names = count()


class TempTableMatches:
    allowed = None  # what the new path hands its second match; the old one had nothing

    def __init__(self, table: str):
        self.table = table

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=self.table), params)
            return cursor.fetchall()

    def count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM temp.{table}")[0][0]

    def ranked_ids(self, start: int, stop: int) -> list[int]:
        sql = "SELECT page_id FROM temp.{table} ORDER BY score, oid LIMIT %s OFFSET %s"
        return [page_id for (page_id,) in self._rows(sql, (max(0, stop - start), start))]

    def facet_counts(self) -> dict[tuple[str, str], int]:
        sql = (
            f"SELECT f.facet, f.value, COUNT(*) FROM temp.{{table}} AS m"  # noqa: S608
            f" CROSS JOIN {SearchFacet._meta.db_table} AS f ON f.page_id = m.page_id"
            " GROUP BY f.facet, f.value"
        )
        return {(facet, value): n for facet, value, n in self._rows(sql)}


_tables: list[str] = []


def _drop_previous() -> None:
    with connection.cursor() as cursor:
        while _tables:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{_tables.pop()}")


def temp_table_matches(results, *, filters, allowed=None) -> TempTableMatches | None:
    """What the old matched_pages() did, called as the new one is (the old one was a context
    manager; here a request's tables are dropped when the next request starts its own).
    `allowed` is ignored: the old path filtered in SQL each time."""
    from search.content_database import _filtered

    compiler = getattr(results, "query_compiler", None)
    if compiler is None:
        return None
    # Compiled again over the allowed pages: the old path filtered them in SQL.
    allowed = results.backend.search(compiler.query, _filtered(filters), operator="and")
    compiler = allowed.query_compiler
    entries = ranked_entries(compiler, compiler.get_config(allowed.backend))
    if entries is None:
        return None
    entries = entries.order_by().annotate(oid=F("index_entry__object_id"))
    select, params = entries.values_list("oid", "score").query.sql_with_params()
    matched = TempTableMatches(f"bench_matched_{next(_names)}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {matched.table}"
            " (page_id INTEGER PRIMARY KEY, oid TEXT NOT NULL, score REAL NOT NULL)"
        )
        _tables.append(matched.table)
        cursor.execute(
            f"INSERT OR IGNORE INTO temp.{matched.table} (page_id, oid, score)"  # noqa: S608
            f" SELECT CAST(s.oid AS INTEGER), s.oid, s.score FROM ({select}) AS s",
            params,
        )
    return matched


@contextmanager
def temp_table_path():
    """search_content on the temporary-table path while inside."""
    from search import content_database

    def search(**kwargs):
        _drop_previous()
        return original(**kwargs)

    original = content_database.search
    with (
        mock.patch.object(content_database, "matched_pages", temp_table_matches),
        mock.patch.object(content_database, "search", search),
    ):
        yield
    _drop_previous()
