"""Writes to the search index beyond what modelsearch's own signal handlers do."""

from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search.lookups import shared_lookups
from search.query import searchable_models


def reindex_subtree(*, page_id: int) -> int:
    """Re-index the pages below `page_id`: lessons carry their course's title, topics, grades
    and premium flag, and every page its school, so they change when an ancestor does."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    count = 0
    with shared_lookups():
        for model in searchable_models():
            pages = list(model.objects.descendant_of(page))
            if pages:
                get_search_backend().add_bulk(model, pages)
                count += len(pages)
    return count
