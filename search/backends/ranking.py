"""Ranking on the database backends: the weights of search/weights.py, and on SQLite one
ranked query instead of a score subquery per matched page.

The stock SQLite compiler orders by a correlated subquery that runs the FTS match again for
every matched page, so a common word over 20,000 lessons cost one full-text search per
match. For a page of results (a slice with an end) we rank once: the FTS match joined to the
index entries of the allowed pages, bm25() with column weights, sorted, sliced; then load
those pages in that order. Counts and facets use the unranked match.
"""

from django.db.models import Case, F, FloatField, Func, IntegerField, TextField, Value, When
from django.db.models.functions import Cast

from search.weights import BODY_WEIGHT, POSTGRES_RANK_WEIGHTS, TITLE_WEIGHT


class WeightedBM25(Func):
    """FTS5's bm25() with per-column weights (the stock backend calls it without any, so a
    title match counted no more than a word deep in the notes)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        # Columns in the order the FTS table was created: autocomplete, body, title.
        weights = f"0.0, {float(BODY_WEIGHT)}, {float(TITLE_WEIGHT)}"
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


def match_expression(compiler, config):
    """The FTS5 MATCH of a compiled query, or None when it is not a plain match (match-all,
    negation) and the stock path must answer."""
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.query import MatchAll, Not

    query = normalize(compiler.query)
    if isinstance(query, (MatchAll, Not)):
        return None
    return MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )


def ranked_entries(compiler, config):
    """(object id, weighted bm25) of every allowed page the query matches, best first, as a
    queryset (one FTS5 MATCH), or None when the stock path must answer."""
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    match = match_expression(compiler, config)
    if match is None:
        return None
    allowed = compiler.queryset.order_by().annotate(_oid=Cast("pk", TextField())).values("_oid")
    types = get_descendants_content_types_pks(compiler.queryset.model)
    ranked = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=types, index_entry__object_id__in=allowed)
        .annotate(score=WeightedBM25())
        .order_by("score", "index_entry__object_id")
    )
    return ranked


def _ranked_ids(compiler, config, start: int, stop: int) -> list[int] | None:
    """The ids of the pages ranked start..stop, or None when the stock path must answer."""
    ranked = ranked_entries(compiler, config)
    if ranked is None:
        return None
    ids = ranked.values_list("index_entry__object_id", flat=True)[start:stop]
    return [int(object_id) for object_id in ids]


def sqlite_compiler(base: type) -> type:
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()

    def search(self, config, start, stop, score_field=None):
        ids = None
        if self.order_by_relevance and stop is not None and score_field is None:
            ids = _ranked_ids(self, config, start or 0, stop)
        if ids is None:
            return base.search(self, config, start, stop, score_field=score_field)
        if not ids:
            return self.queryset.none()
        order = Case(
            *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)],
            output_field=IntegerField(),
        )
        return self.queryset.filter(pk__in=ids).order_by(order)

    methods = {"_build_rank_expression": _build_rank_expression, "search": search}
    return type("WeightedSQLiteSearchQueryCompiler", (base,), methods)


def postgres_compiler(base: type) -> type:
    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        self.sql_weights = POSTGRES_RANK_WEIGHTS

    def get_index_vectors(self, search_query):
        # The stock ranking scales the title by average/own title length, so a long,
        # specific title lost to a word in another page's summary; weigh it as on SQLite.
        return [
            (F("index_entries__title"), float(TITLE_WEIGHT)),
            (F("index_entries__body"), float(BODY_WEIGHT)),
        ]

    methods = {"__init__": __init__, "get_index_vectors": get_index_vectors}
    return type("WeightedPostgresSearchQueryCompiler", (base,), methods)
