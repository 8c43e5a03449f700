"""search_content on the database backend: modelsearch ranks, the ORM counts facets."""

from django.db.models import Count

from search.highlight import page_text, snippet
from search.models import SearchFacet
from search.query import Matches, SearchHit, public_pages
from search.segment import highlight_terms


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
    return results, results.get_queryset().order_by()


def search(
    *, backend, query: str, filters: dict[str, list[str]], page: int, per_page: int
) -> Matches:
    pages = _filtered(filters)
    results, matched = _matches(backend, query, pages, "and")
    relaxed = False
    if query and not matched.exists():
        results, matched = _matches(backend, query, pages, "or")
        relaxed = matched.exists()
    total = matched.count()
    start = (page - 1) * per_page
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
