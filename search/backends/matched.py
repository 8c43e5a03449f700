"""The pages one SQLite FTS5 query matched, scored once and kept for the rest of the request.

A search page needs the total, the ranked page of hits and the facet counts of the same
match. The match runs once: one FTS5 query returns every matching row with its weighted
bm25, and nothing else (no join). Which page a row is, whether that page may be shown
(public, and passing the facet filters) and its facet values come from the per-process
map of search/backends/index_map.py plus one query for the few pages that are not public.
The count, the top-k ranking and the facet counts are then computed over those (page,
score) pairs in Python: for a word found on half of 20,000 lessons that replaced a
temporary table, a join per match and a GROUP BY over ~77,000 facet rows.
"""

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import connection

from search.backends.index_map import IndexMap, blocked_pages, current_index_map
from search.backends.ranking import WeightedBM25, match_expression


@dataclass(frozen=True)
class AllowedPages:
    """What a request may show: the index map, the pages not public now, and the pages
    passing the facet filters (None: no filter). The same for every match of a request."""

    index_map: IndexMap
    blocked: set[int]
    passing: set[int] | None


def allowed_pages(filters: Mapping[str, Sequence[str]]) -> AllowedPages:
    index_map = current_index_map()
    passing = index_map.pages_passing(filters) if filters else None
    return AllowedPages(index_map, blocked_pages(), passing)


class MatchedPages:
    """The allowed pages a query matched, with their weighted bm25 scores (lower is better)."""

    def __init__(self, scores: dict[int, float], allowed: AllowedPages):
        self.scores = scores
        self.allowed = allowed
        self.index_map = allowed.index_map

    def count(self) -> int:
        return len(self.scores)

    def ranked_ids(self, start: int, stop: int) -> list[int]:
        """Page ids ranked start..stop: best score first, ties by id as text, as the ranked
        queryset of search/backends/ranking.py orders them."""
        if stop <= start:
            return []
        items = self.scores.items()
        if len(self.scores) > stop:
            # Only pages scoring at least as well as the stop-th best can be in the page
            # (all of them, ties included); finding that score needs no sort key.
            worst = heapq.nsmallest(stop, self.scores.values())[-1]
            items = [item for item in items if item[1] <= worst]
        ranked = sorted(items, key=lambda item: (item[1], str(item[0])))
        return [page_id for page_id, _score in ranked[start:stop]]

    def facet_counts(self) -> dict[tuple[str, str], int]:
        """Pages per (facet, value) among the matches."""
        return self.index_map.facet_counts(self.scores)


def _matched_rows(match) -> list[tuple[int, float]]:
    """(FTS5 rowid, weighted bm25) of every row the match finds: the FTS table alone."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    rows = SQLiteFTSIndexEntry.objects.filter(match).annotate(score=WeightedBM25()).order_by()
    sql, params = rows.values_list("index_entry_id", "score").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def matched_pages(
    results, *, filters: Mapping[str, Sequence[str]], allowed: AllowedPages | None = None
) -> MatchedPages | None:
    """Evaluate the FTS5 match of modelsearch `results` (our SQLite compiler's) once, over
    the public pages that pass `filters`. A second match in the same request passes the
    first one's `allowed`, so the map, the non-public pages and the filters are read once.

    None when the query is not a plain match (match-all, negation, no words left): the
    caller then takes the queryset path.
    """
    compiler = getattr(results, "query_compiler", None)  # None: nothing left to search for
    match = compiler and match_expression(compiler, compiler.get_config(results.backend))
    if match is None:
        return None
    allowed = allowed or allowed_pages(filters)
    page_of_row, blocked, passing = allowed.index_map.page_of_row, allowed.blocked, allowed.passing
    scores: dict[int, float] = {}
    for row, score in _matched_rows(match):
        page_id = page_of_row.get(row)
        if page_id is None or page_id in blocked or page_id in scores:
            continue
        if passing is None or page_id in passing:
            scores[page_id] = score
    return MatchedPages(scores, allowed)
