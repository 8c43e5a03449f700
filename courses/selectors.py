"""Reads for the public pages, shaped to run in a fixed number of queries."""

from decimal import Decimal

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from schools.models import GradeLevel

from .models import (
    ActivityPage,
    CoursePage,
    CurriculumPage,
    FeaturedCollectionPage,
    FeaturedItem,
    LessonPage,
    Topic,
)

CATALOGUE_PAGE_SIZE = 24


def live_courses() -> QuerySet[CoursePage]:
    return CoursePage.objects.live().public()


def live_lessons() -> QuerySet[LessonPage]:
    return LessonPage.objects.live().public().order_by("path")


def course_cards(courses: QuerySet[CoursePage]) -> list[CoursePage]:
    """Courses ready for a card: cover, lecturer, grades and topics loaded, and the number
    and class hours of their published lessons set on each, in a fixed number of queries.
    Keep `courses` to one screen: the lesson totals come from one query over their subtrees."""
    cards = list(
        courses.select_related("cover", "lecturer").prefetch_related(
            Prefetch("grades", queryset=GradeLevel.objects.order_by("sort_order")),
            Prefetch("topics", queryset=Topic.objects.all()),
        )
    )
    totals = lesson_totals(courses=cards)
    for course in cards:
        course.lesson_count, course.total_class_hours = totals.get(course.path, (0, Decimal(0)))
    return cards


def lesson_totals(*, courses: list[Page]) -> dict[str, tuple[int, Decimal]]:
    """(number of lessons, class hours) of each course's published lessons, by course path."""
    lessons = children_of_any(live_lessons(), courses)
    totals: dict[str, tuple[int, Decimal]] = {}
    for path, hours in lessons.values_list("path", "class_hours"):
        parent = path[: -Page.steplen]
        count, total = totals.get(parent, (0, Decimal(0)))
        totals[parent] = (count + 1, total + hours)
    return totals


def catalogue_page(*, filters: dict, page_number: str | None) -> PaginatorPage:
    """One page of the catalogue. Counting and paging run on the bare filtered courses;
    only the courses shown get their cards' data (lesson counts, hours, tags)."""
    courses = live_courses()
    if filters.get("grade"):
        courses = courses.filter(grades__code=filters["grade"])
    elif filters.get("stage"):
        courses = courses.filter(grades__stage=filters["stage"])
    if filters.get("topic"):
        courses = courses.filter(topics=filters["topic"])
    if filters.get("premium"):
        courses = courses.filter(is_premium=True)
    order = ("-is_premium", "-first_published_at", "-pk")
    ids = courses.order_by(*order).values_list("pk", flat=True)
    if filters.get("grade") or filters.get("stage") or filters.get("topic"):
        ids = ids.distinct()  # the many-to-many joins can repeat a course
    page = Paginator(ids, CATALOGUE_PAGE_SIZE).get_page(page_number)
    page.object_list = course_cards(
        CoursePage.objects.filter(pk__in=list(page.object_list)).order_by(*order)
    )
    return page


def curricula_under(*, page: Page) -> QuerySet[CurriculumPage]:
    """Curricula published directly under a city, district or school page."""
    return CurriculumPage.objects.child_of(page).live().public().prefetch_related("topics")


def children_of_any(queryset: QuerySet, parents: list[Page]) -> QuerySet:
    """Pages of `queryset` whose parent is one of `parents`, in one query. Tree ranges
    (path BETWEEN …) use the path index, as treebeard's own child lookups do; a LIKE on
    the path scans the page table on SQLite."""
    if not parents:
        return queryset.none()
    condition = Q()
    for parent in parents:
        condition |= Q(
            path__range=(parent.path, parent.path + "Z" * Page.steplen), depth=parent.depth + 1
        )
    return queryset.filter(condition)


def shared_curricula_for(*, page: Page) -> QuerySet[CurriculumPage]:
    """Curricula shared from the district and city above a school."""
    holders = list(page.get_ancestors().filter(depth__gte=2))
    return (
        children_of_any(CurriculumPage.objects.live().public(), holders)
        .prefetch_related("topics")
        .order_by("depth", "path")
    )


def featured_collections_for(*, page: Page) -> list[FeaturedCollectionPage]:
    """Collections showing today on `page`: those placed on it or on any home page above it,
    ordered by priority, each with its courses loaded."""
    today = timezone.localdate()
    holders = list(page.get_ancestors(inclusive=True).filter(depth__gte=2))
    collections = list(
        children_of_any(FeaturedCollectionPage.objects.live().public(), holders)
        .exclude(starts_on__gt=today)
        .exclude(ends_on__lt=today)
        .order_by("priority", "-depth", "pk")
    )
    courses = collection_courses(collections=collections)
    for collection in collections:
        collection.featured_courses = courses[collection.pk]
    return [c for c in collections if c.featured_courses]


def collection_courses(*, collections: list[FeaturedCollectionPage]) -> dict[int, list]:
    """Published courses of each collection, in the editor's order, in two queries."""
    items = list(
        FeaturedItem.objects.filter(collection__in=collections)
        .order_by("collection_id", "sort_order")
        .values_list("collection_id", "course_id")
    )
    courses = {
        course.pk: course
        for course in course_cards(live_courses().filter(pk__in={c for _, c in items}))
    }
    result: dict[int, list] = {collection.pk: [] for collection in collections}
    for collection_id, course_id in items:
        if course_id in courses:
            result[collection_id].append(courses[course_id])
    return result


def upcoming_activities(*, school_page: Page, limit: int = 10) -> QuerySet[ActivityPage]:
    return (
        ActivityPage.objects.child_of(school_page)
        .live()
        .public()
        .filter(ends_at__gte=timezone.now())
        .order_by("starts_at")[:limit]
    )
