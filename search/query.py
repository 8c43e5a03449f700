"""One interface for searching the public content, whichever backend runs.

Views call `search_content`; it picks the database or the engine implementation from the
configured modelsearch backend (WAGTAILSEARCH_BACKENDS stays the one switch), so no view
ever asks which backend runs.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.facets import FACETS, TYPES

PER_PAGE = 10
MAX_PAGE = 100


@dataclass(frozen=True)
class SearchHit:
    page: Page  # the specific page
    snippet: SafeString


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    relaxed: bool = False  # no page had every word; these have some of them

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.per_page)))


def searchable_models() -> list[type[Page]]:
    from courses.models import ActivityPage, CoursePage, CurriculumPage, LessonPage
    from schools.models import SchoolPage

    return [CoursePage, LessonPage, CurriculumPage, ActivityPage, SchoolPage]


def public_pages():
    """Live pages with no view restriction above them: all a parent may ever be shown."""
    return Page.objects.live().public().type(*searchable_models())


@dataclass(frozen=True)
class Matches:
    """What a backend implementation found: the page of hits, the total, facet counts by
    (facet, value), and whether it had to fall back to pages with any of the words."""

    hits: list[SearchHit]
    total: int
    counts: Mapping[tuple[str, str], int]
    relaxed: bool


def clean_filters(filters: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    return {
        name: [str(value)[:100] for value in values if value][:20]
        for name, values in (filters or {}).items()
        if name in FACETS and values
    }


def facet_values(
    counts: Mapping[tuple[str, str], int], filters: Mapping[str, Sequence[str]]
) -> dict[str, list[FacetValue]]:
    """Counts grouped by facet, labelled, largest first."""
    from schools.models.hierarchy import Grade, Stage

    labels = {"type": TYPES, "grade": dict(Grade.choices), "stage": dict(Stage.choices)}
    labels["premium"] = {"yes": FACETS["premium"]}
    grouped: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    for (name, value), count in sorted(counts.items(), key=lambda item: -item[1]):
        if name not in grouped or (name == "premium" and value != "yes"):
            continue
        label = str(labels.get(name, {}).get(value, value))
        selected = value in filters.get(name, ())
        grouped[name].append(FacetValue(value=value, label=label, count=count, selected=selected))
    return {name: values for name, values in grouped.items() if values}


def search_content(
    *,
    query: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    user=None,  # noqa: ARG001 - public content only, for now; kept for family-only content
) -> SearchResults:
    """Search live, public courses, lessons, curricula, activities and schools."""
    from search import content_database, content_engine
    from search.suggest import suggest

    backend = get_search_backend()
    implementation = content_engine if hasattr(backend, "es") else content_database
    query = (query or "").strip()[:200]
    page = min(max(1, page), MAX_PAGE)
    filters = clean_filters(filters)
    matches = implementation.search(
        backend=backend, query=query, filters=filters, page=page, per_page=per_page
    )
    return SearchResults(
        query=query,
        hits=matches.hits,
        total=matches.total,
        page=page,
        per_page=per_page,
        facets=facet_values(matches.counts, filters),
        suggestions=suggest(prefix=query) if query and not matches.total else [],
        relaxed=matches.relaxed,
    )
