"""What a search request needs to know about the indexed pages besides the full-text match,
kept in memory per process while the index stays the same.

For a word found on half of 20,000 lessons, SQLite spent most of a request joining each
match to its index entry (to learn its page), checking the page against the public pages,
and grouping ~77,000 facet rows. None of that changes between two searches unless pages
are indexed again, so this map holds, per process:

- the page of every full-text row (FTS5 rowid → page id) of the searchable page types;
- each page's facet values, as one bitmap per (facet, value) over page ids (a count is an
  AND and a popcount) and as value numbers per page (for the filters).

It is rebuilt when the index's token (search.models.SearchIndexStamp, changed by every
indexing write) differs from the one it was built at. Whether a page is live and public is
not in it: that changes without re-indexing, so every request asks the database (see
`blocked_pages`).
"""

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import TextField
from django.db.models.functions import Cast
from wagtail.models import Page

from search.models import SearchFacet, index_token


@dataclass(frozen=True)
class IndexMap:
    token: object
    page_of_row: Mapping[int, int]
    values: Sequence[tuple[str, str]]  # (facet, value) by value number
    bitmaps: Sequence[int]  # pages with each value, by value number: bit n = page id n
    values_of_page: Mapping[int, frozenset[int]]

    def facet_counts(self, page_ids: Iterable[int]) -> dict[tuple[str, str], int]:
        """Pages per (facet, value) among `page_ids`."""
        matched = _bitmap(page_ids)
        counts = {}
        for value, bitmap in zip(self.values, self.bitmaps, strict=True):
            if n := (bitmap & matched).bit_count():
                counts[value] = n
        return counts

    def filter_test(self, filters: Mapping[str, Sequence[str]]):
        """A predicate on page ids: has one of the chosen values of every filtered facet."""
        numbered = list(enumerate(self.values))
        wanted = [
            frozenset(n for n, (facet, value) in numbered if facet == name and value in chosen)
            for name, chosen in filters.items()
        ]
        empty: frozenset[int] = frozenset()
        return lambda page_id: all(
            not self.values_of_page.get(page_id, empty).isdisjoint(values) for values in wanted
        )


def _bitmap(page_ids: Iterable[int]) -> int:
    ids = list(page_ids)
    if not ids:
        return 0
    bits = bytearray(max(ids) // 8 + 1)
    for page_id in ids:
        bits[page_id >> 3] |= 1 << (page_id & 7)
    return int.from_bytes(bits, "little")


def _page_of_row() -> dict[int, int]:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry

    from search.query import searchable_models

    # The content types Page.objects.type(*searchable_models()) accepts.
    page_types = tuple(searchable_models())
    models = [model for model in apps.get_models() if issubclass(model, page_types)]
    types = [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
    pages = Page.objects.annotate(oid=Cast("pk", TextField())).values("oid")
    entries = IndexEntry.objects.filter(content_type_id__in=types, object_id__in=pages)
    return {row: int(object_id) for row, object_id in entries.values_list("pk", "object_id")}


def _build(token) -> IndexMap:
    numbers: dict[tuple[str, str], int] = {}
    pages_of: list[list[int]] = []
    values_of_page: dict[int, set[int]] = {}
    # Numbered in (facet, value) order, the order SQLite's GROUP BY gave them: the search
    # page lists values of equal count in that order.
    rows = SearchFacet.objects.order_by("facet", "value").values_list("page_id", "facet", "value")
    for page_id, facet, value in rows:
        number = numbers.setdefault((facet, value), len(numbers))
        if number == len(pages_of):
            pages_of.append([])
        pages_of[number].append(page_id)
        values_of_page.setdefault(page_id, set()).add(number)
    return IndexMap(
        token=token,
        page_of_row=_page_of_row(),
        values=list(numbers),
        bitmaps=[_bitmap(ids) for ids in pages_of],
        values_of_page={page_id: frozenset(v) for page_id, v in values_of_page.items()},
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
