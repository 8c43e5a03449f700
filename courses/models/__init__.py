from .activities import ActivityPage
from .curation import CatalogPage, FeaturedCollectionPage, FeaturedItem
from .pages import CoursePage, CurriculumPage, LessonAttachment, LessonPage
from .taxonomy import Lecturer, Topic

__all__ = [
    "ActivityPage",
    "CatalogPage",
    "CoursePage",
    "CurriculumPage",
    "FeaturedCollectionPage",
    "FeaturedItem",
    "Lecturer",
    "LessonAttachment",
    "LessonPage",
    "Topic",
]
