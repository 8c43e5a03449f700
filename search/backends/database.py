"""The database search backend (SQLite FTS5 or PostgreSQL), segmenting Chinese.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``.
Field values are cut by jieba (search mode) just before they are written to the index, and
query strings are cut the same way before modelsearch parses them; everything else (ranking,
filters, rebuilds) is the stock backend's.
"""

import types

from django.db import connection
from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import SearchField

from search.backends.database_query import build_query
from search.backends.ranking import postgres_compiler, sqlite_compiler
from search.models import mark_index_changed, store_facets
from search.segment import query_words, segment_for_index
from search.weights import field_weight, postgres_weight


def _weighted(item: tuple, vendor: str) -> tuple:
    """Apply weights.py to one (field, [weight,] value) the stock indexer yields: PostgreSQL
    takes a weight letter; SQLite has one body column, where a field's words are repeated
    as many times as its weight (BM25 counts them; the title has its own column)."""
    field, value = item[0], item[-1]
    if not isinstance(field, SearchField):
        return item
    if vendor == "postgresql":
        return (field, postgres_weight(field.field_name), value)
    if field.field_name == "title":
        return item
    return (field, " ".join([value] * field_weight(field.field_name)))


def _segmenting_indexer(indexer_class: type, vendor: str) -> type:
    class SegmentingObjectIndexer(indexer_class):
        def prepare_value(self, value):
            if isinstance(value, (list, dict)):
                return super().prepare_value(value)  # recurses here for each string
            return segment_for_index(super().prepare_value(value))

        def prepare_field(self, obj, field):
            # The stock indexer walks every field three times (title, body, autocomplete):
            # cut each value with jieba once.
            prepared = self.__dict__.setdefault("_prepared", {})
            key = (id(obj), id(field))
            if key not in prepared:
                items = super().prepare_field(obj, field)
                # A RelatedFields' sub-fields come back already weighted by the inner call.
                prepared[key] = [
                    _weighted(item, vendor) if item[0] is field else item for item in items
                ]
            yield from prepared[key]

    return SegmentingObjectIndexer


def _with_indexer(index_class: type, module: types.ModuleType, vendor: str) -> type:
    """A subclass of `index_class` whose add_items builds our indexer.

    The stock add_items names the module-level ObjectIndexer class directly; rather than
    copy its 40-70 lines, run the same code with that one global rebound.
    (tests/search/test_database_backend.py fails if an upgrade bypasses this.)
    """
    stock = index_class.add_items
    add_items = types.FunctionType(
        stock.__code__,
        {**module.__dict__, "ObjectIndexer": _segmenting_indexer(module.ObjectIndexer, vendor)},
        stock.__name__,
        stock.__defaults__,
        stock.__closure__,
    )

    def add_items_and_facets(self, model, objs):
        add_items(self, model, objs)
        store_facets(pages=objs)
        if vendor == "sqlite":
            # Only SQLite searches read the per-process map (search/backends/index_map.py);
            # on PostgreSQL the stamp row would only make concurrent indexing wait on it.
            mark_index_changed()

    return type(
        f"Segmenting{index_class.__name__}", (index_class,), {"add_items": add_items_and_facets}
    )


class SegmentingSearchMixin:
    """Cut the query string before the stock compiler sees it."""

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if isinstance(query, str):
            query = build_query(query, operator=(operator or "and").lower())
            if query is None:
                return EmptySearchResults()
        return super().search(query, model_or_queryset, fields=fields, **kwargs)

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if isinstance(query, str):
            query = " ".join(query_words(query))  # the stock compiler prefixes the last word
            if not query:
                return EmptySearchResults()
        return super().autocomplete(query, model_or_queryset, fields=fields, **kwargs)


def _backend_class() -> type:
    vendor = connection.vendor
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres import postgres as module

        base = module.PostgresSearchBackend
        index_class = module.PostgresIndex
        compiler = postgres_compiler(module.PostgresSearchQueryCompiler)
    else:
        from modelsearch.backends.database.sqlite import sqlite as module

        base = module.SQLiteSearchBackend
        index_class = module.SQLiteIndex
        compiler = sqlite_compiler(module.SQLiteSearchQueryCompiler)
    return type(
        f"Segmenting{base.__name__}",
        (SegmentingSearchMixin, base),
        {
            "index_class": _with_indexer(index_class, module, vendor),
            "query_compiler_class": compiler,
            # search/backends/matched.py can evaluate this backend's match once per request
            "match_once": vendor == "sqlite",
        },
    )


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up
    """Return the segmenting backend for the default database (SQLite FTS5 or PostgreSQL)."""
    return _backend_class()(params)
