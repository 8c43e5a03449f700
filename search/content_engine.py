"""search_content on Elasticsearch/OpenSearch, with the DSL: one request returns the
ranked page of hits, their highlighted fragments and every facet's counts."""

from django.utils.safestring import mark_safe
from opensearchpy.helpers.search import Search
from wagtail.models import Page, PageViewRestriction

from search.engine_query import engine_query
from search.facets import split
from search.highlight import page_text, snippet
from search.query import Matches, SearchHit, public_pages, searchable_models

HIGHLIGHTED = ["title", "*summary", "*description", "*intro", "*notes", "*place"]


def _facet_fields(backend) -> list[str]:
    from modelsearch.index import FilterField

    fields = []
    for model in searchable_models():
        mapping = backend.mapping_class(model)
        field = next(f for f in model.get_search_fields() if f.field_name == "search_facets")
        assert isinstance(field, FilterField)
        fields.append(mapping.get_field_column_name(field))
    # Pages inheriting the field from one abstract base share one column: count it once.
    return list(dict.fromkeys(fields))


def _base(backend) -> Search:
    """Live pages of our types outside any view restriction, as the engine knows them."""
    index = backend.get_index_for_model(Page).name
    types = [backend.mapping_class(m).get_content_type() for m in searchable_models()]
    search = Search(using=backend.es, index=index).filter("terms", _django_content_type=types)
    search = search.filter("term", live_filter=True)
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        search = search.exclude("prefix", path_filter=path)
    return search


def _query(search: Search, query: str, operator: str) -> Search:
    if not query:
        return search.sort("-first_published_at_filter")
    body = engine_query(query, operator=operator)
    return search.query(body) if body else search.query("match_none")


def _run(backend, query, filters, start, size, operator):
    fields = _facet_fields(backend)
    search = _query(_base(backend), query, operator)
    for name, values in filters.items():
        wanted = [f"{name}:{value}" for value in values]
        search = search.filter("bool", should=[{"terms": {f: wanted}} for f in fields])
    for number, field in enumerate(fields):
        search.aggs.bucket(f"facets{number}", "terms", field=field, size=200)
    search = search.highlight(*HIGHLIGHTED, fragment_size=110, number_of_fragments=1)
    search = search.highlight_options(
        pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html", require_field_match=False
    )
    return search[start : start + size].source(["pk"]).execute(), len(fields)


def search(
    *, backend, query: str, filters: dict[str, list[str]], page: int, per_page: int
) -> Matches:
    start = (page - 1) * per_page
    response, n_fields = _run(backend, query, filters, start, per_page, "and")
    strict_total = response.hits.total.value
    relaxed = False
    if query and strict_total < start + per_page:  # this page is not full: top it up
        response, n_fields = _run(backend, query, filters, start, per_page, "or")
        relaxed = not strict_total and bool(response.hits.total.value)
    # The engine may lag a moment behind an unpublish: the database has the last word.
    ids = [int(hit.pk) for hit in response]
    pages = {p.pk: p for p in public_pages().filter(pk__in=ids).specific()}
    hits = []
    for hit in response:
        page_obj = pages.get(int(hit.pk))
        if page_obj is None:
            continue
        fragments = [
            frag
            for field, frags in hit.meta.to_dict().get("highlight", {}).items()
            if field != "title"
            for frag in frags
        ]
        text = mark_safe(fragments[0]) if fragments else snippet(text=page_text(page_obj), terms=[])  # noqa: S308 - the engine escapes (encoder=html)
        hits.append(SearchHit(page=page_obj, snippet=text))
    counts: dict[tuple[str, str], int] = {}
    for number in range(n_fields):
        for bucket in response.aggregations[f"facets{number}"].buckets:
            key = split(bucket.key)
            counts[key] = counts.get(key, 0) + bucket.doc_count
    total = response.hits.total.value
    return Matches(hits=hits, total=total, counts=counts, relaxed=relaxed)
