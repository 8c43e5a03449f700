"""What a search request needs to know about the indexed pages besides the full-text match,
kept in memory per process while the index stays the same.

For a word found on half of 20,000 lessons, SQLite spent most of a request joining each
match to its index entry (to learn its page), checking the page against the public pages,
and grouping ~77,000 facet rows. None of that changes between two searches unless pages
are indexed again, so this map holds, per process:

- the page of every full-text row (FTS5 rowid → page id) of the searchable page types;
- each page's facet values, as one bitmap per (facet, value) over page ids: a count is an
  AND and a popcount, a filter an OR and an AND.

It is rebuilt when the index's token (search.models.SearchIndexStamp, changed by every
indexing write) differs from the one it was built at. Whether a page is live and public is
not in it: that changes without re-indexing, so every request asks the database (see
`blocked_pages`).
"""

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import connection
from wagtail.models import Page

from search.models import SearchFacet, index_token


@dataclass(frozen=True)
class IndexMap:
    token: object
    page_of_row: Mapping[int, int]
    values: Sequence[tuple[str, str]]  # every (facet, value), in the GROUP BY's order
    bitmaps: Sequence[int]  # the pages of each value: bit n set for page id n

    def facet_counts(self, page_ids: Iterable[int]) -> dict[tuple[str, str], int]:
        """Pages per (facet, value) among `page_ids`."""
        matched = _bitmap(page_ids)
        counts = {}
        for value, bitmap in zip(self.values, self.bitmaps, strict=True):
            if n := (bitmap & matched).bit_count():
                counts[value] = n
        return counts

    def pages_passing(self, filters: Mapping[str, Sequence[str]]) -> set[int]:
        """Pages with one of the chosen values of every filtered facet."""
        passing = -1  # every bit set
        for name, chosen in filters.items():
            either = 0
            for (facet, value), bitmap in zip(self.values, self.bitmaps, strict=True):
                if facet == name and value in chosen:
                    either |= bitmap
            passing &= either
        return _page_ids(passing)


def _bitmap(page_ids: Iterable[int]) -> int:
    ids = list(page_ids)
    if not ids:
        return 0
    bits = bytearray(max(ids) // 8 + 1)
    for page_id in ids:
        bits[page_id >> 3] |= 1 << (page_id & 7)
    return int.from_bytes(bits, "little")


def _page_of_row() -> dict[int, int]:
    """FTS5 rowid (the index entry's id) → page id, for the entries of existing pages of the
    searchable types. Read from the entries' (content type, object id) index, not the rows."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry

    from search.query import searchable_models

    # The content types Page.objects.type(*searchable_models()) accepts.
    page_types = tuple(searchable_models())
    models = [model for model in apps.get_models() if issubclass(model, page_types)]
    types = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    sql = (
        f"SELECT e.id, p.id FROM {IndexEntry._meta.db_table} AS e"  # noqa: S608 - our names
        f" JOIN {Page._meta.db_table} AS p ON p.id = CAST(e.object_id AS INTEGER)"
        f" WHERE e.content_type_id IN ({', '.join(['%s'] * len(types))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, types)
        return dict(cursor.fetchall())


def _page_ids(bitmap: int) -> set[int]:
    bits = f"{bitmap:b}"[::-1]  # bit n at position n
    return {match.start() for match in re.finditer("1", bits)}


def _facets() -> list[tuple[str, str, list[int]]]:
    """Every (facet, value) with its pages, in the order SQLite's GROUP BY gave them (the
    search page lists values of equal count in that order). Grouped by SQLite: 80 rows of
    ids rather than ~160,000 rows at 20,000 lessons."""
    sql = (
        "SELECT facet, value, group_concat(page_id)"  # noqa: S608 - our own table name
        f" FROM {SearchFacet._meta.db_table} GROUP BY facet, value ORDER BY facet, value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(facet, value, [*map(int, ids.split(","))]) for facet, value, ids in cursor]


def _build(token) -> IndexMap:
    facets = _facets()
    return IndexMap(
        token=token,
        page_of_row=_page_of_row(),
        values=[(facet, value) for facet, value, _ids in facets],
        bitmaps=[_bitmap(ids) for _facet, _value, ids in facets],
    )


_current: IndexMap | None = None
_lock = threading.Lock()


def current_index_map() -> IndexMap:
    """The map for the index as this connection sees it now (rebuilt if it changed)."""
    global _current  # noqa: PLW0603 - one map per process, replaced whole
    token = index_token()
    found = _current
    if found is not None and found.token == token:
        return found
    with _lock:
        if _current is None or _current.token != token:
            _current = _build(token)
        return _current


def blocked_pages() -> set[int]:
    """Pages a parent may not be shown: not live (few, and found through the partial index
    of migration 0003 rather than a scan of every page), or under a view restriction."""
    from wagtail.models import PageViewRestriction

    pages = Page.objects.order_by()
    blocked = set(pages.filter(~pages.live_q()).values_list("pk", flat=True))
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        # The restricted page and its descendants: paths sharing its prefix, as a range on
        # the path index ("~" sorts after every character of a tree path).
        inside = pages.filter(path__gte=path, path__lt=f"{path}~")
        blocked.update(inside.values_list("pk", flat=True))
    return blocked
