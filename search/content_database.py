"""search_content on the database backend: modelsearch ranks, the ORM counts facets.

On SQLite each full-text match runs once per request and is counted, ranked and faceted
in memory (search/backends/matched.py); on PostgreSQL, and for queries that are not a
plain match, the querysets below answer."""

from django.db.models import Count
from wagtail.models import Page

from search.backends.matched import matched_pages
from search.highlight import page_text, snippet
from search.models import SearchFacet
from search.query import Matches, SearchHit, public_pages
from search.segment import highlight_terms

# False puts back the queryset path (a match per count, ranking and facets): the bench's
# --old-path measures the difference on the same corpus in the same run.
MATCH_ONCE = True


def _filtered(filters: dict[str, list[str]]):
    pages = public_pages()
    for name, values in filters.items():
        chosen = SearchFacet.objects.filter(facet=name, value__in=values).values("page_id")
        pages = pages.filter(pk__in=chosen)
    return pages


def _matches(backend, query: str, pages, operator: str):
    if not query:
        return pages.order_by("-first_published_at"), pages
    results = backend.search(query, pages, operator=operator)
    if not hasattr(results, "get_queryset"):  # EmptySearchResults: nothing left to search for
        return results, pages.none()
    # Counts and facets need the matched set, not its ranking (scores cost a bm25 each).
    unranked = backend.search(query, pages, operator=operator, order_by_relevance=False)
    return results, unranked.get_queryset().order_by()


def _topped_up(backend, query: str, pages, strict, strict_total: int, wanted: int):
    """The strict matches, then pages with any of the words (best first), `wanted` long."""
    loose, matched = _matches(backend, query, pages, "or")
    first = list(strict[:strict_total])
    seen = {page.pk for page in first}
    rest = [page for page in loose[: wanted + strict_total] if page.pk not in seen]
    return (first + rest)[:wanted], matched


def _hits(pages, query: str) -> list[SearchHit]:
    terms = highlight_terms(query)
    return [
        SearchHit(page=page, snippet=snippet(text=page_text(page), terms=terms)) for page in pages
    ]


def _in_order(ids: list[int]) -> list:
    found = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [found[pk] for pk in ids if pk in found]


def _search_once(backend, query: str, filters, start: int, stop: int) -> Matches | None:
    """The SQLite path: each FTS5 match evaluated once (search/backends/matched.py), or None
    when the query is not a plain match and the queryset path must answer."""
    strict = matched_pages(backend.search(query, Page, operator="and"), filters=filters)
    if strict is None:
        return None
    strict_total = strict.count()
    if strict_total >= stop:
        ids = strict.ranked_ids(start, stop)
        return Matches(_hits(_in_order(ids), query), strict_total, strict.facet_counts(), False)
    first = strict.ranked_ids(0, strict_total)
    loose = matched_pages(
        backend.search(query, Page, operator="or"), filters=filters, allowed=strict.allowed
    )
    seen = set(first)
    rest = [pk for pk in loose.ranked_ids(0, stop + strict_total) if pk not in seen]
    ids = (first + rest)[:stop]
    relaxed = not strict_total and bool(ids)
    hits = _hits(_in_order(ids[start:stop]), query)
    return Matches(hits, loose.count(), loose.facet_counts(), relaxed)


def search(
    *, backend, query: str, filters: dict[str, list[str]], page: int, per_page: int
) -> Matches:
    if query and MATCH_ONCE and getattr(backend, "match_once", False):
        matches = _search_once(backend, query, filters, (page - 1) * per_page, page * per_page)
        if matches is not None:
            return matches
    pages = _filtered(filters)
    start = (page - 1) * per_page
    results, matched = _matches(backend, query, pages, "and")
    strict_total = matched.count()
    relaxed = False
    if query and strict_total < start + per_page:  # this page is not full: top it up
        results, matched = _topped_up(
            backend, query, pages, results, strict_total, start + per_page
        )
        relaxed = not strict_total and bool(results)
    total = matched.count()
    terms = highlight_terms(query)
    hits = [
        SearchHit(page=hit.specific, snippet=snippet(text=page_text(hit.specific), terms=terms))
        for hit in results[start : start + per_page]
    ]
    counts = (
        SearchFacet.objects.filter(page_id__in=matched.values("pk"))
        .values_list("facet", "value")
        .annotate(n=Count("page_id"))
    )
    return Matches(
        hits=hits,
        total=total,
        counts={(f, v): n for f, v, n in counts},
        relaxed=relaxed,
    )
