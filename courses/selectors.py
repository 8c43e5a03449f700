"""Reads for the public pages, shaped to run in a fixed number of queries."""

from decimal import Decimal

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
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


def courses_with_totals(courses: QuerySet[CoursePage]) -> QuerySet[CoursePage]:
    """Courses ready for a card: cover, lecturer, grades and topics loaded, with the
    number and class hours of their published lessons annotated."""
    lessons = live_lessons().filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
    hours = lessons.order_by().values("depth").annotate(total=Sum("class_hours")).values("total")
    count = lessons.order_by().values("depth").annotate(n=Count("pk")).values("n")
    return (
        courses.select_related("cover", "lecturer")
        .prefetch_related(
            Prefetch("grades", queryset=GradeLevel.objects.order_by("sort_order")),
            Prefetch("topics", queryset=Topic.objects.all()),
        )
        .annotate(
            lesson_count=Coalesce(Subquery(count), 0),
            total_class_hours=Coalesce(
                Subquery(hours, output_field=DecimalField(max_digits=6, decimal_places=2)),
                Decimal(0),
                output_field=DecimalField(max_digits=6, decimal_places=2),
            ),
        )
    )


def catalogue_page(*, filters: dict, page_number: str | None) -> PaginatorPage:
    courses = live_courses()
    if filters.get("grade"):
        courses = courses.filter(grades__code=filters["grade"])
    elif filters.get("stage"):
        courses = courses.filter(grades__stage=filters["stage"])
    if filters.get("topic"):
        courses = courses.filter(topics=filters["topic"])
    if filters.get("premium"):
        courses = courses.filter(is_premium=True)
    courses = courses_with_totals(courses.distinct()).order_by("-is_premium", "-first_published_at")
    return Paginator(courses, CATALOGUE_PAGE_SIZE).get_page(page_number)


def curricula_under(*, page: Page) -> QuerySet[CurriculumPage]:
    """Curricula published directly under a city, district or school page."""
    return CurriculumPage.objects.child_of(page).live().public().prefetch_related("topics")


def children_of_any(queryset: QuerySet, parents: list[Page]) -> QuerySet:
    """Pages of `queryset` whose parent is one of `parents`, in one query."""
    if not parents:
        return queryset.none()
    condition = Q()
    for parent in parents:
        condition |= Q(path__startswith=parent.path, depth=parent.depth + 1)
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
        for course in courses_with_totals(live_courses().filter(pk__in={c for _, c in items}))
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
